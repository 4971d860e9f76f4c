"""The SQLite store's half of lineage (graph.lineage): document and task links in tables of their
own (graph.stores.sql_lineage), written in one transaction per document, and the links made or
undone by hand, each with its audit line."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from graph.lineage.records import DocLink, LinkFilter, LinkOverride, TaskLink
from graph.store import TaskRow
from graph.stores import sql, sql_ledger, sql_lineage
from graph.stores.ledger_values import audit_values
from graph.stores.sqlite_rows import task_rows


class SqliteLineage:
    """Lineage methods of SqliteStore (which gives the transactions and read connections)."""

    def _transaction(self, work: Any) -> Any:
        raise NotImplementedError

    def _reading(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def write_lineage(self, doc_id: str, doc_links: Sequence[DocLink], task_links: Sequence[TaskLink]) -> None:
        def work(conn: sqlite3.Connection) -> None:
            for statement in sql_lineage.CLEAR_DOCUMENT:
                conn.execute(statement, {"doc": doc_id})
            conn.executemany(sql_lineage.INSERT_DOC_LINK, [link.as_json() for link in doc_links])
            conn.executemany(sql_lineage.INSERT_TASK_LINK, [_task_link_values(link) for link in task_links])

        self._transaction(work)

    def doc_links(self, doc_id: str | None = None) -> list[DocLink]:
        with self._reading() as conn:
            return [DocLink(*r) for r in conn.execute(sql_lineage.DOC_LINKS, {"doc": doc_id})]

    def task_links(self, where: LinkFilter) -> list[TaskLink]:
        params = {"any_task": int(bool(where.tasks)), "ids": json.dumps(list(where.tasks), ensure_ascii=False),
                  "source_doc": where.source_doc, "target_doc": where.target_doc, "kind": where.kind}
        with self._reading() as conn:
            return [_task_link(r) for r in conn.execute(sql_lineage.TASK_LINKS, params)]

    def task_descent(self, task_id: str, depth: int) -> list[TaskLink]:
        with self._reading() as conn:
            return [_task_link(r) for r in conn.execute(sql_lineage.DESCENT, {"id": task_id, "depth": depth})]

    def tasks_by_id(self, task_ids: Sequence[str]) -> list[TaskRow]:
        with self._reading() as conn:
            rows = conn.execute(sql.TASKS_BY_ID, {"ids": json.dumps(list(task_ids), ensure_ascii=False)}).fetchall()
            return task_rows(conn, rows, full=False)

    def add_link_override(self, override: LinkOverride) -> None:
        def work(conn: sqlite3.Connection) -> None:
            conn.execute(sql_lineage.INSERT_OVERRIDE, {**override.as_json(), "at": override.at.isoformat()})
            conn.execute(sql_ledger.INSERT_AUDIT, audit_values(override.audit_entry()))

        self._transaction(work)

    def link_overrides(self) -> list[LinkOverride]:
        with self._reading() as conn:
            return [LinkOverride(r[0], r[1], r[2], r[3], r[4], r[5], datetime.fromisoformat(r[6]))
                    for r in conn.execute(sql_lineage.OVERRIDES)]


def prune_lineage(conn: sqlite3.Connection, doc_id: str) -> None:
    """Drop the links of the document's tasks that are gone, and its document links if it is gone."""
    for statement in sql_lineage.PRUNE:
        conn.execute(statement, {"doc": doc_id})


def _task_link_values(link: TaskLink) -> dict[str, Any]:
    return {"source": link.source, "target": link.target, "kind": link.kind, "source_doc": link.source_doc,
            "target_doc": link.target_doc, "relation": link.relation, "piece": link.piece, "score": link.score,
            "evidence": link.evidence_json()}


def _task_link(row: Any) -> TaskLink:
    return TaskLink(row[2], row[0], row[1], row[3], row[4], row[5], row[6], row[7], TaskLink.evidence_of(row[8]))
