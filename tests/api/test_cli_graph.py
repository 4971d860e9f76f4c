"""`dutygraph load / query / export / documents / delete` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def data_dir(tmp_path, seed_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(seed_path.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    result = run("load", str(folder), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2  # one file failed, the others loaded
    assert "1 documents (1 new, 0 replaced, 0 unchanged), 8 tasks" in result.stdout
    assert "empty.txt: the file is empty" in result.stderr
    return str(tmp_path / "data")


def test_load_prints_each_documents_warnings(tmp_path, seed_path):
    result = run("load", str(seed_path), "--data-dir", str(tmp_path / "data"))
    assert "warnings in seed.txt:" in result.stdout
    assert "no responsible unit" in result.stdout or "truncated" in result.stdout


def test_reload_reports_unchanged(data_dir, seed_path):
    result = run("load", str(seed_path), "--data-dir", data_dir)
    assert result.returncode == 0 and "(0 new, 0 replaced, 1 unchanged)" in result.stdout


def test_query_agency_json(data_dir):
    result = run("query", "agency", "finance department", "--json", "--data-dir", data_dir)
    assert result.returncode == 0, result.stderr
    tasks = json.loads(result.stdout)
    assert [t["number"] for t in tasks] == [1, 3]
    assert tasks[0]["assignments"][1]["written"] == "省财政厅"


def test_query_agency_role(data_dir):
    result = run("query", "agency", "省科技厅", "--role", "lead", "--data-dir", data_dir)
    assert result.stdout.startswith("5 tasks 浙江省科学技术厅 (lead)")


def test_query_load(data_dir):
    data = json.loads(run("query", "load", "省科技厅", "--json", "--data-dir", data_dir).stdout)
    assert data["by_role"] == {"lead": 5, "co": 2} and data["co_agencies"][0]["shared_tasks"] == 2


def test_query_shared_due_unowned(data_dir):
    shared = json.loads(run("query", "shared", "省科技厅", "省经信厅", "--json", "--data-dir", data_dir).stdout)
    assert [t["number"] for t in shared] == [4, 5]
    due = run("query", "due", "--month", "6", "--year", "2021", "--json", "--data-dir", data_dir)
    # the seed's deadlines lost their year: none placed in 2021, the three of June named apart
    assert json.loads(due.stdout) == [] and "3 tasks fall due in month 6 of a year the document does not give" in \
        due.stderr
    unowned = json.loads(run("query", "unowned", "--json", "--data-dir", data_dir).stdout)
    assert [t["number"] for t in unowned] == [8]


def test_unknown_agency_is_a_clear_error(data_dir):
    result = run("query", "agency", "省气象局", "--data-dir", data_dir)
    assert result.returncode == 2 and "no agency matches '省气象局'" in result.stderr


def test_export_raci(data_dir):
    rows = list(csv.reader(io.StringIO(run("export", "--format", "raci", "--data-dir", data_dir).stdout)))
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert (first["浙江省科学技术厅"], first["浙江省财政厅"], first["浙江省经济和信息化厅"]) == ("L", "C", "")
    assert len(rows) == 9


@pytest.mark.parametrize("fmt, marker", [("graphml", "<graphml"), ("json", '"nodes"'), ("csv", "task_id,document")])
def test_export_formats(data_dir, tmp_path, fmt, marker):
    out = tmp_path / f"graph.{fmt}"
    assert run("export", "--format", fmt, "-o", str(out), "--data-dir", data_dir).returncode == 0
    assert marker in out.read_text(encoding="utf-8")


def test_documents_and_delete(data_dir):
    docs = json.loads(run("documents", "--json", "--data-dir", data_dir).stdout)
    assert [d["tasks"] for d in docs] == [8]
    assert run("delete", docs[0]["id"], "--data-dir", data_dir).returncode == 0
    assert json.loads(run("documents", "--json", "--data-dir", data_dir).stdout) == []
    again = run("delete", docs[0]["id"], "--data-dir", data_dir)
    assert again.returncode == 2 and "no document with id" in again.stderr


def test_parse_json_has_canonical_names(seed_path):
    data = json.loads(run("parse", str(seed_path), "--json").stdout)
    first = data["tasks"][0]["assignments"][0]
    assert (first["name"], first["canonical"]) == ("省科技厅", "浙江省科学技术厅")


@pytest.mark.neo4j
def test_load_into_neo4j_from_environment(neo4j_uri, seed_path):
    from graph.stores.neo4j import Neo4jStore

    admin = Neo4jStore(neo4j_uri)
    admin.clear()
    admin.close()
    env = {"DUTYGRAPH_STORE": "neo4j", "NEO4J_URI": neo4j_uri}
    assert run("load", str(seed_path), env=env).returncode == 0
    result = run("query", "agency", "省科技厅", "--json", env=env)
    assert [t["number"] for t in json.loads(result.stdout)] == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.slow  # waits out the driver's connection timeout
def test_unreachable_neo4j_is_a_clear_error(seed_path):
    result = run("load", str(seed_path), "--store", "neo4j", env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert result.returncode == 2 and "Neo4j at bolt://127.0.0.1:1 is not answering" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_graph_json_is_a_one_line_error(tmp_path):
    (tmp_path / "graph.json").write_text('{"format": 1, "nodes": [{"id": "x"}], "edges": []}', encoding="utf-8")
    result = run("documents", "--data-dir", str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("graph.json: node 0 ('x') has label None, not one of Document, Problem, "
                                          "Task, Agency, AgencyGroup, Region, Platform, PolicyDocument, Person")


def test_an_old_graph_json_is_migrated_with_a_message(tmp_path, seed_path):
    from graph.build import build_facts
    from loaders import parse_file
    from tests.graph.test_sqlite_store import old_graph_json

    data = old_graph_json([build_facts(parse_file(seed_path))])
    (tmp_path / "graph.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("query", "agency", "省科技厅", "--json", "--data-dir", str(tmp_path))
    assert result.returncode == 0 and "graph.json: migrated 1 documents" in result.stderr
    assert [t["number"] for t in json.loads(result.stdout)] == [1, 2, 3, 4, 5, 6, 7]
    again = run("documents", "--data-dir", str(tmp_path))
    assert again.returncode == 0 and "migrated" not in again.stderr


def test_cli_export_formats_are_the_exporters():
    from api.cli.graph import EXPORT_FORMATS
    from api.cli.viz import DEFAULT_BUDGET
    from graph.export import FORMATS
    from visualizations.subgraphs import DEFAULT_BUDGET as PAGES_BUDGET

    assert EXPORT_FORMATS == FORMATS and DEFAULT_BUDGET == PAGES_BUDGET


def test_a_query_imports_no_web_framework_drawing_code_or_parser(data_dir):
    code = ("import sys; from api.cli import main; main(['query', 'agency', '省科技厅', '--data-dir', sys.argv[1]]); "
            "heavy = {'fastapi', 'pyvis', 'networkx', 'docx', 'pypdf', 'lxml', 'loaders.parse', 'pypinyin'}; "
            "print(sorted(heavy & set(sys.modules)), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, data_dir], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr.strip().splitlines()[-1] == "[]", result.stderr
