"""`dutygraph export --format xlsx` and `dutygraph progress FILE` as a user runs them (SQLite store;
the Neo4j store answers the same questions through the same code, tested in tests/graph)."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from tests.api.test_cli_graph import run
from tests.graph.test_ledger_rows import LEDGER_DOC
from tests.graph.test_ledger_xlsx import OFFICIAL


@pytest.fixture
def data_dir(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(LEDGER_DOC, encoding="utf-8")
    assert run("load", str(plan), "--data-dir", str(tmp_path / "data")).returncode == 0
    return str(tmp_path / "data")


def task_ids(data_dir) -> list[str]:
    rows = json.loads(run("query", "agency", "省科技厅", "--json", "--data-dir", data_dir).stdout)
    return [r["id"] for r in rows]


def test_export_xlsx_one_sheet_per_agency(data_dir, tmp_path):
    out = tmp_path / "ledger.xlsx"
    result = run("export", "--format", "xlsx", "--by", "agency", "--as-of", "2021-06-20", "-o", str(out),
                 "--data-dir", data_dir)
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    assert len(book.sheetnames) == 4 and "浙江省科学技术厅" in book.sheetnames
    sheet = book["浙江省科学技术厅"]
    assert [c.value for c in sheet[1]][:9] == OFFICIAL and sheet.max_row == 4
    assert sheet["J2"].value == "红灯(逾期)"  # due 2021-03-31, nothing reported by 20 June


def test_export_xlsx_filters(data_dir, tmp_path):
    out = tmp_path / "red.xlsx"
    assert run("export", "--format", "xlsx", "--light", "red", "--as-of", "2021-06-20", "-o", str(out),
               "--data-dir", data_dir).returncode == 0
    assert [r[1].value for r in load_workbook(out).active.iter_rows(min_row=2)] == ["完善科技金融服务机制"]


def test_export_xlsx_needs_a_file(data_dir):
    result = run("export", "--format", "xlsx", "--data-dir", data_dir)
    assert result.returncode == 2 and "-o ledger.xlsx" in result.stderr


def test_progress_sheet_recorded_then_shown(data_dir, tmp_path):
    first = task_ids(data_dir)[0]
    sheet = tmp_path / "progress.csv"
    # Excel's Chinese CSV; reported before the day the workbook is as of (a later report is not seen then)
    sheet.write_text(f"任务编号,状态,进展情况,报告日期\n{first},已完成,办法已印发,2021-06-18\n", encoding="gbk")
    result = run("progress", str(sheet), "--by", "督查室", "--data-dir", data_dir)
    assert result.returncode == 0, result.stderr
    assert f"row 2: matched: {first} → 已完成" in result.stdout and "1 recorded" in result.stdout
    out = tmp_path / "ledger.xlsx"
    run("export", "--format", "xlsx", "--as-of", "2021-06-20", "-o", str(out), "--data-dir", data_dir)
    row = [c.value for c in load_workbook(out).active[2]]
    assert (row[6], row[7], row[9]) == ("办法已印发", "已完成", "绿灯")


def test_progress_sheet_with_errors_records_nothing(data_dir, tmp_path):
    first = task_ids(data_dir)[0]
    sheet = tmp_path / "progress.csv"
    sheet.write_text(f"任务编号,状态,进展情况\n{first},已完成,好\n{first}x,推进中,好\n", encoding="utf-8")
    result = run("progress", str(sheet), "--by", "督查室", "--json", "--data-dir", data_dir)
    assert result.returncode == 2 and "nothing was" in result.stderr
    body = json.loads(result.stdout)
    assert body["recorded"] == 0 and [r["outcome"] for r in body["rows"]] == ["matched", "error"]
    out = tmp_path / "ledger.xlsx"
    run("export", "--format", "xlsx", "-o", str(out), "--data-dir", data_dir)
    assert load_workbook(out).active["H2"].value == "未开始"


def test_progress_refuses_a_file_that_is_not_a_sheet(data_dir, tmp_path):
    doc = tmp_path / "p.txt"
    doc.write_text("x", encoding="utf-8")
    result = run("progress", str(doc), "--data-dir", data_dir)
    assert result.returncode == 2 and "a progress sheet is one of" in result.stderr  # a file, so not a task id

