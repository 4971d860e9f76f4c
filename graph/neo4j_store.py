"""The Neo4j store, for teams and for scale: the official driver, batched UNWIND writes, one
transaction per document. All Cypher comes from graph.cypher."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from graph import cypher
from graph.errors import StoreError, StoreUnavailable
from graph.facts import DocumentFacts, Edge, Node, clean_props
from graph.store import AssignmentRow, MentionRow, Progress, TaskRow, dedupe_mentions, report

BATCH = 2000
T = TypeVar("T")


class Neo4jStore:
    """GraphStore over a Neo4j server reached by Bolt."""

    kind = "neo4j"

    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None, connect_timeout: float = 5.0) -> None:
        auth = (user, password or "") if user else None
        self.uri = uri
        self.database = database
        # Notifications (e.g. "label not in the database yet" on an empty graph) would be logged
        # as warnings on every query; they say nothing a user can act on.
        self._driver: Driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=connect_timeout,
                                                    max_transaction_retry_time=5.0,
                                                    notifications_min_severity="OFF")
        self._schema_ready = False

    def ensure_schema(self) -> None:
        """Create the id constraint and indexes (idempotent)."""
        if self._schema_ready:
            return
        for statement in cypher.CONSTRAINTS:  # schema changes need a transaction of their own each
            self._write(lambda tx, st=statement: tx.run(st).consume())  # type: ignore[misc]
        self._schema_ready = True

    # -- writes ------------------------------------------------------------------------------------

    def write_document(self, facts: DocumentFacts, progress: Progress | None = None) -> None:
        self.write_documents([facts], progress)

    def write_documents(self, batch: list[DocumentFacts], progress: Progress | None = None) -> None:
        """Write several documents in one transaction: all of them or none (bulk loads)."""
        for facts in batch:
            facts.validate()
        self.ensure_schema()
        self._write(lambda tx: _write_tx(tx, batch, progress))

    def delete_document(self, doc_id: str) -> bool:
        self.ensure_schema()

        def work(tx: ManagedTransaction) -> bool:
            if tx.run(cypher.DOCUMENT_EXISTS, id=doc_id).single(strict=True)["n"] == 0:
                return False
            _delete_tx(tx, [doc_id])
            return True

        return self._write(work)

    def clear(self) -> None:
        """Delete everything (tests and `dutygraph load --replace`)."""
        self._write(lambda tx: tx.run(cypher.CLEAR_ALL).consume())

    # -- reads -------------------------------------------------------------------------------------

    def document_hash(self, doc_id: str) -> str | None:
        rows = self._read(cypher.DOCUMENT_HASH, id=doc_id)
        return rows[0]["sha256"] if rows else None

    def node(self, node_id: str) -> Node | None:
        rows = self._read(cypher.NODE_BY_ID, id=node_id)
        return _node(rows[0]) if rows else None

    def nodes(self, label: str) -> list[Node]:
        return [_node(r) for r in self._read(cypher.nodes_by_label(label))]

    def linked_task_ids(self, node_id: str, role: str | None = None) -> list[str]:
        return [r["id"] for r in self._read(cypher.LINKED_TASKS, id=node_id, role=role)]

    def task_rows(self, task_ids: list[str]) -> list[TaskRow]:
        if not task_ids:
            return []
        return [_task_row(r) for r in self._read(cypher.TASK_ROWS, ids=list(task_ids))]

    def task_ids_due_by(self, month: int, year: int | None = None, day: int | None = None) -> list[str]:
        md = month * 100 + (day or 31)
        if year is None:
            return [r["id"] for r in self._read(cypher.DUE_BY_MONTH_DAY, md=md)]
        return [r["id"] for r in self._read(cypher.DUE_BY_DATE, md=md, ymd=year * 10000 + md)]

    def all_task_ids(self) -> list[str]:
        return [r["id"] for r in self._read(cypher.ALL_TASK_IDS)]

    def edges(self) -> list[Edge]:
        return [Edge(r["source"], r["target"], r["type"], dict(r["props"])) for r in self._read(cypher.ALL_EDGES)]

    def counts(self) -> dict[str, int]:
        out = {r["label"]: r["n"] for r in self._read(cypher.COUNT_LABELS)}
        out["edges"] = self._read(cypher.COUNT_EDGES)[0]["n"]
        return out

    def ping(self) -> None:
        self._read(cypher.PING)

    def close(self) -> None:
        self._driver.close()

    # -- plumbing ----------------------------------------------------------------------------------

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [dict(r) for r in tx.run(query, **params)]

        return self._guard(lambda: self._session_call("read", work))

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        return self._guard(lambda: self._session_call("write", work))

    def _session_call(self, mode: str, work: Callable[[ManagedTransaction], T]) -> T:
        with self._driver.session(database=self.database) as session:
            if mode == "read":
                return session.execute_read(work)
            return session.execute_write(work)

    def _guard(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is not answering ({exc.__class__.__name__}); "
                                   "is the server running?") from exc
        except AuthError as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} refused the credentials: check NEO4J_USER/NEO4J_PASSWORD") \
                from exc
        except Neo4jError as exc:
            raise StoreError(f"Neo4j at {self.uri} failed: {exc.message or exc}") from exc


def _write_tx(tx: ManagedTransaction, batch: list[DocumentFacts], progress: Progress | None) -> None:
    ids = [f.doc_id for f in batch]
    existing = [r["id"] for r in tx.run(cypher.EXISTING_DOCUMENTS, ids=ids)]
    if existing:  # replacing: first take out what the old versions said
        _delete_tx(tx, existing)
    report(progress, "removed previous version")
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for facts in batch:
        for node in facts.nodes:
            by_label[node.label].append({"id": node.id, "props": clean_props(node.props)})
        for edge in facts.edges:
            by_type[edge.type].append({"source": edge.source, "target": edge.target, "props": clean_props(edge.props)})
    for label, rows in by_label.items():
        for i in range(0, len(rows), BATCH):
            tx.run(cypher.merge_nodes(label), rows=rows[i:i + BATCH]).consume()
            report(progress, f"wrote {label} nodes")
    for edge_type, rows in by_type.items():
        for i in range(0, len(rows), BATCH):
            tx.run(cypher.create_edges(edge_type), rows=rows[i:i + BATCH]).consume()
            report(progress, f"wrote {edge_type} edges")


def _delete_tx(tx: ManagedTransaction, doc_ids: list[str]) -> None:
    touched: set[str] = set(doc_ids)
    for edge_type in cypher.EDGE_TYPES:
        record = tx.run(cypher.delete_edges_of_documents(edge_type), docs=doc_ids).single()
        if record is not None:
            touched.update(record["ends"])
    tx.run(cypher.RELEASE_NODES, ids=sorted(touched)).consume()


def _node(record: dict[str, Any]) -> Node:
    labels = [label for label in record["labels"] if label != "Node"]
    props = dict(record["props"])
    props.pop("id", None)
    return Node(record["id"], labels[0], props)


def _task_row(record: dict[str, Any]) -> TaskRow:
    props = dict(record["props"])
    props.pop("id", None)
    props.pop("docs", None)
    assignments = sorted(
        (AssignmentRow(a["target"], a["label"], a["name"], a["edge"]["role"], a["edge"]["order"], a["edge"]["name"],
                       a["edge"]["doc"], a["edge"].get("span"), a["edge"].get("evidence", ""))
         for a in record["assigned"]),
        key=lambda a: (a.doc, a.order))
    mentions = dedupe_mentions([MentionRow(m["target"], m["type"], m["label"], m["name"]) for m in record["mentioned"]])
    return TaskRow(record["id"], props, tuple(assignments), mentions, record["problem_text"], record["doc_title"])
