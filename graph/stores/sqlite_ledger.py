"""The SQLite store's half of the supervision ledger: progress, corrections and the audit log in
tables of their own (graph.stores.sql_ledger). Each write is one transaction with its audit
lines, committed (synchronous=FULL) before the call returns."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any

from graph.facts import DocumentFacts, Edge, Node
from graph.ledger import records
from graph.stores import sql_ledger as sql
from graph.stores.ledger_values import as_json, audit_values, correction_values, progress_values


class SqliteLedger:
    """Ledger methods of SqliteStore (which gives the transactions and read connections)."""

    def _transaction(self, work: Any) -> Any:
        raise NotImplementedError

    def _reading(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def document_facts(self, doc_id: str) -> DocumentFacts | None:
        with self._reading() as conn:
            nodes = [Node(r[0], r[1], json.loads(r[2])) for r in conn.execute(sql.DOCUMENT_NODES, {"doc": doc_id})]
            edges = [Edge(r[0], r[1], r[2], json.loads(r[3]))
                     for r in conn.execute(sql.DOCUMENT_EDGES, {"doc": doc_id})]
        return records.facts_of(doc_id, nodes, edges)

    def existing_tasks(self, task_ids: Sequence[str]) -> set[str]:
        with self._reading() as conn:
            return {r[0] for r in conn.execute(sql.EXISTING_TASKS, {"ids": as_json(list(task_ids))})}

    def add_progress(self, entries: Sequence[records.Progress]) -> None:
        if not entries:
            return

        def work(conn: sqlite3.Connection) -> None:
            conn.executemany(sql.INSERT_PROGRESS, [progress_values(p) for p in entries])
            conn.executemany(sql.INSERT_AUDIT, [audit_values(p.audit_entry(doc))
                                                for p, doc in zip(entries, _docs(conn, entries), strict=True)])

        self._transaction(work)  # bumps the version: lights and cached answers change with progress

    def progress_history(self, task_id: str) -> list[records.Progress]:
        with self._reading() as conn:
            return [_progress(r) for r in conn.execute(sql.PROGRESS_HISTORY, {"task": task_id})]

    def latest_progress(self, task_ids: Sequence[str], as_of: date | None = None) -> dict[str, records.Progress]:
        with self._reading() as conn:
            rows = conn.execute(sql.LATEST_PROGRESS, {"ids": as_json(list(task_ids)),
                                                      "as_of": as_of.isoformat() if as_of else None}).fetchall()
        return {r[0]: _progress(r) for r in rows}

    def audit(self, where: records.AuditFilter, limit: int | None,
              offset: int = 0) -> tuple[int, list[records.AuditEntry]]:
        start, end = where.bounds()
        params = {"by": where.by, "start": start, "end": end, "doc": where.document, "task": where.task,
                  "limit": -1 if limit is None else limit, "offset": offset}
        with self._reading() as conn:
            total = conn.execute(sql.AUDIT_COUNT, params).fetchone()[0]
            rows = conn.execute(sql.AUDIT_PAGE, params).fetchall()
        return total, [_audit(r) for r in rows]

    def add_corrections(self, corrections: Sequence[records.Correction]) -> None:
        def work(conn: sqlite3.Connection) -> None:
            for correction in corrections:  # one at a time: each takes the next seq
                conn.execute(sql.INSERT_CORRECTION, correction_values(correction))
                conn.execute(sql.INSERT_AUDIT, audit_values(correction.audit_entry()))

        self._transaction(work)

    def corrections(self, doc: str | None = None, task: str | None = None,
                    state: str | None = None) -> list[records.Correction]:
        with self._reading() as conn:
            rows = conn.execute(sql.CORRECTIONS, {"doc": doc, "task": task, "state": state}).fetchall()
        return [_correction(r) for r in rows]

    def set_correction_states(self, states: dict[str, tuple[str, str]]) -> None:
        if not states:
            return

        def work(conn: sqlite3.Connection) -> None:
            conn.executemany(sql.SET_CORRECTION_STATE, [{"id": i, "state": s, "state_reason": why}
                                                        for i, (s, why) in states.items()])

        self._transaction(work)


def _docs(conn: sqlite3.Connection, entries: Sequence[records.Progress]) -> list[str | None]:
    """Return the document of each entry's task (the audit log is filtered by document)."""
    ids = as_json(sorted({p.task_id for p in entries}))
    found = dict(conn.execute(sql.TASK_DOCS, {"ids": ids}).fetchall())
    return [found.get(p.task_id) for p in entries]




def _progress(row: Any) -> records.Progress:
    return records.Progress(row[0], row[1], row[2], date.fromisoformat(row[3]), row[4], datetime.fromisoformat(row[5]))



def _audit(row: Any) -> records.AuditEntry:
    return records.AuditEntry(datetime.fromisoformat(row[0]), row[1], row[2], row[3], row[4], row[5],
                              json.loads(row[6]))



def _correction(row: Any) -> records.Correction:
    return records.Correction(id=row[0], seq=row[1], doc=row[2], path=row[3], text_hash=row[4], task_id=row[5],
                             kind=row[6], payload=json.loads(row[7]), by=row[8], reason=row[9],
                             at=datetime.fromisoformat(row[10]), state=row[11], state_reason=row[12])
