"""The supervision terms an office acts on, each defined once. Every answer uses these: the /tasks
filters, /ask, an agency's load and the ranking, lights, the ledger and its workbook, the home
page, exports and the command line, on both stores (the engines' statements in graph/stores/sql.py
and cypher.py implement the same definitions; tests/graph/test_terms_contract.py holds every way of
asking to the same sets).

    term          meaning, as of a day (as_of)
    done          the latest progress reported on or before as_of says 已完成 or 已销号
    overdue       a dated deadline (its year known) before as_of, and not done      — the red light
    due soon      a dated deadline from as_of to as_of + yellow_days, and not done  — the yellow light
    year unknown  a deadline with a month but no known year: never compared by month, named apart
    green         done, or a dated deadline after the due-soon window
    grey          not done, and no dated deadline (none, ongoing, or its year unknown)

Progress counts as of the day it was reported (报告日期): a light as of a past day never sees a
report made after it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Literal

from graph import dates

STATUSES = ("未开始", "推进中", "已完成", "已销号")  # not started, in progress, done, closed (signed off)
DONE = ("已完成", "已销号")
LIGHTS = ("red", "yellow", "green", "grey")
Light = Literal["red", "yellow", "green", "grey"]
DEFAULT_YELLOW_DAYS = 15

# How offices write the four statuses in their sheets and notes. A word not here is refused with
# the list, never guessed.
STATUS_WORDS = {
    "未开始": ("未开始", "尚未开始", "未启动", "尚未启动", "未开展", "待启动"),
    "推进中": ("推进中", "进行中", "正在推进", "正在进行", "正在办理", "办理中", "在办", "持续推进", "推进", "进行",
             "未完成"),
    "已完成": ("已完成", "完成", "已办结", "办结", "已整改", "已完成整改", "整改完成", "已落实"),
    "已销号": ("已销号", "销号", "已销账"),
}
_STATUS_OF = {word: status for status, words in STATUS_WORDS.items() for word in words}
_SPACE = re.compile(r"\s+")  # 已 完成, a status typed with a space


def canonical_status(text: str) -> str | None:
    """Return which of the four statuses `text` names (进行中 → 推进中, 已办结 → 已完成 …), or None."""
    return _STATUS_OF.get(_SPACE.sub("", text))


def due_of(props: dict[str, Any]) -> tuple[date | None, bool]:
    """Return a task's last day and whether its year is known. Only a 'by' deadline (…前, 完成时限)
    has a last day: an ongoing (长期坚持) or recurring (每季度) one is never overdue."""
    if props.get("deadline_kind") not in ("by", None) or not isinstance(props.get("due_month"), int):
        return None, False
    known = dates.valid_year(props.get("due_year")) is not None
    return dates.last_day_of(props), known


def year_unknown(props: dict[str, Any]) -> bool:
    """True when a task has a month-dated deadline but no valid year (it cannot be placed in time)."""
    _, known = due_of(props)
    return not known and props.get("deadline_kind") != "ongoing" and isinstance(props.get("due_month"), int)


def is_done(status: str | None) -> bool:
    """True when the latest status (as of the day asked) says the task is done."""
    return status in DONE


def light(due: date | None, year_known: bool, status: str | None, as_of: date, yellow_days: int) -> Light:
    """Return a task's light as of `as_of` from its last day, whether that day's year is known, and
    its latest status as of `as_of` (see the table above)."""
    if is_done(status):
        return "green"
    if due is None or not year_known:
        return "grey"
    if due < as_of:
        return "red"
    if due <= due_soon_until(as_of, yellow_days):
        return "yellow"
    return "green"


def task_light(props: dict[str, Any], status: str | None, as_of: date, yellow_days: int) -> Light:
    """Return the light of a task from its properties and its latest status as of `as_of`."""
    due, known = due_of(props)
    return light(due, known, status, as_of, yellow_days)


def due_soon_until(as_of: date, yellow_days: int) -> date:
    """Return the last day of the due-soon window that starts on `as_of`."""
    return as_of + timedelta(days=yellow_days)


def display_deadline(props: dict[str, Any]) -> str | None:
    """Return the deadline as a person should read it: as written, with its year once the year is
    known but was not written (年6月底前 or 6月底前 → 2021年6月底前). The raw text stays in the
    task's provenance."""
    raw = props.get("deadline_raw")
    if not isinstance(raw, str) or not raw:
        return raw if isinstance(raw, str) else None
    year = dates.valid_year(props.get("due_year"))
    if year is None or props.get("deadline_kind") == "ongoing" or re.search(r"\d{4}\s*年", raw):
        return raw
    return f"{year}年{raw.lstrip('年')}"
