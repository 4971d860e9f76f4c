"""API settings, read at the edge (`dutygraph serve`, tests), never at import time."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from loaders.limits import ReadLimits, parse_size

DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024
T = TypeVar("T")


@dataclass(frozen=True)
class ApiSettings:
    token: str | None = None  # Bearer token for writes; None refuses every write
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    today: date | None = None  # fixed "today" for due-soon/overdue (tests, reports); None = the real date
    limits: ReadLimits = field(default_factory=ReadLimits)  # what reading one upload may cost

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ApiSettings:
        """Return settings from DUTYGRAPH_TOKEN, DUTYGRAPH_MAX_UPLOAD (e.g. 10MB) and the read limits
        (loaders.limits); raise SettingError naming the variable on a bad value."""
        env = os.environ if env is None else env
        given = {k: v for k, v in env.items() if k.startswith("DUTYGRAPH_") and v.strip()}
        return cls(token=env.get("DUTYGRAPH_TOKEN") or None,
                   max_upload_bytes=_get(given, "DUTYGRAPH_MAX_UPLOAD", parse_size, DEFAULT_MAX_UPLOAD),
                   limits=ReadLimits.from_env(env))

    def current_date(self) -> date:
        return self.today or date.today()


def _get(env: Mapping[str, str], name: str, parse: Callable[[str, str], T], default: T) -> T:
    return parse(env[name], name) if name in env else default

