"""Deadline keys every store indexes, and the date maths queries do on them.

A deadline with a month gets a month-day key (MMDD, the day clamped to the month's last day, so
6月底前 is 0630); with a year it also gets a date key (YYYYMMDD). Years outside 1949–2100 are
not dates (a typo, or 0000/9999 in a document): such a deadline is treated as one whose year is
unknown, and no date maths ever runs on it."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

FIRST_YEAR, LAST_YEAR = 1949, 2100


def valid_year(year: object) -> int | None:
    """Return `year` when it is a plausible deadline year (1949–2100), else None."""
    if isinstance(year, int) and not isinstance(year, bool) and FIRST_YEAR <= year <= LAST_YEAR:
        return year
    return None


def _last_day(year: int | None, month: int) -> int:
    return calendar.monthrange(year or 2000, month)[1]  # 2000 is a leap year: 29 February stays possible


def due_keys(year: object, month: object, day: object, kind: object) -> dict[str, int]:
    """Return the sortable keys of a deadline: due_md (MMDD) when it has a month, and due_sort
    (YYYYMMDD) when its year is a valid one too. Ongoing or month-less deadlines have none."""
    if kind == "ongoing" or not isinstance(month, int) or not 1 <= month <= 12:
        return {}
    known = valid_year(year)
    last = _last_day(known, month)
    clamped = min(day, last) if isinstance(day, int) and day >= 1 else last
    keys = {"due_md": month * 100 + clamped}
    if known is not None:
        keys["due_sort"] = known * 10000 + keys["due_md"]
    return keys


def date_key(day: date) -> int:
    """Return YYYYMMDD of a date, comparable with due_sort."""
    return day.year * 10000 + day.month * 100 + day.day


def month_key(props: dict[str, Any]) -> str:
    """Return the month a task falls due in: YYYY-MM, ????-MM (year unknown), ongoing or none."""
    if props.get("deadline_kind") == "ongoing":
        return "ongoing"
    month = props.get("due_month")
    if not isinstance(month, int) or not 1 <= month <= 12:
        return "none"
    year = valid_year(props.get("due_year"))
    return f"{year:04d}-{month:02d}" if year else f"????-{month:02d}"


def last_day_of(props: dict[str, Any]) -> date | None:
    """Return the last day a task may be done on (dated deadlines only), else None."""
    key = due_keys(props.get("due_year"), props.get("due_month"), props.get("due_day"),
                   props.get("deadline_kind")).get("due_sort")
    return date(key // 10000, key // 100 % 100, key % 100) if key else None
