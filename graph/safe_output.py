"""What document text must lose on its way out. Text from documents is untrusted, and the reader
lets a few control characters through (a document may hold up to 8), so every writer passes
what it writes through one of these:

- `xml_safe` for SVG, GraphML, XML and HTML: characters XML 1.0 forbids (C0 controls other than
  tab, newline and carriage return; U+FFFE, U+FFFF; lone surrogates) are dropped — one of them
  makes the whole file ill-formed, for every user.
- `spreadsheet_cell` for CSV: a cell a spreadsheet would run as a formula gets a leading `'`
  (the OWASP CSV-injection rule), and `csv_text` starts the file with a UTF-8 BOM so Excel
  reads it as UTF-8.
"""

from __future__ import annotations

import re
from typing import Any

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what Excel, LibreOffice and Sheets evaluate
BOM = "\ufeff"


def xml_safe(text: str) -> str:
    """Return `text` without the characters XML 1.0 (and HTML) cannot carry."""
    return _NOT_XML.sub("", text)


def spreadsheet_cell(value: Any) -> Any:
    """Return `value`, with a leading `'` when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(body: str) -> str:
    """Return CSV text as spreadsheets should open it: UTF-8 with a byte-order mark."""
    return BOM + body
