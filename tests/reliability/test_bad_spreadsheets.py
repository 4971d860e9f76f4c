"""Bad spreadsheets get a clear error naming the file and the problem, within the read limits: a
few seconds and little memory, read in a process of their own (bench.bombs.cost_of_reading). The
bombs that are over a limit (a zip of zeros, a million empty rows, cells a sheet apart) are in
bench.bombs.BOMBS and checked with the DOCX and PDF ones in test_decompression_bombs."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from bench import bombs
from tests.officemaker import converted, responsibility_list, xlsx_bytes

SECONDS = 10  # each is refused in well under a second or two here
RSS_MB = 300  # a bare reader process is about 30 MB; a sheet held as a grid of 17 billion cells is not


def encrypted_xlsx() -> bytes:
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx_bytes(responsibility_list()))).encrypt("secret", out)
    return out.getvalue()


def ods_of_repeated_rows() -> bytes:
    """An .ods whose one row, with a value in each of 16,384 cells, repeats a million times."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               '<table:table table:name="表1"><table:table-row table:number-rows-repeated="1048576">'
               '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
               "<text:p>任务</text:p></table:table-cell></table:table-row></table:table>"
               "</office:spreadsheet></office:body></office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", content)
    return out.getvalue()


def xls_far_apart_cells() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"], book.active["IV65536"] = "x", "y"
    return converted(xlsx_bytes(book), ".xlsx", "xls:MS Excel 97")


CASES = {
    "encrypted": ("locked.xlsx", encrypted_xlsx,
                  "UnreadableDocument: locked.xlsx: the workbook is password-protected (encrypted)"),
    "zero sheets": ("none.xlsx", bombs.xlsx_without_sheets,
                    "EmptyDocument: none.xlsx: the workbook has no worksheet to read"),
    "formulas only": ("formulas.xlsx", bombs.xlsx_formulas_only,
                      "EmptyDocument: formulas.xlsx: the sheets hold 49 formulas but no saved values"),
    "ods rows repeated": ("rows.ods", ods_of_repeated_rows,
                          "DocumentTooLarge: rows.ods: sheet '表1' spans 1,048,576 rows × 16,384 columns"),
    "xls cells apart": ("far.xls", xls_far_apart_cells,
                        "DocumentTooLarge: far.xls: sheet 'Sheet' spans 65,536 rows × 256 columns"),
    "not a zip": ("fake.xlsx", lambda: b"PK\x03\x04 this is no zip at all" * 10,
                  "UnreadableDocument: fake.xlsx: not a valid spreadsheet file (not a zip archive"),
    "a docx named xlsx": ("letter.xlsx", lambda: bombs.docx_bytes("1.优化服务"),
                          "UnreadableDocument: letter.xlsx: a zip archive, but not a spreadsheet"),
}


@pytest.mark.parametrize("label", list(CASES))
def test_a_bad_spreadsheet_is_a_clear_error_within_the_limits(label):
    name, make, expected = CASES[label]
    cost = bombs.cost_of_reading(make(), name, timeout=SECONDS * 3)
    assert cost.outcome.startswith(expected), cost
    assert cost.seconds < SECONDS and cost.peak_rss_mb < RSS_MB, cost
