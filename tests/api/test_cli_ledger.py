"""`dutygraph correct / set-year / progress / corrections / audit` and `load --year`, as a user runs them."""

from __future__ import annotations

import json

import pytest

from tests.api.test_cli_graph import run
from tests.graph.test_ledger_contract import LEDGER_DOC

DOC = "db32f57c41c"  # the id the parser gives ledger.txt (a test below checks it)


@pytest.fixture
def loaded(tmp_path):
    path = tmp_path / "ledger.txt"
    path.write_text(LEDGER_DOC, encoding="utf-8")
    data = str(tmp_path / "data")
    result = run("load", str(path), "--data-dir", data)
    assert result.returncode == 0, result.stderr
    return path, data


def test_correct_from_the_command_line_survives_reload(loaded):
    path, data = loaded
    docs = json.loads(run("documents", "--json", "--data-dir", data).stdout)
    assert [d["id"] for d in docs] == [DOC]
    result = run("correct", f"{DOC}-t1.1", "--add", "省审计厅:co", "--deadline", "2021-04-30", "--by", "王五",
                 "--reason", "原文漏列", "--json", "--data-dir", data)
    assert result.returncode == 0, result.stderr
    assert [c["kind"] for c in json.loads(result.stdout)] == ["add_assignment", "set_deadline"]
    path.write_text(LEDGER_DOC + "6.新增一项任务。(责任单位:省教育厅)\n", encoding="utf-8")
    assert "1 replaced" in run("load", str(path), "--data-dir", data).stdout
    tasks = json.loads(run("query", "agency", "省审计厅", "--json", "--data-dir", data).stdout)
    assert [t["id"] for t in tasks] == [f"{DOC}-t1.1"] and tasks[0]["deadline"]["month"] == 4
    audit = run("audit", "--by", "王五", "--data-dir", data)
    assert audit.stdout.count("correction") == 2


def test_bad_corrections_and_progress_are_refused(loaded):
    _, data = loaded
    wrong_unit = run("correct", f"{DOC}-t1.1", "--add", "省审计厅", "--by", "王五", "--reason", "r", "--data-dir", data)
    assert wrong_unit.returncode == 2 and "write UNIT:lead or UNIT:co" in wrong_unit.stderr
    wrong_status = run("progress", f"{DOC}-t1.1", "--status", "快好了", "--by", "张三", "--data-dir", data)
    assert wrong_status.returncode == 2 and "is not one of 未开始" in wrong_status.stderr
    unknown = run("progress", "nope", "--status", "推进中", "--by", "张三", "--data-dir", data)
    assert unknown.returncode == 2 and "no task with id 'nope'" in unknown.stderr
    assert run("audit", "--json", "--data-dir", data).stdout.strip() == "[]"


def test_progress_and_history(loaded):
    _, data = loaded
    assert run("progress", f"{DOC}-t1.2", "--status", "推进中", "--note", "已完成初稿", "--by", "李四",
               "--reported", "2021-05-01", "--data-dir", data).returncode == 0
    history = json.loads(run("progress", f"{DOC}-t1.2", "--json", "--data-dir", data).stdout)
    assert [(p["status"], p["note"], p["reported"]) for p in history] == [("推进中", "已完成初稿", "2021-05-01")]


def test_set_year_and_load_year(loaded, tmp_path):
    path, data = loaded
    before = run("query", "due", "--month", "9", "--year", "2021", "--json", "--data-dir", data)
    assert "9月底前" not in before.stdout and f"of a year the document does not give (not placed in 2021): {DOC}-t2.4" \
        in before.stderr
    assert run("set-year", DOC, "2021", "--by", "王五", "--reason", "落款", "--data-dir", data).returncode == 0
    due = json.loads(run("query", "due", "--month", "9", "--year", "2021", "--json", "--data-dir", data).stdout)
    assert [t["deadline"]["year"] for t in due if t["deadline"]["raw"] == "9月底前"] == [2021]
    other = str(tmp_path / "other")
    run("load", str(path), "--data-dir", other)
    result = run("load", str(path), "--year", "2022", "--data-dir", other)  # unchanged file, a year given now
    assert "1 replaced" in result.stdout, result.stdout
    assert "unchanged" in run("load", str(path), "--year", "2022", "--data-dir", other).stdout
