"""Read spreadsheets into text: .xlsx, .xls, .et (WPS, when it is an xls), .ods and .csv.

Values of .xlsx and .ods come from python-calamine (Rust); what calamine does not report comes
from a pass over the XML that also bounds the work before calamine loads anything. An .xls is
read by xlrd alone: calamine holds a sheet with a cell at IV65536 as 16 million cells (1 GB for a
5 KB file), and aborted the whole process on a damaged .xls found by fuzzing ("memory allocation
of 1198902479320 bytes failed" — an abort, not an exception), which xlrd reads or refuses.

    format   values     merged cells        hidden rows        checked before loading
    xlsx     calamine   calamine            the XML scan       zip sizes, XML, used area (loaders.formats.sheet_scan)
    ods      calamine   the XML scan        the XML scan       the same
    xls/et   xlrd       xlrd                xlrd               used area, as xlrd counts it
    csv      csv        none (no merges)    none               rows × columns while reading

Every visible worksheet is read (hidden sheets hold lookup lists, chart sheets no cells), and
each becomes text through loaders.formats.sheet_text, so its table meets the same rules as any other.
The file's format is read from its bytes, not its name: an .xls that is really an .xlsx, or a
web system's "xls" that is an HTML table, is read as what it is.
"""

from __future__ import annotations

import csv
import datetime
import io
import posixpath
import struct
from collections.abc import Iterator
from typing import Any

from loaders.errors import DocumentTooLarge, EmptyDocument, UnreadableDocument
from loaders.formats.sheet_scan import SheetFacts, check_area, scan_ods, scan_xlsx
from loaders.formats.sheet_text import Sheet, sheets_text
from loaders.limits import ReadLimits, limit_name
from loaders.records import CellLocation

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".et", ".ods"}
SHEET_SUFFIXES = WORKBOOK_SUFFIXES | {".csv"}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted OOXML file keeps in OLE
_CSV_DELIMITERS = ",\t;"


def looks_like_html(data: bytes) -> bool:
    """True for the HTML tables some systems save with an .xls name."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) and b"<table" in data[:200_000].lower()


def read_sheets(data: bytes, name: str, limits: ReadLimits) -> tuple[str, tuple[CellLocation, ...], str]:
    """Return (text, cell locations, format) of a workbook or .csv file."""
    if name.lower().endswith(".csv"):
        sheet, encoding = csv_sheet(data, name, limits)
        text, locations = sheets_text([sheet])
        return text, locations, encoding
    kind, sheets = workbook_sheets(data, name, limits)
    text, locations = sheets_text(sheets)
    return text, locations, kind


# -- workbooks --------------------------------------------------------------------------------------

def workbook_sheets(data: bytes, name: str, limits: ReadLimits) -> tuple[str, list[Sheet]]:
    """Return the format (xlsx, ods, xls) and the visible sheets of a workbook."""
    kind = _workbook_kind(data, name)
    if kind == "xls":
        facts: dict[str, SheetFacts] = {}
        sheets = _xls_sheets(data, name, limits)
    else:
        facts = _by_sheet_name(data, scan_xlsx(data, name, limits)) if kind == "xlsx" else scan_ods(data, name, limits)
        sheets = list(_calamine_sheets(data, name, facts))
    if not sheets:
        raise EmptyDocument(f"{name}: the workbook has no worksheet to read")
    if not any(any(v for row in s.rows for v in row) for s in sheets):
        formulas = sum(f.formulas for f in facts.values())
        if formulas:
            raise EmptyDocument(f"{name}: the sheets hold {formulas:,} formulas but no saved values; open the file "
                                "in Excel, WPS or LibreOffice and save it, so that their results are stored")
        raise EmptyDocument(f"{name}: every sheet of the workbook is empty")
    return kind, sheets


def _workbook_kind(data: bytes, name: str) -> str:
    if data.startswith(_ZIP):
        from loaders.formats.docx_limits import open_zip

        with open_zip(data, name, "spreadsheet") as archive:
            members = set(archive.namelist())
        if "xl/workbook.xml" in members:
            return "xlsx"
        if "content.xml" in members:
            return "ods"
        raise UnreadableDocument(f"{name}: a zip archive, but not a spreadsheet (no xl/workbook.xml or content.xml)")
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise UnreadableDocument(f"{name}: the workbook is password-protected (encrypted); save a copy without "
                                     "a password and load that")
        return "xls"
    raise UnreadableDocument(f"{name}: not a spreadsheet (neither an Excel/WPS workbook nor an OpenDocument one)")


def _calamine_sheets(data: bytes, name: str, facts: dict[str, SheetFacts]) -> Iterator[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            for meta in workbook.sheets_metadata:
                if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
                    continue
                sheet = workbook.get_sheet_by_name(meta.name)
                known = facts.get(meta.name) or SheetFacts(meta.name)
                rows = [[_value_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
                merges = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []]
                yield Sheet(meta.name, rows, merges or known.merges, known.hidden_rows())
    except CalamineError as exc:
        raise UnreadableDocument(f"{name}: not a readable workbook ({_first_line(exc)})") from exc
    except (ValueError, OSError) as exc:  # calamine's own parse errors arrive as these too
        raise UnreadableDocument(f"{name}: not a readable workbook ({_first_line(exc)})") from exc


def _by_sheet_name(data: bytes, by_part: dict[str, SheetFacts]) -> dict[str, SheetFacts]:
    """Key an .xlsx's worksheet facts by the sheet names workbook.xml gives their parts."""
    import zipfile

    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            book = etree.fromstring(archive.read("xl/workbook.xml"), parser)
            rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser)
        except (KeyError, etree.XMLSyntaxError):
            return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in book.iter("{*}sheet"):
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        part = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target))
        if part in by_part:
            out[sheet.get("name", "")] = by_part[part]
    return out


