"""Periods a question names (6月底前, 12月15日前, 本月, 下季度, 年底前, 本周, 30天内, June, this
month …) as the days they cover, as of a day. A month or day written without its year is in the
year of as_of, and the answer says so; nothing is ever compared by month alone.

    >>> window(Period(month=6), date(2026, 3, 2)).text
    '2026年6月 (no year in the question: the year of the day asked, 2026)'
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

RELATIVE = ("this_month", "next_month", "last_month", "this_quarter", "next_quarter", "this_year", "year_end",
            "this_week", "next_week", "days")


@dataclass(frozen=True)
class Period:
    """What a question said: a month (6月, 6月底前, June), a day (12月15日前), or a period relative
    to the day asked (`relative`: one of RELATIVE; `days` with a number: 30天内)."""

    month: int | None = None
    day: int | None = None
    year: int | None = None
    relative: str | None = None
    days: int | None = None
    up_to: bool = False  # 截至6月底: every dated deadline of the year up to then, not the month alone


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    text: str  # how the period was read, for the answer
    year_assumed: bool = False

    def as_json(self) -> dict[str, object]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "read_as": self.text,
                "year_assumed": self.year_assumed}


def window(period: Period, as_of: date) -> Window:
    """Return the days `period` covers, as of `as_of`."""
    if period.relative is not None:
        return _relative(period, as_of)
    assert period.month is not None
    year = period.year or as_of.year
    assumed = "" if period.year else f" (no year in the question: the year of the day asked, {as_of.year})"
    last = calendar.monthrange(year, period.month)[1]
    end = date(year, period.month, min(period.day or last, last))
    start = date(year, 1, 1) if period.up_to else date(year, period.month, 1)
    what = f"{year}年{period.month}月{f'{period.day}日' if period.day else ''}"
    return Window(start, end, (f"{year}年1月1日至{what}" if period.up_to else what) + assumed, not period.year)


def _relative(period: Period, as_of: date) -> Window:
    kind = period.relative
    if kind in ("this_month", "next_month", "last_month"):
        first = as_of.replace(day=1)
        if kind == "next_month":
            first = (first + timedelta(days=32)).replace(day=1)
        elif kind == "last_month":
            first = (first - timedelta(days=1)).replace(day=1)
        end = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return Window(first, end, f"{first.year}年{first.month}月")
    if kind in ("this_quarter", "next_quarter"):
        quarter = (as_of.month - 1) // 3 + (1 if kind == "next_quarter" else 0)
        year = as_of.year + quarter // 4
        first = date(year, (quarter % 4) * 3 + 1, 1)
        last_month = first.month + 2
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
        return Window(first, end, f"{year}年第{quarter % 4 + 1}季度")
    if kind in ("this_year", "year_end"):
        return Window(date(as_of.year, 1, 1), date(as_of.year, 12, 31), f"{as_of.year}年")
    if kind in ("this_week", "next_week"):
        monday = as_of - timedelta(days=as_of.weekday()) + timedelta(days=7 if kind == "next_week" else 0)
        sunday = monday + timedelta(days=6)
        return Window(monday, sunday, f"{monday.isoformat()}至{sunday.isoformat()}")
    if kind == "days":
        days = max(0, min(period.days or 0, 3660))
        end = as_of + timedelta(days=days)
        return Window(as_of, end, f"{as_of.isoformat()}起{days}天内")
    raise ValueError(f"unknown period {kind!r}")


_ZH_RELATIVE = {"本月": "this_month", "这个月": "this_month", "当月": "this_month", "这月": "this_month",
                "下月": "next_month", "下个月": "next_month", "上月": "last_month", "上个月": "last_month",
                "本季度": "this_quarter", "这个季度": "this_quarter", "本季": "this_quarter", "当季": "this_quarter",
                "下季度": "next_quarter", "下个季度": "next_quarter", "今年": "this_year", "本年": "this_year",
                "本年度": "this_year", "年内": "this_year", "今年内": "this_year", "年底前": "year_end",
                "年底": "year_end", "年末": "year_end", "今年底": "year_end", "今年年底": "year_end",
                "本周": "this_week", "这周": "this_week", "这个星期": "this_week", "本星期": "this_week",
                "下周": "next_week", "下个星期": "next_week", "下星期": "next_week"}
_EN_RELATIVE = {"this month": "this_month", "next month": "next_month", "last month": "last_month",
                "this quarter": "this_quarter", "next quarter": "next_quarter", "this year": "this_year",
                "the end of the year": "year_end", "the end of this year": "year_end", "year end": "year_end",
                "year-end": "year_end", "this week": "this_week", "next week": "next_week"}


def relative_word(text: str) -> str | None:
    """Return the RELATIVE kind a word names (本月, 下季度, this month …), or None."""
    return _ZH_RELATIVE.get(text) or _EN_RELATIVE.get(text.lower())
