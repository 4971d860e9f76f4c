"""Table cells as text shows them, and what a cell looks like it holds.

A table reaches the parser in one of these shapes (every span is into the normalised text):

- a row per line, cells split by a tab (DOCX and HTML as read), by `|` (`a | b |`, `| a | b |`),
  or by runs of two or more spaces;
- a cell per line (a table flattened to text), each cell ended by ` |` or by a line of `|`s
  (`||` is an empty cell), or not ended at all (bare lines: which lines form which cell is left
  to the reader, loaders.outline.tables).

`cell_scores` says how well a piece of text fits each kind of column, for the alignment of cells
to columns when a row has lost cells to merging or when cells are bare lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.phrases.clauses import ends_like_org, has_duty_verb, looks_like_org, parse_clauses
from loaders.phrases.deadlines import find_deadline
from loaders.phrases.names import is_collective, split_units
from loaders.vocab import load_yaml

Piece = tuple[int, int]  # a span of text: a cell, or one line of a cell


@dataclass(frozen=True)
class Cell:
    start: int
    end: int  # start == end: an empty cell that is there (not merged away)
    lines: tuple[Piece, ...] = ()  # the lines of a cell written over several lines

    @property
    def empty(self) -> bool:
        return self.start == self.end


_SPACE_RUN = re.compile(r"[ \t]{2,}")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")  # markdown ---|--- rule
_PIPES = re.compile(r"^\s*\|+\s*$")


def delimiter_of(line: str) -> str | None:
    """Return how a line splits into cells: tab, pipe, spaces, or None (one cell, or prose)."""
    if "\t" not in line and "|" not in line and "  " not in line:
        return None
    if "\t" in line.strip("\t "):
        return "tab"
    if line.count("|") >= 2 and not _PIPES.match(line):
        return "pipe"
    pieces = [p for p in _SPACE_RUN.split(line.strip().rstrip("|").strip()) if p]
    if len(pieces) >= 3 and sum(len(p) == 1 and not p.isdigit() for p in pieces) == 0:
        return "spaces"  # 王  伟 pads a name: single characters apart are not cells
    return None


def is_rule(line: str) -> bool:
    """True for a markdown table rule (---|---|) or a line of bare pipes."""
    return bool(_RULE.match(line) or _PIPES.match(line))


def split_row(text: str, start: int, end: int, delimiter: str) -> list[Cell]:
    """Return the cells of one row line, empty cells kept (a missing cell is simply not there)."""
    line = text[start:end]
    if delimiter == "tab":
        bounds = _bounds(line, re.finditer(r"\t", line))
    elif delimiter == "pipe":
        bounds = _bounds(line, re.finditer(r"\|", line))
        if line.lstrip().startswith("|"):
            bounds = bounds[1:]
        if line.rstrip().endswith("|") and bounds and not line[bounds[-1][0]:bounds[-1][1]].strip():
            bounds = bounds[:-1]
    else:
        bounds = _bounds(line, _SPACE_RUN.finditer(line))
    return [_trimmed(text, start + a, start + b) for a, b in bounds]


def _bounds(line: str, separators: object) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in separators:  # type: ignore[attr-defined]
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(line)))
    return out


def _trimmed(text: str, start: int, end: int) -> Cell:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    return Cell(start, end, ((start, end),) if end > start else ())


# -- what a cell holds ---------------------------------------------------------------------------------

_NUMBER = re.compile(r"^\d{1,4}[.*＊]?$")  # 1* marks a task the city leads
_ITEM_NUMBER = re.compile(r"^(?:\d{1,3}[.、](?!\d)|\(\d{1,3}\)|[①-⑳])")
_CN = "一二三四五六七八九十"
_SECTION = re.compile(rf"^(?:[{_CN}]{{1,3}}、|\([{_CN}]{{1,3}}\)|第[{_CN}]+[部分章节])")
_PERSON_PIECE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


@lru_cache(maxsize=8192)
def cell_type(text: str) -> str:
    """Return what a cell's text looks like: empty, num, date, unit, person, section or text."""
    t = text.strip().rstrip("|").strip()
    if not t:
        return "empty"
    if _NUMBER.match(t):
        return "num"
    if _SECTION.match(t) and len(t) < 40:
        return "section"
    if len(t) <= 24 and "。" not in t and _is_date(t):
        return "date"
    if len(t) <= 30 and _PROGRESS.search(t):
        return "status"
    if _is_person(t):
        return "person"
    if _is_units(t):
        return "unit"
    return "text"


def _is_date(t: str) -> bool:
    """A cell that is a time (2021年底前, 长期坚持, 5月底前动工), not a status that holds one."""
    found = find_deadline(t, from_field=True)
    if found is None or _STATUS.search(t) or len(found.raw) < len(t) - 4:
        return False
    return found.month is not None or found.kind != "by" or found.year is not None and len(t) <= 8