def _xls_sheets(data: bytes, name: str, limits: ReadLimits) -> list[Sheet]:
    """Return the visible sheets of an .xls, each checked against the cell limit before its
    values are taken."""
    import xlrd

    stream = _workbook_stream(data, name)
    try:
        book = xlrd.open_workbook(file_contents=stream, formatting_info=True, ragged_rows=True, on_demand=True,
                                  logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise UnreadableDocument(f"{name}: the workbook is password-protected (encrypted); save a copy "
                                     "without a password and load that") from exc
        raise UnreadableDocument(f"{name}: not a readable .xls workbook ({_first_line(exc)})") from exc
    except _xlrd_failures() as exc:  # a damaged OLE container or BIFF stream: the file's fault
        raise UnreadableDocument(f"{name}: not a readable .xls workbook ({_first_line(exc)})") from exc
    sheets: list[Sheet] = []
    areas: list[tuple[str, int, int]] = []
    try:
        for index, sheet_name in enumerate(book.sheet_names()):
            sheet = book.sheet_by_index(index)
            areas.append((sheet_name, sheet.nrows, max((sheet.row_len(r) for r in range(sheet.nrows)), default=0)))
            check_area(areas, name, limits)
            if sheet.visibility == 0:  # 1 hidden, 2 very hidden
                sheets.append(_xls_sheet(sheet, book.datemode))
            book.unload_sheet(index)
    except (xlrd.XLRDError, *_xlrd_failures()) as exc:
        raise UnreadableDocument(f"{name}: not a readable .xls workbook ({_first_line(exc)})") from exc
    return sheets


def _workbook_stream(data: bytes, name: str) -> bytes:
    """Return the BIFF stream of an .xls, taken out of its OLE2 container by olefile, which follows
    sector chains only as far as the stream's size (refused if larger than the file); xlrd's own
    container reader loops for ever on a chain that cycles."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            if stream is None:
                raise UnreadableDocument(f"{name}: an OLE2 file, but no Excel workbook in it (a Word file "
                                         "named .xls?)")
            if ole.get_size(stream) > len(data):
                raise UnreadableDocument(f"{name}: not a readable .xls workbook (its stream claims "
                                         f"{ole.get_size(stream):,} bytes in a {len(data):,}-byte file)")
            return bytes(ole.openstream(stream).read())
    except (OSError, ValueError, IndexError, KeyError, TypeError, EOFError, OverflowError, RecursionError,
            struct.error) as exc:
        raise UnreadableDocument(f"{name}: not a readable .xls workbook ({_first_line(exc)})") from exc


def _xls_sheet(sheet: Any, datemode: int) -> Sheet:
    import xlrd

    def text(cell: Any) -> str:
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return _value_text(xlrd.xldate_as_datetime(cell.value, datemode))
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                return _value_text(cell.value)
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return ""
        return _value_text(bool(cell.value) if cell.ctype == xlrd.XL_CELL_BOOLEAN else cell.value)

    rows = [[text(cell) for cell in sheet.row(r)] for r in range(sheet.nrows)]
    merges = [(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in sheet.merged_cells]
    hidden = frozenset(r for r, info in sheet.rowinfo_map.items() if info.hidden)
    return Sheet(sheet.name, rows, merges, hidden)


def _xlrd_failures() -> tuple[type[BaseException], ...]:
    from xlrd.compdoc import CompDocError

    return (CompDocError, struct.error, AssertionError, IndexError, KeyError, ValueError, TypeError, EOFError,
            OverflowError, UnicodeDecodeError)


def _value_text(value: Any) -> str:
    """A cell's value as text: whole numbers without .0, dates as 2021年6月30日 (the deadline
    parser's words), everything else as Python writes it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


# -- csv --------------------------------------------------------------------------------------------

def csv_sheet(data: bytes, name: str, limits: ReadLimits) -> tuple[Sheet, str]:
    """Return a .csv file as one sheet (UTF-8 with or without BOM, GBK/GB18030, UTF-16) and its encoding."""
    from loaders.formats.decode import decode_text

    decoded = decode_text(data, name)
    text = decoded.text
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text), _csv_dialect(text)):
            rows.append(row)
            cells += max(len(row), 1)
            if cells > limits.max_sheet_cells:
                raise DocumentTooLarge(f"{name}: more than {limits.max_sheet_cells:,} cells (limit "
                                       f"{limit_name('max_sheet_cells')})")
    except csv.Error as exc:
        raise UnreadableDocument(f"{name}: not a readable .csv file ({exc})") from exc
    return Sheet(None, rows), decoded.encoding


def _csv_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=_CSV_DELIMITERS)
    except csv.Error:
        return csv.excel  # one column, or too ragged to tell: commas


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else exc.__class__.__name__
