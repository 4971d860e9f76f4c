"""The embedded store: a networkx MultiDiGraph, persisted as JSON in a data directory.

Writes are atomic per document: every change is logged and undone if anything fails midway.
The file is replaced atomically (write to a temp file, then rename), once per write or once per
`batch()`."""

from __future__ import annotations

import bisect
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import StoreError
from graph.facts import DocumentFacts, Edge, Node, clean_props
from graph.rwlock import ReadWriteLock
from graph.store import AssignmentRow, MentionRow, Progress, TaskRow, dedupe_mentions, report

FILE_NAME = "graph.json"


@dataclass(frozen=True)
class _DueIndex:
    by_md: list[tuple[int, str]]  # every dated task by MMDD
    by_sort: list[tuple[int, str]]  # tasks whose year is known, by YYYYMMDD
    undated_md: list[tuple[int, str]]  # tasks whose year is unknown, by MMDD
FORMAT_VERSION = 1


class NetworkxStore:
    """GraphStore over networkx; `path=None` keeps the graph in memory only."""

    kind = "networkx"

    def __init__(self, data_dir: Path | None = None) -> None:
        self.graph = nx.MultiDiGraph()
        self._lock = threading.RLock()
        self._views = ReadWriteLock()  # whole API requests read one state; writes wait for them
        self._doc_edges: dict[str, list[tuple[str, str, int]]] = {}
        self._batch_depth = 0
        self._due: _DueIndex | None = None
        self._by_label: dict[str, dict[str, None]] = {}  # label → node ids, in insertion order
        self._dirty = False
        self.path = Path(data_dir) / FILE_NAME if data_dir is not None else None
        if self.path is not None and self.path.exists():
            self._load()

    # -- writes ------------------------------------------------------------------------------------

    def write_document(self, facts: DocumentFacts, progress: Progress | None = None) -> None:
        self.write_documents([facts], progress)

    def write_documents(self, batch: list[DocumentFacts], progress: Progress | None = None) -> None:
        for facts in batch:
            facts.validate()
        with self._views.writing(), self._lock:
            undo: list[tuple[Any, ...]] = []
            try:
                for facts in batch:
                    self._write_one(facts, undo, progress)
            except BaseException:
                self._undo(undo)
                raise
            self._changed()

    def _write_one(self, facts: DocumentFacts, undo: list[tuple[Any, ...]], progress: Progress | None) -> None:
        self._remove_doc(facts.doc_id, undo)
        report(progress, "removed previous version")
        for node in facts.nodes:
            self._add_node(node, facts.doc_id, undo)
        report(progress, f"wrote {len(facts.nodes)} nodes")
        for edge in facts.edges:
            key = self.graph.add_edge(edge.source, edge.target, type=edge.type, **clean_props(edge.props))
            self._doc_edges.setdefault(facts.doc_id, []).append((edge.source, edge.target, key))
            undo.append(("edge", edge.source, edge.target, key, facts.doc_id))
        report(progress, f"wrote {len(facts.edges)} edges")

    def delete_document(self, doc_id: str) -> bool:
        with self._views.writing(), self._lock:
            if doc_id not in self.graph:
                return False
            undo: list[tuple[Any, ...]] = []
            try:
                self._remove_doc(doc_id, undo)
            except BaseException:
                self._undo(undo)
                raise
            self._changed()
            return True

    @contextmanager
    def consistent_view(self) -> Iterator[None]:
        """Hold off writes while a caller makes several reads that must agree (one API request)."""
        with self._views.reading():
            yield

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Defer saving to the end of the block (one file write for many documents)."""
        with self._lock:
            self._batch_depth += 1
            try:
                yield
            finally:
                self._batch_depth -= 1
                if self._batch_depth == 0 and self._dirty:
                    self._save()

    def _add_node(self, node: Node, doc_id: str, undo: list[tuple[Any, ...]]) -> None:
        if node.id in self.graph:
            docs = self.graph.nodes[node.id]["docs"]
            if doc_id not in docs:
                docs.add(doc_id)
                undo.append(("docs_add", node.id, doc_id))
            return
        self._put_node(node.id, label=node.label, props=clean_props(node.props), docs={doc_id})
        undo.append(("node", node.id))

    def _put_node(self, node_id: str, **attrs: Any) -> None:
        self.graph.add_node(node_id, **attrs)
        self._by_label.setdefault(attrs["label"], {})[node_id] = None

    def _drop_node(self, node_id: str) -> None:
        self._by_label[self.graph.nodes[node_id]["label"]].pop(node_id, None)
        self.graph.remove_node(node_id)

    def _remove_doc(self, doc_id: str, undo: list[tuple[Any, ...]]) -> None:
        touched: set[str] = set()
        for u, v, key in self._doc_edges.pop(doc_id, []):
            attrs = dict(self.graph.edges[u, v, key])
            self.graph.remove_edge(u, v, key)
            undo.append(("removed_edge", u, v, key, attrs, doc_id))
            touched.update((u, v))
        if doc_id in self.graph:
            touched.add(doc_id)
        for node_id in touched:
            docs = self.graph.nodes[node_id]["docs"]
            if doc_id in docs:
                docs.discard(doc_id)
                undo.append(("docs_remove", node_id, doc_id))
            if not docs:
                attrs = dict(self.graph.nodes[node_id])
                self._drop_node(node_id)
                undo.append(("removed_node", node_id, attrs))

    def _undo(self, undo: list[tuple[Any, ...]]) -> None:
        for entry in reversed(undo):
            kind = entry[0]
            if kind == "node":
                self._drop_node(entry[1])
            elif kind == "edge":
                _, u, v, key, doc = entry
                self.graph.remove_edge(u, v, key)
                self._doc_edges[doc].remove((u, v, key))
            elif kind == "docs_add":
                self.graph.nodes[entry[1]]["docs"].discard(entry[2])
            elif kind == "docs_remove":
                self.graph.nodes[entry[1]]["docs"].add(entry[2])
            elif kind == "removed_node":
                self._put_node(entry[1], **entry[2])
            elif kind == "removed_edge":
                _, u, v, key, attrs, doc = entry
                self.graph.add_edge(u, v, key=key, **attrs)
                self._doc_edges.setdefault(doc, []).append((u, v, key))

    # -- reads -------------------------------------------------------------------------------------

    def document_hash(self, doc_id: str) -> str | None:
        with self._lock:
            if doc_id not in self.graph:
                return None
            return self.graph.nodes[doc_id]["props"].get("sha256")

    def node(self, node_id: str) -> Node | None:
        with self._lock:
            if node_id not in self.graph:
                return None
            return _node(node_id, self.graph.nodes[node_id])

    def nodes(self, label: str) -> list[Node]:
        with self._lock:
            return [_node(n, self.graph.nodes[n]) for n in self._by_label.get(label, ())]

    def linked_task_ids(self, node_id: str, role: str | None = None) -> list[str]:
        with self._lock:
            if node_id not in self.graph:
                return []
            found: dict[str, None] = {}
            for u, _, attrs in self.graph.in_edges(node_id, data=True):
                if self.graph.nodes[u]["label"] == "Task" and (role is None or attrs.get("role") == role):
                    found[u] = None
            if role is None:
                for _, v in self.graph.out_edges(node_id):
                    if self.graph.nodes[v]["label"] == "Task":
                        found[v] = None
            return list(found)

    def task_rows(self, task_ids: list[str]) -> list[TaskRow]:
        with self._lock:
            return [self._task_row(t) for t in task_ids
                    if t in self.graph and self.graph.nodes[t]["label"] == "Task"]

    def _task_row(self, task_id: str) -> TaskRow:
        g = self.graph
        assignments, mentions = [], []
        for _, target, attrs in g.out_edges(task_id, data=True):
            node = g.nodes[target]
            if attrs["type"] == "ASSIGNED_TO":
                assignments.append(AssignmentRow(target, node["label"], node["props"]["name"], attrs["role"],
                                                 attrs["order"], attrs["name"], attrs["doc"], attrs["span"],
                                                 attrs["evidence"]))
            elif attrs["type"] in ("CONCERNS", "REFERS_TO"):
                props = node["props"]
                mentions.append(MentionRow(target, attrs["type"], node["label"], props.get("name") or props["title"]))
        props = dict(g.nodes[task_id]["props"])
        problem = props.get("problem")
        problem_text = g.nodes[problem]["props"]["text"] if problem and problem in g else None
        doc = props.get("doc")
        doc_title = g.nodes[doc]["props"].get("title") if doc in g else None
        assignments.sort(key=lambda a: (a.doc, a.order))
        return TaskRow(task_id, props, tuple(assignments), dedupe_mentions(mentions), problem_text, doc_title)

    def task_ids_due_by(self, month: int, year: int | None = None, day: int | None = None) -> list[str]:
        md = month * 100 + (day or 31)
        with self._lock:
            index = self._due_index()
        if year is None:
            return [i for _, i in index.by_md[: bisect.bisect_right(index.by_md, (md, "\uffff"))]]
        dated = index.by_sort[: bisect.bisect_right(index.by_sort, (year * 10000 + md, "\uffff"))]
        undated = index.undated_md[: bisect.bisect_right(index.undated_md, (md, "\uffff"))]
        return [i for _, i in dated] + [i for _, i in undated]

    def _due_index(self) -> _DueIndex:
        """Sorted deadline keys of every task, rebuilt once after writes (bisect answers after)."""
        if self._due is None:
            by_md, by_sort, undated = [], [], []
            for node_id, attrs in self.graph.nodes(data=True):
                props = attrs["props"]
                if attrs["label"] != "Task" or "due_md" not in props:
                    continue
                by_md.append((props["due_md"], node_id))
                if "due_sort" in props:
                    by_sort.append((props["due_sort"], node_id))
                else:
                    undated.append((props["due_md"], node_id))
            self._due = _DueIndex(sorted(by_md), sorted(by_sort), sorted(undated))
        return self._due

    def all_task_ids(self) -> list[str]:
        with self._lock:
            return list(self._by_label.get("Task", ()))

    def edges(self) -> list[Edge]:
        with self._lock:
            return [Edge(u, v, a["type"], {k: val for k, val in a.items() if k != "type"})
                    for u, v, a in self.graph.edges(data=True)]

    def counts(self) -> dict[str, int]:
        with self._lock:
            out = {label: len(ids) for label, ids in self._by_label.items() if ids}
            out["edges"] = self.graph.number_of_edges()
            return out

    def ping(self) -> None:
        return None

    def close(self) -> None:
        with self._lock:
            if self._dirty:
                self._save()

    # -- persistence -------------------------------------------------------------------------------

    def _changed(self) -> None:
        self._due = None
        self._dirty = True
        if self._batch_depth == 0:
            self._save()

    def _save(self) -> None:
        self._dirty = False
        if self.path is None:
            return
        data = {
            "format": FORMAT_VERSION,
            "nodes": [{"id": n, "label": a["label"], "props": a["props"], "docs": sorted(a["docs"])}
                      for n, a in self.graph.nodes(data=True)],
            "edges": [{"source": u, "target": v, "key": k, **a}
                      for u, v, k, a in self.graph.edges(keys=True, data=True)],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        try:
            with tmp.open("w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False)
            os.replace(tmp, self.path)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot save the graph ({exc.strerror})") from exc

    def _load(self) -> None:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{self.path}: cannot read the saved graph ({exc}); move it away to start empty") from exc
        if data.get("format") != FORMAT_VERSION:
            raise StoreError(f"{self.path}: saved graph has format {data.get('format')}, expected {FORMAT_VERSION}")
        for node in data["nodes"]:
            self._put_node(node["id"], label=node["label"], props=node["props"], docs=set(node["docs"]))
        for edge in data["edges"]:
            attrs = {k: v for k, v in edge.items() if k not in ("source", "target", "key")}
            self.graph.add_edge(edge["source"], edge["target"], key=edge["key"], **attrs)
            self._doc_edges.setdefault(attrs["doc"], []).append((edge["source"], edge["target"], edge["key"]))


def _node(node_id: str, attrs: dict[str, Any]) -> Node:
    return Node(node_id, attrs["label"], dict(attrs["props"]))
