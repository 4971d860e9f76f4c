"""Spreadsheet sheets → the text the parser reads: title and note lines, then the table as tab rows
(the shape DOCX and HTML tables arrive in), so a sheet goes through the same header-driven table
rules as every other table (loaders.outline.tables), and each cell's place in that text is remembered.

What a sheet needs before its rows read like a Word table:

- merged cells are expanded: a value merged down over several rows belongs to each of them (a
  merged 牵头单位 over three rows applies to all three); merged across, it stays in its first
  column (a title over the whole width is one line), except in the header, where a group word
  spans the words under it;
- hidden rows, empty rows and empty columns are left out;
- the header is looked for in the first rows; the rows above it are the title and preamble,
  written as plain lines;
- a header split over two rows (责任单位 over 牵头 / 配合) is joined into one row of header words
  (牵头责任单位 / 配合责任单位);
- sheets after the first start with a line `附表 NAME`, which ends the table before them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from loaders.outline.cells import cell_type
from loaders.outline.tables import is_header_row
from loaders.phrases.labels import header_kind
from loaders.records import CellLocation, Span

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based, inclusive)
_HEADER_SEARCH = 30  # rows (visible, not empty) in which a header is looked for
_SUBHEADER_CELL_MAX = 10
_HEADER_CELL_MAX = 16
_SPACES = re.compile(r"\s+")


@dataclass
class Sheet:
    """One sheet as read: cell texts by row and column, 0-based from the sheet's top left."""

    name: str | None  # None for a .csv file
    rows: list[list[str]]
    merges: list[Merge] = field(default_factory=list)
    hidden_rows: frozenset[int] = frozenset()


def sheets_text(sheets: list[Sheet]) -> tuple[str, tuple[CellLocation, ...]]:
    """Return the text of the sheets and where each cell's text sits in it."""
    writer = _Writer()
    for index, sheet in enumerate(sheets):
        if index and writer.parts:
            writer.line([(f"附表 {sheet.name or index + 1}", None)])
        _write_sheet(writer, sheet)
    return writer.text(), tuple(writer.locations)


def column_letter(index: int) -> str:
    """Return the spreadsheet letters of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: str) -> str:
    """A cell's text on one line: line breaks and runs of spaces inside a cell become one space."""
    return _SPACES.sub(" ", value).strip()


# -- one sheet ------------------------------------------------------------------------------------

Where = tuple[str | None, int, int]  # sheet, row, column (0-based)
Piece = tuple[str, Where | None]


def _write_sheet(writer: _Writer, sheet: Sheet) -> None:
    grid, spans_right = _expanded(sheet)
    rows = [r for r in range(len(grid)) if r not in sheet.hidden_rows and any(grid[r])]
    header = _find_header(grid, rows, spans_right)
    start = rows.index(header[0]) if header else len(rows)
    for r in rows[:start]:
        writer.line([(text, (sheet.name, r, c)) for c, text in enumerate(grid[r]) if text], sep=" ")
    if header is None:
        return
    body = rows[start + len(header[1]):]
    joined = header[2]
    width = max(len(joined), *(len(grid[r]) for r in body)) if body else len(joined)
    columns = [c for c in range(width) if _cell(joined, c) or any(_at(grid, r, c) for r in body)]
    writer.line([(_cell(joined, c), (sheet.name, header[0], c)) for c in columns], sep="\t")
    for r in body:
        cells = [(_at(grid, r, c), (sheet.name, r, c)) for c in columns]
        filled = [piece for piece in cells if piece[0]]
        if len(filled) == 1 and cells[0][0]:
            writer.line(filled)  # a section or note line across the table (一、产业发展; 注:…)
        else:
            writer.line(cells, sep="\t")


def _at(grid: list[list[str]], r: int, c: int) -> str:
    row = grid[r]
    return row[c] if c < len(row) else ""


