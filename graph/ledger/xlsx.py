"""The ledger as files offices open: an .xlsx workbook (openpyxl) and a CSV with a UTF-8 BOM.

The workbook holds the columns officials expect (graph.ledger.rows.COLUMNS, then the light and
the task id), one sheet for the whole ledger or one per agency, leader or document; the header
row is frozen and repeated on every printed page, text wraps, widths are set, pages print A4
landscape, and each row's deadline cell is coloured by its light.

Document text is untrusted. Every text cell is written as a string (openpyxl would otherwise
store "=…" as a formula) and without the control characters XML cannot carry; sheet names lose
the characters Excel forbids in them."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from graph.errors import LedgerError
from graph.ledger.rows import COLUMNS, EXTRA_COLUMNS, Ledger, LedgerTable
from graph.safe_output import csv_text, spreadsheet_cell, xml_safe

HEADER = COLUMNS + EXTRA_COLUMNS
# characters per column, as Excel measures width; 重点任务 and 进展情况 take the room
WIDTHS = (6, 48, 18, 24, 12, 14, 36, 9, 24, 12, 22, 36)
LIGHT_FILLS = {"red": "F4B6B6", "yellow": "FCE8A6", "green": "C6E7C0", "grey": "E3E3E3"}
SHEET_NAME_MAX = 31  # Excel's limit
MAX_SHEETS = 250  # past this a workbook is unusable to a person, and writing it takes tens of seconds
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_DEADLINE_COLUMN = COLUMNS.index("完成时限") + 1  # 1-based, as openpyxl counts


def ledger_xlsx(ledger: Ledger, title: str = "督办台账") -> bytes:
    """Return the ledger as an .xlsx workbook: one sheet per table, or one sheet when ungrouped."""
    from openpyxl import Workbook  # the spreadsheet writer is loaded only when a workbook is asked for

    if len(ledger.tables) > MAX_SHEETS:
        raise LedgerError(f"one sheet per {ledger.by} would make {len(ledger.tables):,} sheets (at most {MAX_SHEETS}): "
                          "narrow the ledger (agency=, leader=, document=, light=) or ask for one sheet")
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    styles = _Styles.make()
    tables = ledger.tables or [LedgerTable("", title, [])]
    book.properties.title = f"{title} 截至 {ledger.as_of.isoformat()}"
    for table in tables:
        heading = table.title if ledger.by != "none" else title
        sheet = book.create_sheet(safe_sheet_name(heading, taken))
        _fill_sheet(sheet, table, styles)
        _print_marks(sheet, f"{xml_safe(heading)} 截至 {ledger.as_of.isoformat()}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def safe_sheet_name(name: str, taken: set[str]) -> str:
    """Return a sheet name Excel accepts: no []:*?/\\ or control characters, not starting or ending
    with an apostrophe, at most 31 characters, and unique in the workbook (case-insensitively);
    the name is added to `taken`."""
    base = _SHEET_FORBIDDEN.sub("_", xml_safe(name)).strip().strip("'").strip() or "Sheet"
    candidate, n = base[:SHEET_NAME_MAX], 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"({n})"
        candidate = base[:SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


@dataclass(frozen=True)
class _Styles:
    """The styles every sheet shares, made once per workbook: openpyxl compares each style it is
    given with those it holds, so new style objects per sheet made a 800-sheet workbook take minutes."""

    header_font: Any
    header_alignment: Any
    wrap: Any
    fills: dict[str, Any]

    @classmethod
    def make(cls) -> _Styles:
        from openpyxl.styles import Alignment, Font, PatternFill

        return cls(Font(bold=True), Alignment(wrap_text=True, vertical="center", horizontal="center"),
                   Alignment(wrap_text=True, vertical="top"),
                   {light: PatternFill("solid", fgColor=colour) for light, colour in LIGHT_FILLS.items()})


def _fill_sheet(sheet: Any, table: LedgerTable, styles: _Styles) -> None:
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = styles.header_font
        cell.alignment = styles.header_alignment
    for row in table.rows:
        sheet.append([_text(v) for v in row.cells()])
    # one pass over the written rows with explicit bounds: asking the sheet for its last row
    # after each append scans every cell, which made 10,000 rows take minutes
    written = sheet.iter_rows(min_row=2, max_row=len(table.rows) + 1, max_col=len(HEADER))
    for row, cells in zip(table.rows, written, strict=True):
        for cell in cells:
            cell.data_type = "s"  # text, always: a cell starting with = is shown, never calculated
            cell.alignment = styles.wrap
        cells[_DEADLINE_COLUMN - 1].fill = styles.fills[row.light]
    _set_layout(sheet, len(table.rows) + 1)


def _text(value: str) -> str:
    return xml_safe(value)


def _set_layout(sheet: Any, rows: int) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"  # the header row stays in view
    sheet.print_title_rows = "1:1"  # and is printed on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{rows}"


def _print_marks(sheet: Any, heading: str) -> None:
    """Each printed page says whose list it is, as of when, and which page of how many."""
    sheet.oddHeader.center.text = heading.replace("&", "&&")  # & starts a header code (&P, &N) in Excel
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"


def ledger_csv(ledger: Ledger) -> str:
    """Return the ledger's rows (each once, ungrouped) as CSV with a UTF-8 BOM, formula-safe."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in ledger.rows:
        writer.writerow([spreadsheet_cell(xml_safe(v)) for v in row.cells()])
    return csv_text(buffer.getvalue())
