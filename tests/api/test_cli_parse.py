"""`dutygraph parse` as a user runs it: a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True, text=True, timeout=60)


def test_parse_json_shape(seed_path):
    result = run("parse", str(seed_path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"document", "problems", "tasks", "warnings"}
    assert set(data["document"]) >= {"id", "title", "issuer", "year", "source"}
    task = data["tasks"][0]
    assert set(task) >= {"id", "number", "path", "title", "text", "problem", "list", "assignments", "deadline",
                         "mentions", "span", "truncated"}
    assert set(task["assignments"][0]) >= {"name", "role", "collective", "span"}
    assert set(task["deadline"]) >= {"raw", "year", "month", "day", "kind", "year_inferred"}
    assert set(task["mentions"]) == {"regions", "platforms", "documents"}


def test_parse_several_files_gives_a_list(seed_path, tmp_path):
    other = tmp_path / "b.txt"
    other.write_text("1.优化服务。(责任单位:县人社局)", encoding="utf-8")
    data = json.loads(run("parse", str(seed_path), str(other), "--json").stdout)
    assert isinstance(data, list) and len(data) == 2


def test_parse_table_output(seed_path):
    result = run("parse", str(seed_path))
    assert result.returncode == 0
    assert "加快完善产业创新服务综合体建设运行机制" in result.stdout and "lead: 省科技厅" in result.stdout


def test_year_option(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("1.优化服务。(责任单位:县人社局;完成时限:6月底前)", encoding="utf-8")
    data = json.loads(run("parse", str(path), "--json", "--year", "2024").stdout)
    assert data["tasks"][0]["deadline"]["year"] == 2024 and data["tasks"][0]["deadline"]["year_inferred"]


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run("parse", str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == "dutygraph: error: empty.txt: the file is empty"
    assert "Traceback" not in result.stderr


def test_missing_file(tmp_path):
    result = run("parse", str(tmp_path / "nope.txt"))
    assert result.returncode == 2 and "nope.txt" in result.stderr and "Traceback" not in result.stderr
