"""Deadlines: 2020年6月底前, 2021年9月30日前, 2020年底前, 12月底前, 年6月底前 (digits lost),
每年12月底前 (recurring), 长期坚持 / 持续推进 (ongoing), 全年. A bare year that scopes a target
(2020年贷款增速不低于30%) is not a deadline."""

from __future__ import annotations

import re
from dataclasses import replace

from loaders.records import Deadline, DeadlineKind, Span

YEARS = (1949, 2100)  # years a deadline can be in
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10}
_YEAR = r"(?P<year>\d{4}|[〇零一二三四五六七八九]{4})?[ \t]{0,2}年"
_END = r"(?:底|末|中旬|上旬|下旬|初|份)?"
_BEFORE = r"(?:前|之前|以前|内)?"

_DATE = re.compile(
    r"(?P<every>每年)?(?:" + _YEAR + r")?[ \t]{0,2}(?<![\d.])(?P<month>1[0-2]|0?[1-9])[ \t]{0,2}月"
    r"(?:[ \t]{0,2}(?P<day>[12]\d|3[01]|0?[1-9])[ \t]{0,2}日)?" + _END + _BEFORE
)
_YEAR_END = re.compile(
    r"(?:(?P<year>\d{4})[ \t]{0,2}年[ \t]{0,2}(?:底|末|内)"
    r"|(?<![一二三四五六七八九十两几多\d今明去当每])年[ \t]{0,2}(?:底|末))" + _BEFORE
)
_YEAR_BEFORE = re.compile(r"(?P<year>\d{4})[ \t]{0,2}年[ \t]{0,2}(?:前|之前|以前)")
_RANGE = re.compile(r"(?P<y1>\d{4})[ \t]{0,2}[-—–~至到][ \t]{0,2}(?P<year>\d{4})[ \t]{0,2}年")
_QUARTER = re.compile(r"(?P<year>\d{4})?[ \t]{0,2}年?[ \t]{0,2}(?:第)?(?P<q>[一二三四1-4])[ \t]{0,2}季度(?:末|底)?"
                      + _BEFORE)
_HALF = re.compile(r"(?P<year>\d{4})?[ \t]{0,2}年?[ \t]{0,2}(?P<h>上半年|下半年)(?:末|底)?" + _BEFORE)
_NUMERIC = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[ \t]{0,2}[.\-/][ \t]{0,2}(?P<month>1[0-2]|0?[1-9])"
                      r"(?:[ \t]{0,2}[.\-/][ \t]{0,2}(?P<day>[12]\d|3[01]|0?[1-9]))?(?!\d)" + _BEFORE)
_ONGOING = re.compile(
    r"长期坚持|长期推进|长期执行|持续推进|持续开展|常态化推进|长期|持续|常态化|立行立改|即知即改|立即整改"
)
# a time field 全年: by the year's end
_WHOLE_YEAR = re.compile(r"^(?:(?P<year>\d{4})[ \t]{0,2}年)?[ \t]{0,2}全年(?:内)?$")
# A date after these is a status (截至5月底, …), not a deadline.
_STATUS_BEFORE = re.compile(r"(?:截至|截止|截止到|截至到|到目前|至今)[ \t]{0,2}$")
# In running text a dated phrase is a deadline when it says "by" (底前, 月末, 以内, 9月30日) or is
# followed by the completing verb (2021年6月出台), not when it tells what happened (2019年11月举办).
_BY_WORDS = re.compile(r"[前底末内旬日]")
_DONE_AFTER = re.compile(r"[ \t]{0,2}(?:完成|建成|到位|实现|出台|印发|落地|投用|投入使用|全面|基本|开工|竣工|上线|启动"
                         r"|前)")
_RECURRING = re.compile(r"每(?:季度|月|半年|年)")


def find_deadline(text: str, offset: int = 0, from_field: bool = False) -> Deadline | None:
    """Return the deadline `text` states (the last dated phrase wins), or None.

    `from_field` is True for the value of a time field (整改时限:…), where any form counts."""
    dated = _last_dated(text, from_field)
    if dated is not None:
        return _shift(dated, offset)
    whole_year = _WHOLE_YEAR.match(text.strip()) if from_field else None
    if whole_year:
        start = text.find(whole_year.group(0))
        return Deadline(whole_year.group(0), _year_value(whole_year["year"]), 12, None, "by", False,
                        Span(offset + start, offset + start + len(whole_year.group(0))))
    if from_field:
        ongoing = _ONGOING.search(text) or _RECURRING.search(text)
        if ongoing:
            kind: DeadlineKind = "recurring" if ongoing.re is _RECURRING else "ongoing"
            return Deadline(ongoing.group(0), None, None, None, kind, False,
                            Span(offset + ongoing.start(), offset + ongoing.end()))
        if text.strip():
            raw = text.strip()
            start = text.find(raw)
            return Deadline(raw, None, None, None, "by", False, Span(offset + start, offset + start + len(raw)))
    return None


