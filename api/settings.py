"""API settings, read at the edge (`dutygraph serve`, tests), never at import time."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from graph.ledger.lights import LightSettings
from loaders.errors import SettingError
from loaders.limits import ReadLimits, parse_count, parse_size

DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024
T = TypeVar("T")


@dataclass(frozen=True)
class ApiSettings:
    token: str | None = None  # Bearer token for writes; None refuses every write
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    today: date | None = None  # fixed "today" for due-soon/overdue (tests, reports); None = the real date
    limits: ReadLimits = field(default_factory=ReadLimits)  # what reading one upload may cost
    parse_workers: int = 1  # processes parsing uploads at once; more uploads wait their turn
    parse_timeout: float = 60.0  # seconds one upload may take to read and parse
    page_workers: int = 2  # page and chart builds at once; more wait their turn
    yellow_days: int = 15  # a task due within this many days shows yellow (DUTYGRAPH_YELLOW_DAYS)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ApiSettings:
        """Return settings from DUTYGRAPH_TOKEN, DUTYGRAPH_MAX_UPLOAD (e.g. 10MB), DUTYGRAPH_PARSE_WORKERS,
        DUTYGRAPH_PARSE_TIMEOUT (seconds), DUTYGRAPH_PAGE_WORKERS, DUTYGRAPH_YELLOW_DAYS and the read limits
        (loaders.limits);
        raise SettingError naming the variable on a bad value."""
        env = os.environ if env is None else env
        given = {k: v for k, v in env.items() if k.startswith("DUTYGRAPH_") and v.strip()}
        return cls(token=env.get("DUTYGRAPH_TOKEN") or None,
                   max_upload_bytes=_get(given, "DUTYGRAPH_MAX_UPLOAD", parse_size, DEFAULT_MAX_UPLOAD),
                   limits=ReadLimits.from_env(env),
                   parse_workers=_get(given, "DUTYGRAPH_PARSE_WORKERS", parse_count, cls.parse_workers),
                   parse_timeout=_get(given, "DUTYGRAPH_PARSE_TIMEOUT", _seconds, cls.parse_timeout),
                   page_workers=_get(given, "DUTYGRAPH_PAGE_WORKERS", parse_count, cls.page_workers),
                   yellow_days=_get(given, "DUTYGRAPH_YELLOW_DAYS", parse_count, cls.yellow_days))

    def current_date(self) -> date:
        return self.today or date.today()

    def light_settings(self, as_of: date | None = None) -> LightSettings:
        """Return how lights are decided: as of `as_of` (default today), yellow within yellow_days."""
        return LightSettings(as_of or self.current_date(), self.yellow_days)


def _get(env: Mapping[str, str], name: str, parse: Callable[[str, str], T], default: T) -> T:
    return parse(env[name], name) if name in env else default


def _seconds(text: str, setting: str) -> float:
    try:
        value = float(text.strip().removesuffix("s"))
    except ValueError:
        value = -1.0
    if not 0 < value < 86_400:
        raise SettingError(f"{setting}={text!r} is not a number of seconds (e.g. 60)")
    return value
