"""The embedded store keeps the graph across restarts, and says clearly when its file is bad."""

from __future__ import annotations

import pytest

from graph.errors import StoreError
from graph.nx_store import NetworkxStore
from graph.service import load_parsed
from loaders import parse_file


def test_restart_keeps_the_graph(tmp_path, seed_path):
    first = NetworkxStore(tmp_path)
    load_parsed(first, parse_file(seed_path))
    counts = first.counts()
    first.close()
    again = NetworkxStore(tmp_path)
    assert again.counts() == counts
    assert load_parsed(again, parse_file(seed_path)).status == "unchanged"
    doc = again.nodes("Document")[0]
    assert again.delete_document(doc.id)
    assert NetworkxStore(tmp_path).counts() == {"edges": 0}


def test_batch_saves_once_at_the_end(tmp_path, seed_path):
    store = NetworkxStore(tmp_path)
    with store.batch():
        load_parsed(store, parse_file(seed_path))
        assert not (tmp_path / "graph.json").exists()
    assert (tmp_path / "graph.json").exists()


def test_corrupt_file_is_a_clear_error(tmp_path):
    (tmp_path / "graph.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="graph.json: cannot read the saved graph"):
        NetworkxStore(tmp_path)


def test_memory_only_store(seed_path):
    store = NetworkxStore(None)
    load_parsed(store, parse_file(seed_path))
    assert store.counts()["Task"] == 8
