"""The embedded SQLite store keeps the graph across restarts in one file, says clearly when that
file (or an old graph.json) is bad, and migrates the old networkx store's graph.json once."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import date

import pytest

from graph import queries
from graph.build import build_facts
from graph.errors import StoreError
from graph.service import load_parsed
from graph.stores.sqlite import FILE_NAME, SqliteStore
from loaders import parse_file


def test_restart_keeps_the_graph(tmp_path, seed_path):
    first = SqliteStore(tmp_path)
    load_parsed(first, parse_file(seed_path))
    counts = first.counts()
    first.close()
    again = SqliteStore(tmp_path)
    assert again.counts() == counts
    assert load_parsed(again, parse_file(seed_path)).status == "unchanged"
    doc = again.nodes("Document")[0]
    assert again.delete_document(doc.id)
    again.close()
    assert SqliteStore(tmp_path).counts() == {"edges": 0}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(FILE_NAME)]  # one file (and its WAL)


def test_the_file_is_in_wal_mode_with_full_sync(tmp_path):
    SqliteStore(tmp_path).close()
    conn = sqlite3.connect(tmp_path / FILE_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(StoreError, match=f"{FILE_NAME}: cannot .* the database"):
        SqliteStore(tmp_path)


def test_a_newer_schema_is_refused(tmp_path):
    SqliteStore(tmp_path).close()
    conn = sqlite3.connect(tmp_path / FILE_NAME)
    conn.execute("UPDATE meta SET value = 99 WHERE key = 'schema'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="made by a newer dutygraph"):
        SqliteStore(tmp_path)


def test_deleting_what_is_not_a_document_deletes_nothing(tmp_path, seed_path):
    store = SqliteStore(tmp_path)
    load_parsed(store, parse_file(seed_path))
    before, version = store.counts(), store.version()
    task = queries.all_tasks(store)[0]
    for not_a_document in (task.id, "agency:浙江省财政厅", "nope"):
        assert store.delete_document(not_a_document) is False
    assert store.counts() == before and store.version() == version


# -- the old graph.json ----------------------------------------------------------------------------------

def old_graph_json(facts_list) -> dict:
    """A graph as the networkx store saved it (format 1): nodes with the documents naming them,
    edges with a multigraph key and their attributes flattened."""
    nodes: dict[str, dict] = {}
    edges = []
    for facts in facts_list:
        for n in facts.nodes:
            entry = nodes.setdefault(n.id, {"id": n.id, "label": n.label,
                                            "props": {k: v for k, v in n.props.items() if v is not None}, "docs": []})
            entry["docs"].append(facts.doc_id)
        for i, e in enumerate(facts.edges):
            edges.append({"source": e.source, "target": e.target, "key": i, "type": e.type,
                          **{k: v for k, v in e.props.items() if v is not None}})
    return {"format": 1, "nodes": list(nodes.values()), "edges": edges}


@pytest.fixture
def seed_facts(seed_path):
    return build_facts(parse_file(seed_path))


def test_graph_json_is_migrated_once_with_a_message(tmp_path, seed_facts, caplog):
    (tmp_path / "graph.json").write_text(json.dumps(old_graph_json([seed_facts]), ensure_ascii=False), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="dutygraph.store"):
        store = SqliteStore(tmp_path)
    assert "graph.json: migrated 1 documents" in caplog.text
    assert not (tmp_path / "graph.json").exists() and (tmp_path / "graph.json.migrated").exists()
    sci = queries.resolve_agency(store, "省科技厅").id
    assert sorted(t.props["number"] for t in queries.agency_tasks(store, sci)) == [1, 2, 3, 4, 5, 6, 7]
    assert queries.agency_summaries(store, date(2026, 1, 1), limit=1).rows[0].tasks == 7
    assert store.document_hash(seed_facts.doc_id) == seed_facts.sha256
    store.close()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="dutygraph.store"):
        again = SqliteStore(tmp_path)
    assert caplog.text == "" and again.counts()["Task"] == 8


def test_migrated_graph_answers_like_a_loaded_one(tmp_path, seed_path, seed_facts):
    loaded = SqliteStore(tmp_path / "loaded")
    load_parsed(loaded, parse_file(seed_path))
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "graph.json").write_text(json.dumps(old_graph_json([seed_facts])), encoding="utf-8")
    migrated = SqliteStore(tmp_path / "old")
    assert migrated.counts() == loaded.counts()
    today = date(2021, 7, 1)
    for name in ("省科技厅", "省财政厅"):
        agency = queries.resolve_agency(loaded, name).id
        assert queries.agency_load(migrated, agency, today) == queries.agency_load(loaded, agency, today)
    assert [t.id for t in queries.year_unknown_in_month(migrated, 6)] == [t.id for t in queries.year_unknown_in_month(loaded, 6)]


BAD = {
    "not json": ("{not json", "cannot read the saved graph"),
    "wrong format": (json.dumps({"format": 7, "nodes": [], "edges": []}), "saved graph has format 7, expected 1"),
    "a list": ("[]", "saved graph has format 'list', expected 1"),
    "no nodes": (json.dumps({"format": 1, "edges": []}), "saved graph has no list of nodes"),
    "node without label": (json.dumps({"format": 1, "nodes": [{"id": "x", "props": {}}], "edges": []}),
                           "node 0 \\('x'\\) has label None"),
    "node without id": (json.dumps({"format": 1, "nodes": [{"label": "Task", "props": {}}], "edges": []}),
                        "node 0 has no id"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_graph_json_is_a_clear_error_and_writes_nothing(tmp_path, case):
    text, message = BAD[case]
    (tmp_path / "graph.json").write_text(text, encoding="utf-8")
    with pytest.raises(StoreError, match="graph.json: " + message):
        SqliteStore(tmp_path)
    assert (tmp_path / "graph.json").exists()
    conn = sqlite3.connect(tmp_path / FILE_NAME)
    assert conn.execute("SELECT count(*) FROM nodes").fetchone()[0] == 0
    conn.close()


def test_half_a_graph_is_refused_not_half_loaded(tmp_path, seed_facts):
    data = old_graph_json([seed_facts])
    data["nodes"] = data["nodes"][: len(data["nodes"]) // 2]  # edges now point at missing nodes
    (tmp_path / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match="graph.json: edge \\d+ .* points at a node the file does not have"):
        SqliteStore(tmp_path)
    data = old_graph_json([seed_facts])
    data["edges"][3]["doc"] = "elsewhere"
    (tmp_path / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match="belongs to document 'elsewhere', which the file does not have"):
        SqliteStore(tmp_path)