def _expanded(sheet: Sheet) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """Return the grid with merged values given to the rows they cover (in their first column),
    and the cells a merge covers to the right of its first column (for the header's group words)."""
    width = max((len(row) for row in sheet.rows), default=0)
    grid = [[cell_text(v) for v in row] + [""] * (width - len(row)) for row in sheet.rows]
    spans_right: set[tuple[int, int]] = set()
    for r1, c1, r2, c2 in sheet.merges:
        if r1 >= len(grid) or c1 >= width:
            continue
        value = grid[r1][c1]
        for r in range(r1, min(r2, len(grid) - 1) + 1):
            grid[r][c1] = value
            spans_right.update((r, c) for c in range(c1 + 1, min(c2, width - 1) + 1))
    return grid, spans_right


# -- the header -----------------------------------------------------------------------------------

def _find_header(grid: list[list[str]], rows: list[int], spans_right: set[tuple[int, int]]
                 ) -> tuple[int, list[int], list[str]] | None:
    """Return (first header row, its rows, the header's words by column) for the first row in the
    first rows that names a table's columns, alone or joined with the row under it."""
    for k, r in enumerate(rows[:_HEADER_SEARCH]):
        top = _filled_right(grid[r], r, spans_right)
        if k + 1 < len(rows):
            below = grid[rows[k + 1]]
            joined = _joined_header(top, below, grid[r])
            if joined is not None and is_header_row([w for w in joined if w]):
                return r, [r, rows[k + 1]], joined
        if is_header_row([w for w in grid[r] if w]):
            return r, [r], list(grid[r])
    return None


def _filled_right(row: list[str], r: int, spans_right: set[tuple[int, int]]) -> list[str]:
    """The header row with a merged group word repeated over the columns it spans; a .csv has no
    merges, so an empty cell right of a word stands for the same span."""
    out = list(row)
    for c in range(1, len(out)):
        if not out[c] and ((r, c) in spans_right or out[c - 1]):
            out[c] = out[c - 1]
    return out


def _joined_header(top: list[str], below: list[str], own: list[str]) -> list[str] | None:
    """Return one row of header words from a group row over a row of its parts (责任单位 over
    牵头 / 配合), or None when the row below is not such parts: each of its words must sit under a
    group word that spans more than its own column, and be a short word, not data."""
    parts = [c for c, word in enumerate(below) if word and word != _cell(own, c)]
    words = [w for w in own if w]
    if not parts or len(words) < 2 or any(len(w) > _HEADER_CELL_MAX for w in words):
        return None  # a title or a note over the table's width is no group row
    for c in parts:
        spanning = not _cell(own, c) or (c + 1 < len(top) and top[c + 1] == top[c] and not _cell(own, c + 1))
        if not top[c] or not spanning or len(below[c]) > _SUBHEADER_CELL_MAX or cell_type(below[c]) in (
                "num", "date"):
            return None
    return [_join_words(_cell(top, c), below[c]) if c in parts else _cell(own, c)
            for c in range(max(len(top), len(below)))]


def _cell(row: list[str], c: int) -> str:
    return row[c] if c < len(row) else ""


def _join_words(group: str, part: str) -> str:
    """牵头 under 责任单位 → 牵头责任单位; 牵头单位 under 责任单位 → 牵头单位 (already a column word)."""
    for words in (part, part + group, group + part):
        if header_kind(words) != "other":
            return words
    return group + part


# -- writing --------------------------------------------------------------------------------------

class _Writer:
    """Builds the text a line at a time, with the location of every cell written."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0
        self.locations: list[CellLocation] = []

    def line(self, pieces: Sequence[Piece], sep: str = " ") -> None:
        if self.parts:
            self._put("\n")
        for i, (text, where) in enumerate(pieces):
            if i:
                self._put(sep)
            if where is not None and text:
                sheet, row, col = where
                self.locations.append(CellLocation(Span(self.offset, self.offset + len(text)), sheet, row + 1,
                                                   column_letter(col)))
            self._put(text)

    def _put(self, text: str) -> None:
        self.parts.append(text)
        self.offset += len(text)

    def text(self) -> str:
        return "".join(self.parts)
