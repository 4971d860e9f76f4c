"""Check an .xlsx or .ods against the read limits before python-calamine loads it, and note on the
way what calamine does not report: hidden rows (both), merged cells (.ods), formulas without a
saved result, and each sheet's used area.

calamine holds a sheet as a dense grid from its first to its last cell, so one value at A1 and one
at XFD1048576 would cost gigabytes: the used area of every sheet is measured here, streaming the
XML once (loaders.formats.docx_limits: zip sizes, element count, depth, no DOCTYPE), and refused over
DUTYGRAPH_MAX_SHEET_CELLS before anything is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from loaders.errors import DocumentTooLarge
from loaders.formats.docx_limits import XmlBudget, check_xml_zip
from loaders.limits import ReadLimits, limit_name

Merge = tuple[int, int, int, int]
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_MAX_REPEAT = 1 << 24  # an .ods repeat count past any sheet's size is a lie, not a size


@dataclass
class SheetFacts:
    """What the scan learnt of one sheet: rows are 0-based."""

    name: str
    rows: int = 0  # the used area: last row holding a value, plus one
    columns: int = 0
    hidden: list[tuple[int, int]] = field(default_factory=list)  # runs of hidden rows [start, stop)
    merges: list[Merge] = field(default_factory=list)
    formulas: int = 0

    def hidden_rows(self) -> frozenset[int]:
        """Return the hidden rows inside the used area."""
        return frozenset(r for start, stop in self.hidden for r in range(start, min(stop, self.rows)))

    def used(self, row: int, column: int) -> None:
        self.rows = max(self.rows, row + 1)
        self.columns = max(self.columns, column + 1)


def scan_xlsx(data: bytes, name: str, limits: ReadLimits) -> dict[str, SheetFacts]:
    """Return the facts of each worksheet part of an .xlsx (by part name: xl/worksheets/sheet1.xml),
    checking the whole package against the limits."""
    scan = _XlsxScan(name, limits)
    check_xml_zip(data, scan)
    _check_area(scan.sheets.values(), name, limits)
    return scan.sheets


def scan_ods(data: bytes, name: str, limits: ReadLimits) -> dict[str, SheetFacts]:
    """Return the facts of each sheet of an .ods, by sheet name, checking the package against the limits."""
    scan = _OdsScan(name, limits)
    check_xml_zip(data, scan)
    _check_area(scan.sheets.values(), name, limits)
    return {facts.name: facts for facts in scan.sheets.values()}


def check_area(sheets: list[tuple[str, int, int]], name: str, limits: ReadLimits) -> None:
    """Refuse sheets (name, rows, columns) whose used areas together span more cells than the limit."""
    total = 0
    for sheet, rows, columns in sheets:
        total += rows * columns
        if total > limits.max_sheet_cells:
            raise DocumentTooLarge(
                f"{name}: sheet {sheet!r} spans {rows:,} rows × {columns:,} columns; the sheets' used areas "
                f"are over the limit of {limits.max_sheet_cells:,} cells ({limit_name('max_sheet_cells')})")


def _check_area(sheets: Iterable[SheetFacts], name: str, limits: ReadLimits) -> None:
    check_area([(f.name, f.rows, f.columns) for f in sheets], name, limits)


def column_index(letters: str) -> int:
    """Return the 0-based index of spreadsheet column letters: A → 0, AA → 26."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _XlsxScan(XmlBudget):
    """Rows, cells with a value or a formula, and hidden rows of every worksheet part."""

    def __init__(self, name: str, limits: ReadLimits) -> None:
        super().__init__(name, limits, ".xlsx")
        self.sheets: dict[str, SheetFacts] = {}
        self.row = -1
        self.column = -1

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        super().start(tag, attrib)
        if not self.part.startswith("xl/worksheets/"):
            return
        local, attrs = _local(tag), attrib
        facts = self.sheets.setdefault(self.part, SheetFacts(self.part))
        if local == "worksheet":
            self.row = -1
        elif local == "row":
            self.row = _int(attrs.get("r"), self.row + 2) - 1
            self.column = -1
            if attrs.get("hidden") in ("1", "true"):
                facts.hidden.append((self.row, self.row + 1))
        elif local == "c":
            ref = _CELL_REF.match(attrs.get("r") or "")
            self.column = column_index(ref.group(1)) if ref else self.column + 1
            if ref:
                self.row = int(ref.group(2)) - 1
        elif local in ("v", "is"):
            facts.used(self.row, self.column)
        elif local == "f":
            facts.formulas += 1


class _OdsScan(XmlBudget):
    """Rows and cells of every table in content.xml, with repeats, spans and hidden rows."""

    def __init__(self, name: str, limits: ReadLimits) -> None:
        super().__init__(name, limits, ".ods")
        self.sheets: dict[int, SheetFacts] = {}
        self.facts: SheetFacts | None = None
        self.row = 0
        self.row_repeat = 1
        self.column = 0

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        super().start(tag, attrib)
        if self.part != "content.xml" or not tag.startswith("{" + _TABLE_NS):
            return
        local, attrs = _local(tag), attrib
        get = attrs.get
        if local == "table":
            self.facts = SheetFacts(get(f"{{{_TABLE_NS}}}name") or f"Sheet{len(self.sheets) + 1}")
            self.sheets[len(self.sheets)] = self.facts
            self.row, self.row_repeat = 0, 1
        elif local == "table-row" and self.facts is not None:
            self.row_repeat = _repeat(get(f"{{{_TABLE_NS}}}number-rows-repeated"))
            self.column = 0
            if get(f"{{{_TABLE_NS}}}visibility") in ("collapse", "filter"):
                self.facts.hidden.append((self.row, self.row + self.row_repeat))
        elif local in ("table-cell", "covered-table-cell") and self.facts is not None:
            self._cell(local, get)

    def _cell(self, local: str, get: Callable[[str], str | None]) -> None:
        assert self.facts is not None
        repeat = _repeat(get(f"{{{_TABLE_NS}}}number-columns-repeated"))
        if local == "table-cell":
            if get(f"{{{_OFFICE_NS}}}value-type") or get(f"{{{_TABLE_NS}}}formula"):
                self.facts.used(self.row + self.row_repeat - 1, self.column + repeat - 1)
            if get(f"{{{_TABLE_NS}}}formula") and not get(f"{{{_OFFICE_NS}}}value-type"):
                self.facts.formulas += 1
            rows = _repeat(get(f"{{{_TABLE_NS}}}number-rows-spanned"))
            columns = _repeat(get(f"{{{_TABLE_NS}}}number-columns-spanned"))
            if rows > 1 or columns > 1:
                self.facts.merges.append((self.row, self.column, self.row + rows - 1, self.column + columns - 1))
        self.column += repeat

    def end(self, tag: str) -> None:
        super().end(tag)
        if self.part == "content.xml" and tag == f"{{{_TABLE_NS}}}table-row":
            self.row += self.row_repeat
            self.row_repeat = 1


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and len(text) <= 8 else default


def _repeat(text: str | None) -> int:
    return min(_int(text, 1), _MAX_REPEAT) or 1