def _last_dated(text: str, from_field: bool) -> Deadline | None:
    candidates: list[tuple[int, Deadline]] = []
    for m in _DATE.finditer(text):
        if not from_field and (not _has_deadline_sense(m, text) or _is_status(text, m.start())):
            continue
        kind: DeadlineKind = "recurring" if m["every"] else "by"
        day = int(m["day"]) if m["day"] else None
        candidates.append((m.start(), _make(m, kind, int(m["month"]), day)))
    for m in _YEAR_END.finditer(text):
        if from_field or not _is_status(text, m.start()):
            candidates.append((m.start(), _make(m, "by", 12, None)))
    for m in _RANGE.finditer(text):
        if re.match(r"[ \t]{0,2}(?:底|末|前|之前|内)", text[m.end():]):
            candidates.append((m.start(), _make(m, "by", 12, None)))
    for m in _YEAR_BEFORE.finditer(text):
        candidates.append((m.start(), _make(m, "by", None, None)))
    for m in _QUARTER.finditer(text):
        candidates.append((m.start(), _make(m, "by", 3 * _digit(m["q"]), None)))
    for m in _HALF.finditer(text):
        candidates.append((m.start(), _make(m, "by", 6 if m["h"] == "上半年" else 12, None)))
    if from_field:  # 2020.12 / 2020-06-30 only where a time is expected
        for m in _NUMERIC.finditer(text):
            day = int(m["day"]) if m["day"] else None
            candidates.append((m.start(), _make(m, "by", int(m["month"]), day)))
    # a year outside 1949–2100 (0000, 9999) is a typing error, not a date: no dated deadline
    candidates = [c for c in candidates if c[1].year is None or YEARS[0] <= c[1].year <= YEARS[1]]
    if not candidates:
        return None
    # Overlapping matches (年12月底前 inside 2020年12月底前): keep the one that starts first per end.
    candidates.sort(key=lambda c: (c[1].span.end, c[0]))
    return candidates[-1][1]


def _is_status(text: str, pos: int) -> bool:
    return bool(_STATUS_BEFORE.search(text[max(0, pos - 6):pos]))


def _has_deadline_sense(m: re.Match[str], text: str) -> bool:
    """A dated phrase in running text is a deadline with 前/底/末 … or a day (12月底前, 9月30日), or
    followed by the verb that completes the work (2021年6月出台)."""
    return bool(_BY_WORDS.search(m.group(0))) or bool(_DONE_AFTER.match(text, m.end()))


def _make(m: re.Match[str], kind: DeadlineKind, month: int | None, day: int | None) -> Deadline:
    year = _year_value(m.groupdict().get("year"))
    if kind == "recurring":
        year = None
    return Deadline(m.group(0).strip(), year, month, day, kind, False, Span(m.start(), m.end()))


def _digit(raw: str) -> int:
    return int(raw) if raw.isdigit() else "一二三四".index(raw) + 1


def _year_value(raw: str | None) -> int | None:
    if not raw:
        return None
    if raw.isdigit():
        return int(raw)
    return int("".join(str(_CN_DIGITS[ch]) for ch in raw))


def _shift(deadline: Deadline, offset: int) -> Deadline:
    return replace(deadline, span=Span(deadline.span.start + offset, deadline.span.end + offset))


def with_year(deadline: Deadline, year: int | None) -> Deadline:
    """Return `deadline` with a missing year filled from the document's year (marked inferred)."""
    if deadline.year is not None or year is None or deadline.kind != "by" or deadline.month is None:
        return deadline
    return replace(deadline, year=year, year_inferred=True)


# A document number: 浙政办发〔2020〕5号, 东政 [2020] 18号. Cited ones stand in brackets after a title.
_DOC_NUMBER = re.compile(r"[〔\[(【][ \t]{0,2}(?P<year>(?:19|20)\d{2})[ \t]{0,2}[〕\])】][ \t]{0,2}第?[ \t]{0,2}"
                         r"\d+[ \t]{0,2}号")
_DAY_MONTH = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_SIGNATURE = re.compile(r"^[ \t]*(?P<year>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})[ \t]*年[ \t]*"
                        + _DAY_MONTH + r"[ \t]*月[ \t]*" + _DAY_MONTH + r"[ \t]*日[ \t]*$", re.M)
_META_DATE = re.compile(r"(?:成文日期|发文日期|印发日期|发布日期|生成日期)[ \t]*[:|]?[ \t|]*"
                        r"(?P<year>(?:19|20)\d{2})[-./年]")
_TITLE_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)")
_RANGE_IN_TITLE = re.compile(r"(?:19|20)\d{2}[ \t]{0,2}[-—–~至到][ \t]{0,2}(?:19|20)\d{2}")


def document_year(text: str, title: str) -> tuple[int | None, str | None]:
    """Return the document's year and where it came from: the one year its title names (2021年
    重点工作), its own 〔2020〕 number (not a cited document's, which stands in brackets after a
    title), a dated signature or date line, or its metadata's date."""
    years = set(_TITLE_YEAR.findall(title))
    if len(years) == 1 and not _RANGE_IN_TITLE.search(title):
        return int(years.pop()), "title"
    own = _own_number(text)
    if own is not None:
        return own, "number"
    signatures = list(_SIGNATURE.finditer(text))
    if signatures:
        return _year_value(signatures[0]["year"]), "signature"
    meta = _META_DATE.search(text[:5000])
    if meta:
        return int(meta["year"]), "signature"
    if years:
        return min(int(y) for y in years), "title"
    return None, None


def _own_number(text: str) -> int | None:
    """Return the year of the document's own number: the first one not cited inside brackets."""
    for m in _DOC_NUMBER.finditer(text[:6000]):
        before = text[max(0, m.start() - 30):m.start()]
        opened = before.rfind("(") > before.rfind(")")
        if not opened and "》" not in before[-3:]:
            return int(m["year"])
    return None
