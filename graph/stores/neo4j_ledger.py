"""The Neo4j store's half of the supervision ledger: progress, corrections and audit lines as
:Ledger nodes (graph.stores.cypher_ledger). Each write is one transaction with its audit lines,
committed before the call returns; the driver retries it whole on a transient failure."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from neo4j import ManagedTransaction

from graph.facts import EDGE_TYPES, DocumentFacts, Edge, Node
from graph.ledger import records
from graph.stores import cypher, cypher_ledger
from graph.stores.ledger_values import audit_values, correction_values, progress_values

T = TypeVar("T")
META = "graph"  # the Meta node (graph.stores.neo4j.META): its counter numbers ledger records


class Neo4jLedger:
    """Ledger methods of Neo4jStore (which gives the sessions)."""

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        raise NotImplementedError

    def ensure_schema(self) -> None:
        raise NotImplementedError

    def document_facts(self, doc_id: str) -> DocumentFacts | None:
        edges = [Edge(r["source"], r["target"], edge_type, dict(r["props"])) for edge_type in EDGE_TYPES
                 for r in self._read(cypher_ledger.document_edges(edge_type), doc=doc_id)]
        ids = sorted({doc_id} | {e.source for e in edges} | {e.target for e in edges})
        nodes = [_node(r["id"], r["label"], r["props"]) for r in self._read(cypher_ledger.NODES_BY_ID, ids=ids)]
        return records.facts_of(doc_id, nodes, edges)

    def existing_tasks(self, task_ids: Sequence[str]) -> set[str]:
        return {r["id"] for r in self._read(cypher_ledger.EXISTING_TASKS, ids=list(task_ids))}

    def add_progress(self, entries: Sequence[records.Progress]) -> None:
        if not entries:
            return
        self.ensure_schema()

        def work(tx: ManagedTransaction) -> None:
            base = _next_seq(tx, 2 * len(entries))
            docs = {r["id"]: r["doc"] for r in tx.run(cypher_ledger.EXISTING_TASKS,
                                                      ids=sorted({p.task_id for p in entries}))}
            tx.run(cypher_ledger.INSERT_PROGRESS, rows=[{**progress_values(p), "seq": base + i}
                                                        for i, p in enumerate(entries, 1)]).consume()
            audit = [p.audit_entry(docs.get(p.task_id)) for p in entries]
            _append_audit(tx, audit, base + len(entries))
            _bump(tx)  # lights and cached answers change with progress

        self._write(work)

    def progress_history(self, task_id: str) -> list[records.Progress]:
        return [_progress(r) for r in self._read(cypher_ledger.PROGRESS_HISTORY, task=task_id)]

    def latest_progress(self, task_ids: Sequence[str], as_of: date | None = None) -> dict[str, records.Progress]:
        rows = self._read(cypher_ledger.LATEST_PROGRESS, ids=list(dict.fromkeys(task_ids)),
                          as_of=as_of.isoformat() if as_of else None)
        return {r["task"]: _progress(r) for r in rows}

    def audit(self, where: records.AuditFilter, limit: int | None,
              offset: int = 0) -> tuple[int, list[records.AuditEntry]]:
        start, end = where.bounds()
        row = self._read(cypher_ledger.AUDIT, by=where.by, start=start, end=end, doc=where.document,
                         task=where.task, offset=offset, limit=cypher.LIMIT_NONE if limit is None else limit)[0]
        return row["total"], [_audit(a) for a in row["rows"]]

    def add_corrections(self, corrections: Sequence[records.Correction]) -> None:
        if not corrections:
            return
        self.ensure_schema()
        n = len(corrections)

        def work(tx: ManagedTransaction) -> None:
            base = _next_seq(tx, 2 * n)
            rows = [{**correction_values(c), "seq": base + i} for i, c in enumerate(corrections, 1)]
            tx.run(cypher_ledger.INSERT_CORRECTIONS, rows=rows).consume()
            _append_audit(tx, [c.audit_entry() for c in corrections], base + n)
            _bump(tx)

        self._write(work)

    def corrections(self, doc: str | None = None, task: str | None = None,
                    state: str | None = None) -> list[records.Correction]:
        return [_correction(r["c"]) for r in self._read(cypher_ledger.CORRECTIONS, doc=doc, task=task, state=state)]

    def set_correction_states(self, states: dict[str, tuple[str, str]]) -> None:
        if not states:
            return
        rows = [{"id": i, "state": s, "state_reason": why} for i, (s, why) in states.items()]
        self._write(lambda tx: tx.run(cypher_ledger.SET_CORRECTION_STATES, rows=rows).consume())


def _node(node_id: str, label: str, props: dict[str, Any]) -> Node:
    """A node as its facts gave it: without the keys this store adds for its indexes."""
    return Node(node_id, label, {k: v for k, v in dict(props).items() if k not in cypher.INTERNAL and k != "id"})


def _next_seq(tx: ManagedTransaction, n: int) -> int:
    """Reserve `n` numbers of the ledger's counter; return the one before the first."""
    return int(tx.run(cypher_ledger.NEXT_SEQ, meta=META, schema=cypher.SCHEMA_VERSION, n=n).single(strict=True)["base"])


def _bump(tx: ManagedTransaction) -> None:
    tx.run(cypher.BUMP_VERSION, meta=META, schema=cypher.SCHEMA_VERSION).consume()


def _without_nulls(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}  # as before: absent properties, not nulls, on audit nodes


def _append_audit(tx: ManagedTransaction, entries: list[records.AuditEntry], after: int) -> None:
    rows = [{**_without_nulls(audit_values(e)), "seq": after + i} for i, e in enumerate(entries, 1)]
    tx.run(cypher_ledger.INSERT_AUDIT, rows=rows).consume()




def _progress(r: dict[str, Any]) -> records.Progress:
    return records.Progress(r["task"], r["status"], r["note"], date.fromisoformat(r["reported"]), r["by"],
                           datetime.fromisoformat(r["recorded_at"]))


def _audit(a: dict[str, Any]) -> records.AuditEntry:
    return records.AuditEntry(datetime.fromisoformat(a["at"]), a["by"], a["action"], a.get("task"), a.get("doc"),
                             a["reason"], json.loads(a["detail"]))



def _correction(c: dict[str, Any]) -> records.Correction:
    return records.Correction(id=c["id"], seq=c["seq"], doc=c["doc"], path=c["path"], text_hash=c["text_hash"],
                             task_id=c["task"], kind=c["kind"], payload=json.loads(c["payload"]), by=c["by"],
                             reason=c["reason"], at=datetime.fromisoformat(c["at"]), state=c["state"],
                             state_reason=c["state_reason"])
