"""The ledger workbook and CSV, read back as Excel users would meet them (openpyxl): the columns
officials expect, one sheet per agency when asked, frozen header, wrapped text, widths, A4
landscape; text that looks like a formula stays text; sheet names Excel accepts."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from graph.errors import LedgerError
from graph.ledger.rows import COLUMNS, Ledger, LedgerQuery, LedgerRow, build_ledger, group_rows
from graph.ledger.xlsx import HEADER, LIGHT_FILLS, MAX_SHEETS, SHEET_NAME_MAX, ledger_csv, ledger_xlsx, safe_sheet_name
from tests.graph.test_ledger_rows import AS_OF, load_ledger_doc

OFFICIAL = ["序号", "重点任务", "牵头单位", "配合单位", "责任领导", "完成时限", "进展情况", "状态", "来源文件"]


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_columns_are_the_ones_officials_expect():
    assert list(COLUMNS) == OFFICIAL and list(HEADER[:9]) == OFFICIAL


def test_one_sheet_holds_every_task(store):
    load_ledger_doc(store)
    book = workbook(ledger_xlsx(build_ledger(store, LedgerQuery(as_of=AS_OF, by="none"))))
    assert book.sheetnames == ["督办台账"]
    sheet = book["督办台账"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:9] == OFFICIAL and len(rows) == 6
    first = dict(zip(HEADER, rows[1], strict=True))
    assert first["序号"] == "1" and first["重点任务"] == "完善科技金融服务机制"
    assert (first["牵头单位"], first["配合单位"], first["责任领导"]) == ("浙江省科学技术厅", "浙江省财政厅", "王伟副省长")
    assert (first["完成时限"], first["状态"], first["预警"]) == ("2021年3月底前", "未开始", "红灯(逾期)")
    assert first["任务编号"].endswith("-t1.1")


def test_one_sheet_per_agency(store):
    load_ledger_doc(store)
    book = workbook(ledger_xlsx(build_ledger(store, LedgerQuery(as_of=AS_OF, by="agency"))))
    assert set(book.sheetnames) == {"浙江省科学技术厅", "浙江省财政厅", "浙江省发展和改革委员会", "浙江省市场监督管理局"}
    titles = [row[1].value for row in book["浙江省科学技术厅"].iter_rows(min_row=2)]
    assert titles == ["完善科技金融服务机制", "推进高新区整合提升", "开展年度绩效评价"]


def test_layout_frozen_header_wrapped_widths_landscape(store):
    load_ledger_doc(store)
    sheet = workbook(ledger_xlsx(build_ledger(store, LedgerQuery(as_of=AS_OF, by="none")))).active
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].alignment.wrap_text and sheet["A1"].font.bold
    assert sheet.column_dimensions["B"].width == 48 and sheet.column_dimensions["G"].width == 36
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    assert sheet["F2"].fill.fgColor.rgb.endswith(LIGHT_FILLS["red"])  # task 1 is overdue
    assert sheet.oddHeader.center.text == "督办台账 截至 2021-06-20" and "&P" in sheet.oddFooter.center.text


def row_of(**changes) -> LedgerRow:
    base = dict(task_id="d-t1", number="1", title="t", leads=("甲",), co=(), leaders=(), deadline="", due=None,
                year_unknown=False, note="", status="未开始", reported=None, light="grey", document_id="d",
                document="d")
    return LedgerRow(**{**base, **changes})


def ledger_of(*rows: LedgerRow, by="none") -> Ledger:
    return Ledger(date(2021, 1, 1), 15, by, list(rows), group_rows(list(rows), by))


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil","x")', "+1+2", "-2+3", "@SUM(A1)", "=1+1"])
def test_formula_text_stays_text(text):
    sheet = workbook(ledger_xlsx(ledger_of(row_of(title=text, note=text)))).active
    assert sheet["B2"].value == text and sheet["B2"].data_type == "s"
    assert sheet["G2"].value == text and sheet["G2"].data_type == "s"


def test_control_characters_are_dropped():
    sheet = workbook(ledger_xlsx(ledger_of(row_of(title="a\x00b\x1bc\x0bd")))).active
    assert sheet["B2"].value == "abcd"


def test_sheet_names_are_made_safe_and_unique():
    taken: set[str] = set()
    assert safe_sheet_name("省[科技]厅:办/公*室?\\", taken) == "省_科技_厅_办_公_室__"
    long = "浙江省" * 20
    first, second = safe_sheet_name(long, taken), safe_sheet_name(long, taken)
    assert len(first) == SHEET_NAME_MAX and len(second) == SHEET_NAME_MAX and first != second
    assert safe_sheet_name("'", taken) == "Sheet" and safe_sheet_name("sheet", taken) == "sheet(2)"


def test_unsafe_unit_names_still_make_a_workbook():
    long = "省[科技]厅" * 9  # forbidden characters, and alike in their first 31 characters
    rows = [row_of(task_id="d-t1", units=(("x", long),)), row_of(task_id="d-t2", units=(("y", long + "2"),))]
    book = workbook(ledger_xlsx(ledger_of(*rows, by="agency")))
    assert len(book.sheetnames) == 2 and all(len(n) <= 31 and "[" not in n for n in book.sheetnames)


def test_too_many_sheets_is_a_clear_error():
    rows = [row_of(task_id=f"d-t{i}", units=((f"a{i}", f"单位{i}"),)) for i in range(MAX_SHEETS + 1)]
    with pytest.raises(LedgerError, match=f"would make {MAX_SHEETS + 1} sheets"):
        ledger_xlsx(ledger_of(*rows, by="agency"))
    assert workbook(ledger_xlsx(ledger_of(*rows, by="none"))).active.max_row == MAX_SHEETS + 2


def test_csv_has_a_bom_and_the_columns(store):
    load_ledger_doc(store)
    text = ledger_csv(build_ledger(store, LedgerQuery(as_of=AS_OF)))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == list(HEADER) and len(rows) == 6  # every task once, however grouped


def test_csv_cells_that_look_like_formulas_get_a_quote():
    text = ledger_csv(ledger_of(row_of(title="=1+1", note="-2")))
    row = list(csv.reader(io.StringIO(text[1:])))[1]
    assert row[1] == "'=1+1" and row[6] == "'-2"


@pytest.mark.parametrize("fmt", ["csv", "raci"])
def test_graph_csv_exports_carry_leaders_and_a_bom(store, fmt):
    from graph.export import export

    load_ledger_doc(store)
    text = export(store, fmt)
    assert text.startswith("\ufeff")
    rows = [dict(zip(r[0], row, strict=True)) for r in [list(csv.reader(io.StringIO(text[1:])))] for row in r[1:]]
    leaders = {row["task_id"].rsplit("-t", 1)[1]: row["leaders"] for row in rows}
    assert leaders["1.2"] == "李强副省长" and leaders["1.4"] == ""


@pytest.mark.office
def test_libreoffice_opens_and_prints_it_a4_landscape(tmp_path):
    """A real spreadsheet application reads the workbook and prints every sheet on A4 landscape."""
    import shutil
    import subprocess

    from pypdf import PdfReader

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("no LibreOffice here (apt-get install libreoffice-calc-nogui)")
    rows = [row_of(task_id=f"d-t{i}", title=f"任务{i}", units=((f"a{i % 2}", f"单位{i % 2}"),)) for i in range(4)]
    (tmp_path / "ledger.xlsx").write_bytes(ledger_xlsx(ledger_of(*rows, by="agency")))
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "ledger.xlsx")],
                   check=True, capture_output=True, timeout=120)
    pages = PdfReader(tmp_path / "ledger.pdf").pages
    assert len(pages) == 2 and all(float(p.mediabox.width) > float(p.mediabox.height) for p in pages)
    text = pages[0].extract_text()
    assert "重点任务" in text and "任务0" in text and "第 1 页" in text
