"""Read a file into text: encodings for .txt, HTML, DOCX (paragraphs and tables), PDF text layer,
spreadsheets (loaders.formats.sheets), legacy Word through a converter (loaders.formats.convert) and OFD.

Tables are written one row per line with cells separated by a tab, so the table parser sees rows
exactly as the file had them. Text read from a spreadsheet also says which cell each piece came
from (`ReadText.locations`).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from loaders.errors import (
    DocumentTooLarge,
    EmptyDocument,
    UnreadableDocument,
    UnsupportedFormat,
)
from loaders.formats.convert import INSTALL_HINT, WORD_SUFFIXES, convert_word
from loaders.formats.decode import ReadText, decode_text
from loaders.formats.docx_limits import XmlBudget, check_docx, check_xml_zip
from loaders.formats.pdf_limits import check_pdf
from loaders.formats.sheets import SHEET_SUFFIXES, WORKBOOK_SUFFIXES, looks_like_html, read_sheets
from loaders.limits import ReadLimits, current_limits, limit_name

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
SUPPORTED = sorted(TEXT_SUFFIXES | HTML_SUFFIXES | SHEET_SUFFIXES | WORD_SUFFIXES | {".docx", ".pdf", ".ofd"})
# Formats read only when a system package is installed (not a Python dependency): what to install.
NEEDS_SYSTEM_PACKAGE = {suffix: INSTALL_HINT for suffix in sorted(WORD_SUFFIXES)}
_BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "table", "ul", "ol", "dd", "dt", "blockquote", "pre",
)
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
              "template", "svg", "button", "select", "head")





def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, limits: ReadLimits | None = None) -> ReadText:
    """Return the text of `path`; raise a LoaderError naming the file on any problem. `limits`
    bound the work (default: loaders.limits.current_limits())."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableDocument(f"{path}: cannot open ({exc.strerror})") from exc
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormat(
            f"{path.name}: unsupported file type {suffix or '(none)'!r}; "
            f"dutygraph reads {', '.join(SUPPORTED)}"
        )
    if size > max_bytes:
        raise DocumentTooLarge(f"{path.name}: {size:,} bytes is over the {max_bytes:,}-byte limit")
    try:
        data = path.read_bytes()
    except OSError as exc:  # a folder named like a file, no permission, a file gone since stat
        raise UnreadableDocument(f"{path}: cannot read ({exc.strerror})") from exc
    return read_bytes(data, path.name, max_bytes, limits)


def read_bytes(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES,
               limits: ReadLimits | None = None) -> ReadText:
    """Return the text of a document given as bytes; `name` gives the type by its suffix."""
    limits = limits or current_limits()
    if len(data) > max_bytes:
        raise DocumentTooLarge(f"{name}: {len(data):,} bytes is over the {max_bytes:,}-byte limit")
    if not data.strip():
        raise EmptyDocument(f"{name}: the file is empty")
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        result = decode_text(data, name)
    elif suffix in HTML_SUFFIXES:
        result = _read_html(data, name)
    elif suffix == ".docx":
        result = ReadText(_read_docx(data, name, limits), "docx")
    elif suffix == ".pdf":
        result = ReadText(_read_pdf(data, name, limits), "pdf")
    elif suffix in SHEET_SUFFIXES:
        result = _read_sheets(data, name, limits)
    elif suffix in WORD_SUFFIXES:
        result = _read_legacy_word(data, name, limits)
    elif suffix == ".ofd":
        result = ReadText(_read_ofd(data, name, limits), "ofd")
    else:
        raise UnsupportedFormat(f"{name}: unsupported file type {suffix or '(none)'!r}")
    if not result.text.strip():
        raise EmptyDocument(f"{name}: no text found in the file")
    if len(result.text) > limits.max_text_chars:
        raise DocumentTooLarge(f"{name}: {len(result.text):,} characters of text, over the limit of "
                               f"{limits.max_text_chars:,} ({limit_name('max_text_chars')})")
    return result


def _read_html(data: bytes, name: str) -> ReadText:
    from lxml import etree
    from lxml import html as lxml_html

    decoded = _html_decode(data, name)
    try:
        root = lxml_html.document_fromstring(decoded.text, parser=lxml_html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError) as exc:
        raise EmptyDocument(f"{name}: no text found in the HTML ({exc})") from exc
    for bad in list(root.iter(*_DROP_TAGS, etree.Comment)):
        bad.drop_tree()  # keeps the text that follows it
    for br in root.iter("br"):  # a line break inside a table cell separates units: 市财政局<br>市统计局
        br.tail = "\n" + (br.tail or "")
    lines = [re.sub(r"[ \t\u3000\xa0]+", " ", ln).strip() if "\t" not in ln else ln.strip()
             for ln in _html_text(root).split("\n")]
    return ReadText("\n".join(ln for ln in lines if ln), decoded.encoding)


