"""API settings, read at the edge (`dutygraph serve`, tests), never at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024


@dataclass(frozen=True)
class ApiSettings:
    token: str | None = None  # Bearer token for writes; None refuses every write
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    today: date | None = None  # fixed "today" for due-soon/overdue (tests, reports); None = the real date

    @classmethod
    def from_env(cls) -> ApiSettings:
        """Return settings from DUTYGRAPH_TOKEN and DUTYGRAPH_MAX_UPLOAD."""
        return cls(token=os.environ.get("DUTYGRAPH_TOKEN") or None,
                   max_upload_bytes=int(os.environ.get("DUTYGRAPH_MAX_UPLOAD", DEFAULT_MAX_UPLOAD)))

    def current_date(self) -> date:
        return self.today or date.today()
