"""The Neo4j store's half of lineage (graph.lineage): links as relationships between the nodes
they join (graph.stores.cypher_lineage), written in one transaction per document, and the links
made or undone by hand as :Ledger nodes, each with its audit line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from neo4j import ManagedTransaction

from graph.lineage.records import DocLink, LinkFilter, LinkOverride, TaskLink
from graph.store import TaskRow
from graph.stores import cypher_lineage as cl
from graph.stores.neo4j_ledger import _append_audit, _bump, _next_seq

T = TypeVar("T")
_ENDS = ("source_doc", "target_doc")


class Neo4jLineage:
    """Lineage methods of Neo4jStore (which gives the sessions)."""

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        raise NotImplementedError

    def ensure_schema(self) -> None:
        raise NotImplementedError

    def _task_rows(self, task_ids: Sequence[str]) -> list[TaskRow]:
        raise NotImplementedError

    def write_lineage(self, doc_id: str, doc_links: Sequence[DocLink], task_links: Sequence[TaskLink]) -> None:
        self.ensure_schema()

        def work(tx: ManagedTransaction) -> None:
            # the Meta node's lock first: two documents relinked at once would each clear the links
            # between them before either created them, and both create them (SQLite's write lock
            # serialises whole transactions already)
            _bump(tx)
            for kind in cl.TYPES:
                for end in _ENDS:
                    tx.run(cl.clear_document(kind, end), doc=doc_id).consume()
            for kind in cl.TYPES:
                docs = [{"source": d.source, "target": d.target, "props": _doc_props(d)}
                        for d in doc_links if d.kind == kind]
                tasks = [{"source": t.source, "target": t.target, "props": _task_props(t)}
                         for t in task_links if t.kind == kind]
                if docs:
                    tx.run(cl.create_links(kind, "Document"), rows=docs).consume()
                for i in range(0, len(tasks), 2000):
                    tx.run(cl.create_links(kind, "Task"), rows=tasks[i:i + 2000]).consume()

        self._write(work)

    def doc_links(self, doc_id: str | None = None) -> list[DocLink]:
        rows = self._read(cl.DOC_LINKS_OF, doc=doc_id) if doc_id is not None else self._read(cl.DOC_LINKS)
        return [DocLink(r["source"], r["target"], cl.KIND_OF[r["type"]], r["how"] or "", r["evidence"] or "")
                for r in rows]

    def task_links(self, where: LinkFilter) -> list[TaskLink]:
        kind_type = cl.TYPES[where.kind] if where.kind else None
        params = {"source_doc": where.source_doc, "target_doc": where.target_doc, "type": kind_type}
        if where.tasks:
            rows = self._read(cl.TASK_LINKS_OF, ids=list(where.tasks), **params)
        else:
            end, doc = ("source_doc", where.source_doc) if where.source_doc else ("target_doc", where.target_doc)
            if doc is None:
                raise ValueError("a task link read needs tasks or a document")
            kinds = [where.kind] if where.kind else list(cl.TYPES)
            rows = [r for kind in kinds for r in self._read(cl.links_of_document(kind, end), doc=doc, **params)]
        return [_task_link(r) for r in rows]

    def task_descent(self, task_id: str, depth: int) -> list[TaskLink]:
        return [_task_link(r) for r in self._read(cl.DESCENT, id=task_id, depth=depth)]

    def tasks_by_id(self, task_ids: Sequence[str]) -> list[TaskRow]:
        return self._task_rows(task_ids)

    def add_link_override(self, override: LinkOverride) -> None:
        self.ensure_schema()

        def work(tx: ManagedTransaction) -> None:
            base = _next_seq(tx, 2)
            tx.run(cl.INSERT_OVERRIDE, row={**override.as_json(), "seq": base + 1}).consume()
            _append_audit(tx, [override.audit_entry()], base + 1)
            _bump(tx)

        self._write(work)

    def link_overrides(self) -> list[LinkOverride]:
        return [LinkOverride(r["source"], r["target"], r["kind"], r["action"], r["by"], r["reason"],
                             datetime.fromisoformat(r["at"])) for r in self._read(cl.OVERRIDES)]


def _doc_props(link: DocLink) -> dict[str, Any]:
    return {"how": link.how, "evidence": link.evidence, "source_doc": link.source, "target_doc": link.target}


def _task_props(link: TaskLink) -> dict[str, Any]:
    return {"source_doc": link.source_doc, "target_doc": link.target_doc, "relation": link.relation,
            "piece": link.piece, "score": link.score, "evidence": link.evidence_json()}


def _task_link(r: dict[str, Any]) -> TaskLink:
    return TaskLink(cl.KIND_OF[r["type"]], r["source"], r["target"], r["source_doc"], r["target_doc"],
                    r["relation"], r["piece"], float(r["score"]), TaskLink.evidence_of(r["evidence"]))