def _html_text(root: Any) -> str:
    """Return the text of an HTML tree, a line break around every block, tables as tab rows.
    One iterative walk: deeply nested pages cost linear time, not quadratic."""
    from lxml import etree

    out: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag == "table":
                out.append("\n" + _html_table_text(element) + "\n")
                walker.skip_subtree()
                continue
            if tag in _BLOCK_TAGS:
                out.append("\n")
            out.append(element.text or "")
        else:
            if tag in _BLOCK_TAGS:
                out.append("\n")
            out.append(element.tail or "")
    return "".join(out)


def _html_decode(data: bytes, name: str) -> ReadText:
    head = data[:4096].decode("ascii", "ignore").lower()
    declared = re.search(r"charset=[\"']?([a-z0-9_\-]+)", head)
    return decode_text(data, name, declared.group(1) if declared else None)


def _html_table_text(table: Any) -> str:
    rows = []
    for tr in table.iter("tr"):
        cells = [_cell_text(td.text_content()) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)


def _cell_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _read_docx(data: bytes, name: str, limits: ReadLimits) -> str:
    check_docx(data, name, limits)  # before python-docx inflates and parses every part
    try:
        return _docx_text(data)
    except _docx_failures() as exc:
        raise UnreadableDocument(f"{name}: not a valid .docx file ({_reason(exc)})") from exc


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(Paragraph(block, document).text)
        elif tag == "tbl":
            parts.append(_docx_table_text(Table(block, document)))
    return "\n".join(p for p in parts if p.strip())


def _docx_failures() -> tuple[type[BaseException], ...]:
    """What python-docx raises on a damaged package. check_docx has vetted the zip and the XML
    already, so what is left is a package that is well-formed but not a Word document (missing
    parts, wrong content types, odd relationships) — all of it the file's fault, none of it a bug
    to report as a server error."""
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError
    from lxml import etree

    return (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, IndexError, EOFError,
            zlib.error, NotImplementedError, RuntimeError, etree.LxmlError, PythonDocxError, OpcError)


def _reason(exc: BaseException) -> str:
    """Return the first line of an error, or its kind when it has no message."""
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else exc.__class__.__name__


def _docx_table_text(table: object) -> str:
    rows = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats itself across the span
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(" ".join(p.text for p in cell.paragraphs)))
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)


def _read_pdf(data: bytes, name: str, limits: ReadLimits) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        check_pdf(reader, name, limits)  # before any page's streams are decoded
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, zlib.error,
            RecursionError, NotImplementedError) as exc:
        raise UnreadableDocument(f"{name}: not a readable PDF ({_reason(exc)})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableDocument(f"{name}: the PDF has no text layer (scanned image?); OCR it first")
    return text


def _read_sheets(data: bytes, name: str, limits: ReadLimits) -> ReadText:
    if Path(name).suffix.lower() in WORKBOOK_SUFFIXES and looks_like_html(data):
        return _read_html(data, name)  # a web system's "xls": an HTML table
    text, locations, kind = read_sheets(data, name, limits)
    return ReadText(text, kind, locations)


def _read_legacy_word(data: bytes, name: str, limits: ReadLimits) -> ReadText:
    """A .doc or .wps: a .docx or HTML under the old name is read as what it is; else converted."""
    if data.startswith(b"PK\x03\x04"):
        return ReadText(_read_docx(data, name, limits), "docx")
    if looks_like_html(data):
        return _read_html(data, name)
    converted = convert_word(data, name, limits)
    if converted.docx is not None:
        return ReadText(_read_docx(converted.docx, name, limits), converted.tool)
    return ReadText(converted.text or "", converted.tool)


def _read_ofd(data: bytes, name: str, limits: ReadLimits) -> str:
    """The text layer of an OFD (GB/T 33190) document, read by ofdkit after the zip and its XML
    have passed the same limits as a .docx."""
    import ofdkit

    check_xml_zip(data, XmlBudget(name, limits, ".ofd"))
    try:
        text = ofdkit.extract_text(data, page_separator="\n")
    except ofdkit.OFDError as exc:
        raise UnreadableDocument(f"{name}: not a readable OFD file ({_reason(exc)})") from exc
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, zlib.error) as exc:
        raise UnreadableDocument(f"{name}: not a readable OFD file ({_reason(exc)})") from exc
    if not text.strip():
        raise UnreadableDocument(f"{name}: the OFD has no text layer (scanned pages, or glyphs without "
                                 "characters); OCR it first")
    return text
