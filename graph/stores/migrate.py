"""Moving a graph saved by the old embedded store (networkx, `graph.json`, format 1) into the
SQLite store: once, in one transaction, with a message; the old file is kept beside it as
`graph.json.migrated`. A file that is not a well-formed format-1 graph is refused with an error
naming the file and what is wrong, and nothing is written."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Protocol

from graph.errors import StoreError
from graph.facts import EDGE_TYPES, NODE_LABELS, Edge, Node

OLD_FILE = "graph.json"
FORMAT_VERSION = 1
DONE_KEY = "migrated_graph_json"
log = logging.getLogger("dutygraph.store")


class MigrationTarget(Protocol):
    """What migrating needs of a store (the SQLite store, which calls this as it opens: typed by
    what it does, so this module needs no import of the store)."""

    path: Path

    def meta(self, key: str) -> Any: ...
    def set_meta(self, key: str, value: Any) -> None: ...
    def counts(self) -> dict[str, int]: ...
    def write_rows(self, nodes: list[Node], edges: list[Edge]) -> None: ...


def migrate_graph_json(store: MigrationTarget, data_dir: Path) -> bool:
    """Migrate `data_dir/graph.json` into `store` when it is there and the store holds no
    documents yet; return True when it did."""
    path = data_dir / OLD_FILE
    if not path.exists() or store.meta(DONE_KEY) is not None:
        return False
    if store.counts().get("Document"):
        log.warning("%s: not migrated: %s already holds documents (move %s away to silence this)",
                    path, store.path, OLD_FILE)
        return False
    nodes, edges = read_graph_json(path)
    store.write_rows(nodes, edges)
    store.set_meta(DONE_KEY, str(path))
    try:
        path.replace(path.with_name(OLD_FILE + ".migrated"))
    except OSError:  # another process migrated it at the same time; the meta key says it is done
        pass
    documents = sum(1 for n in nodes if n.label == "Document")
    log.warning("%s: migrated %d documents (%d nodes, %d edges) into %s; the old file is kept as %s.migrated",
                path, documents, len(nodes), len(edges), store.path, OLD_FILE)
    return True


def read_graph_json(path: Path) -> tuple[list[Node], list[Edge]]:
    """Return the nodes and edges of a format-1 graph file; raise StoreError on anything else."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: cannot read the saved graph ({exc}); move it away to start empty") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise StoreError(f"{path}: saved graph has format {found!r}, expected {FORMAT_VERSION}")
    nodes = [_node(path, i, raw) for i, raw in enumerate(_list(path, data, "nodes"))]
    ids = {n.id for n in nodes}
    if len(ids) != len(nodes):
        raise StoreError(f"{path}: the saved graph lists a node id twice; move it away to start empty")
    documents = {n.id for n in nodes if n.label == "Document"}
    edges = [_edge(path, i, raw, ids, documents) for i, raw in enumerate(_list(path, data, "edges"))]
    return nodes, edges


def _list(path: Path, data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise StoreError(f"{path}: saved graph has no list of {key}")
    return value


def _node(path: Path, index: int, raw: Any) -> Node:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise StoreError(f"{path}: node {index} has no id")
    if raw.get("label") not in NODE_LABELS:
        raise StoreError(f"{path}: node {index} ({raw['id']!r}) has label {raw.get('label')!r}, "
                         f"not one of {', '.join(NODE_LABELS)}")
    if not isinstance(raw.get("props"), dict):
        raise StoreError(f"{path}: node {index} ({raw['id']!r}) has no properties")
    return Node(raw["id"], raw["label"], raw["props"])


def _edge(path: Path, index: int, raw: Any, ids: set[str], documents: set[str]) -> Edge:
    if not isinstance(raw, dict):
        raise StoreError(f"{path}: edge {index} is not an object")
    where = f"{path}: edge {index} ({raw.get('source')!r} → {raw.get('target')!r})"
    if raw.get("source") not in ids or raw.get("target") not in ids:
        raise StoreError(f"{where} points at a node the file does not have")
    if raw.get("type") not in EDGE_TYPES:
        raise StoreError(f"{where} has type {raw.get('type')!r}, not one of {', '.join(EDGE_TYPES)}")
    if raw.get("doc") not in documents:
        raise StoreError(f"{where} belongs to document {raw.get('doc')!r}, which the file does not have")
    props = {k: v for k, v in raw.items() if k not in ("source", "target", "key", "type")}
    return Edge(raw["source"], raw["target"], raw["type"], props)