_STATUS = re.compile(r"截至|截止|已|正在|完成了|完成年度|完成投资|进度")
# A cell that reports progress: 按序时推进, 已完成, 前期工作已启动, 截至6月底完成投资4亿元.
_PROGRESS = re.compile(r"^(?:已|正在|按序时|序时|推进中|截至|截止|前期工作|未开工|未完成|基本完成|全面完成|达到序时|"
                       r"完成年度|完成全年|完成投资|进展顺利)")
_DEPARTMENT_CHAR = re.compile(r"[局委办厅院部会联协社队站所室处团]$")


@lru_cache(maxsize=1)
def _task_openers() -> tuple[str, ...]:
    return tuple(load_yaml("cells.yaml")["task_openers"])


def _is_units(t: str) -> bool:
    """Units listed (市财政局、市税务局), or units in clauses (市发改委牵头落实)."""
    if "。" in t or len(t) > 160 or t.startswith(_task_openers()):
        return False
    if has_duty_verb(t):
        clause_units, _ = parse_clauses(t, 0, len(t))
        return bool(clause_units)
    units = split_units(t.lstrip("★☆▲"))
    return bool(units) and all(looks_like_org(u) for u in units)


def _is_person(t: str) -> bool:
    """Names of two to four characters (王  伟 padded to align, 马东升、张  伟, 王伟 李明), and
    nothing that ends like a unit."""
    names: list[str] = []
    for piece in re.split(r"[、,;/\n]+", t):
        words = piece.split()
        if not words:
            continue
        if len(words) > 1 and all(len(w) >= 2 for w in words):
            names.extend(words)
        else:
            names.append("".join(words))
    # a name may be a place's (常州, 宁波): only a department's ending makes a two-character name a unit
    return 0 < len(names) <= 6 and all(
        _PERSON_PIECE.match(n) and not is_collective(n)
        and not (_DEPARTMENT_CHAR.search(n) if len(n) == 2 else ends_like_org(n))
        for n in names)


# How well a cell of each look fits a column of each kind (rows: column kinds; columns: cell looks).
_FIT: dict[str, dict[str, float]] = {
    "num":      {"num": 4, "empty": 0, "date": -6, "unit": -6, "person": -6, "section": -6, "text": -6, "status": -6},
    "task":     {"num": -3, "empty": 0, "date": -2, "unit": -2, "person": -1, "section": 1, "text": 2, "status": -1},
    "problem":  {"num": -3, "empty": 0, "date": -2, "unit": -2, "person": -1, "section": 1, "text": 1.5, "status": -1},
    "unit":     {"num": -5, "empty": 0, "date": -4, "unit": 3, "person": -2, "section": -4, "text": -3, "status": -3},
    "person":   {"num": -4, "empty": 0, "date": -3, "unit": -2, "person": 3, "section": -4, "text": -2, "status": -3},
    "time":     {"num": -4, "empty": 0, "date": 3, "unit": -3, "person": -3, "section": -4, "text": -2, "status": -1},
    "count":    {"num": 3, "empty": 0, "date": -2, "unit": -3, "person": -3, "section": -4, "text": -1, "status": -1},
    "remark":   {"num": -2, "empty": 0, "date": 1, "unit": -1, "person": -1, "section": -2, "text": 0.5, "status": 1},
    "progress": {"num": -2, "empty": 0, "date": 0.2, "unit": -1, "person": -1, "section": -2, "text": 0.5, "status": 2},
    "other":    {"num": -1, "empty": 0, "date": 0, "unit": -0.5, "person": -0.5, "section": -2, "text": 0.5,
                 "status": 0.5},
}
_FAMILY = {"lead": "unit", "co": "unit", "mixed": "unit", "ignore": "other"}


def fit(column_kind: str, text: str) -> float:
    """Return how well `text` fits a column of `column_kind` (higher is better)."""
    look = cell_type(text)
    family = _FAMILY.get(column_kind, column_kind)
    score = _FIT[family][look]
    if look == "text":
        length = min(len(text) / 20, 2)
        opener = opens_task(text)
        if family in ("task", "problem"):
            score += length + (1 if opener else 0)
        elif family in ("progress", "remark", "other"):
            score += 0.75 * length - (1 if opener else 0)
    return score


def opens_task(text: str) -> bool:
    """True when text opens like a task: its own item number, or a verb (加快…, 建立…)."""
    return is_item_text(text) or text.lstrip().startswith(_task_openers())


def is_item_text(text: str) -> bool:
    """True when a cell begins with its own item number (1.地区生产总值…)."""
    return bool(_ITEM_NUMBER.match(text.strip()))


def is_section(text: str) -> bool:
    return cell_type(text) == "section"
