"""The embedded store: one SQLite file in the data directory (standard library, WAL).

Every write is one transaction begun with BEGIN IMMEDIATE (a second writer, in this process or
another, waits for the first; past the busy timeout it gets a clear StoreBusy), committed with
synchronous=FULL so an acknowledged write survives a crash. A write that fails anywhere — a full
disk, an I/O error, a bad fact — is rolled back whole: the store is as it was and a retry writes.
Readers use their own connections and see every committed write, from any process. All SQL is
in graph.stores.sql."""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from graph.errors import StoreBusy, StoreError
from graph.facts import DocumentFacts, Edge, Node
from graph.store import (
    AgencyFilter,
    AgencyMatch,
    AgencyPage,
    AgencyRank,
    AgencySort,
    AgencyWeight,
    CoordinationData,
    CoordinationFilter,
    HubLink,
    LoadFacts,
    NodePage,
    Pair,
    Progress,
    TaskFilter,
    TaskPage,
    TaskRow,
    load_facts,
)
from graph.stores import sql, sql_ledger, sql_lineage
from graph.stores.sqlite_ledger import SqliteLedger
from graph.stores.sqlite_lineage import SqliteLineage, prune_lineage
from graph.stores.sqlite_rows import insert_rows, node_of, remove, task_rows, write_one

FILE_NAME = "dutygraph.db"
IDLE_READERS = 64  # connections kept open between requests (as many as the server has request threads)
log = logging.getLogger("dutygraph.store")


class SqliteStore(SqliteLedger, SqliteLineage):
    """GraphStore over one SQLite file in `data_dir`."""

    kind = "sqlite"

    def __init__(self, data_dir: Path, busy_timeout: float = 30.0) -> None:
        self.path = Path(data_dir) / FILE_NAME
        self.cache_key = str(self.path.resolve())
        self.busy_ms = int(busy_timeout * 1000)
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._writer: sqlite3.Connection | None = None
        self._write_lock = threading.Lock()
        self._pinned: sqlite3.Connection | None = None  # a request's snapshot (consistent_view)
        self._task_totals: dict[int, int] = {}  # version → number of tasks (shared with views)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path.parent}: cannot create the data directory ({exc.strerror})") from exc
        self._open_schema()
        from graph.stores.migrate import migrate_graph_json

        migrate_graph_json(self, Path(data_dir))

    # -- connections -------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=self.busy_ms / 1000, isolation_level=None,
                                   check_same_thread=False)
            for pragma in sql.pragmas(self.busy_ms):
                conn.execute(pragma)
        except sqlite3.Error as exc:
            raise self._error(exc, "cannot open") from exc
        return conn

    def _open_schema(self) -> None:
        """Create the tables on first use; a reader alone checks an existing file (never waiting
        behind a writer in another process)."""
        with self._reading() as conn:
            tables = {r[0] for r in conn.execute(sql.TABLE_NAMES)}
            version = conn.execute(sql.SCHEMA_PRESENT).fetchone() if "meta" in tables else None
        if version is not None and int(version[0]) > sql.SCHEMA_VERSION:
            raise StoreError(f"{self.path}: made by a newer dutygraph (schema {version[0]}, this one reads "
                             f"{sql.SCHEMA_VERSION}); upgrade dutygraph")
        if version is None:
            with self._write_lock:
                try:
                    self._writer_connection().execute(sql.JOURNAL_WAL)  # kept by the file from now on
                except sqlite3.Error as exc:
                    raise self._error(exc, "cannot set up") from exc
            self._transaction(self._create_schema)
        elif int(version[0]) < sql.SCHEMA_VERSION:  # an older file: add what is new (every statement is idempotent)
            self._transaction(self._create_schema)

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        for statement in sql.SCHEMA + sql_ledger.SCHEMA + sql_lineage.SCHEMA:
            conn.execute(statement)
        conn.execute(sql.SET_SCHEMA_VERSION, {"version": sql.SCHEMA_VERSION})

    def _writer_connection(self) -> sqlite3.Connection:
        if self._writer is None:
            self._writer = self._connect()
            for statement in sql.TEMP_TABLES:
                self._writer.execute(statement)
        return self._writer

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A connection inside one read transaction: the statements of a question see one state."""
        if self._pinned is not None:
            try:
                yield self._pinned
            except sqlite3.Error as exc:
                raise self._error(exc, "cannot read") from exc
            return
        try:
            conn = self._idle.get_nowait()
        except queue.Empty:
            conn = self._connect()
        healthy = False
        try:
            conn.execute(sql.BEGIN_READ)
            yield conn
            conn.execute(sql.COMMIT)
            healthy = True
        except sqlite3.Error as exc:
            raise self._error(exc, "cannot read") from exc
        finally:
            if healthy and self._idle.qsize() < IDLE_READERS:
                self._idle.put(conn)
            else:
                conn.close()

    @contextmanager
    def consistent_view(self) -> Iterator[SqliteStore]:
        """Yield this store pinned to one snapshot: every read of one API request sees one state."""
        view = object.__new__(SqliteStore)
        view.__dict__.update(self.__dict__)
        with self._reading() as conn:
            view._pinned = conn
            yield view

    def _error(self, exc: sqlite3.Error, what: str) -> StoreError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return StoreBusy(f"{self.path}: another process is writing and did not finish within "
                             f"{self.busy_ms / 1000:.0f} s; try again")
        if "full" in text:
            return StoreError(f"{self.path}: the disk is full ({text}); nothing was written")
        return StoreError(f"{self.path}: {what} the database ({text})")

    # -- writes ------------------------------------------------------------------------------------

    def _transaction(self, work: Any) -> Any:
        """Run work(conn) in one write transaction; on any failure roll back and re-raise."""
        with self._write_lock:
            conn = self._writer_connection()
            try:
                conn.execute(sql.BEGIN_WRITE)
                result = work(conn)
                if result is not False:
                    conn.execute(sql.BUMP_VERSION)
                conn.execute(sql.COMMIT)
                return result
            except BaseException as exc:
                self._roll_back(conn)
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc, "cannot write") from exc
                raise

    def _roll_back(self, conn: sqlite3.Connection) -> None:
        try:
            if conn.in_transaction:
                conn.execute(sql.ROLLBACK)
        except sqlite3.Error:  # the connection is in doubt: drop it, the next write opens another
            conn.close()
            self._writer = None

    def write_document(self, facts: DocumentFacts, progress: Progress | None = None) -> None:
        self.write_documents([facts], progress)

    def write_documents(self, batch: list[DocumentFacts], progress: Progress | None = None) -> None:
        for facts in batch:
            facts.validate()

        def work(conn: sqlite3.Connection) -> None:
            conn.execute(sql.WRITER_CACHE[len(batch) > 1])
            for facts in batch:
                write_one(conn, facts, progress)
                prune_lineage(conn, facts.doc_id)

        self._transaction(work)

    def delete_document(self, doc_id: str) -> bool:
        def work(conn: sqlite3.Connection) -> bool:
            if conn.execute(sql.IS_DOCUMENT, {"id": doc_id}).fetchone() is None:
                return False
            remove(conn, doc_id)
            prune_lineage(conn, doc_id)
            return True

        return bool(self._transaction(work))

    def write_rows(self, nodes: list[Node], edges: list[Edge]) -> None:
        """Write nodes and edges as they are, in one transaction (migrating a saved graph)."""
        self._transaction(lambda conn: insert_rows(conn, nodes, edges))

    def meta(self, key: str) -> Any:
        with self._reading() as conn:
            row = conn.execute(sql.GET_META, {"key": key}).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: Any) -> None:
        def work(conn: sqlite3.Connection) -> bool:
            conn.execute(sql.SET_META, {"key": key, "value": value})
            return False  # bookkeeping: the graph did not change

        self._transaction(work)

    # -- node reads --------------------------------------------------------------------------------

    def _all(self, statement: str, params: dict[str, Any] | None = None) -> list[Any]:
        with self._reading() as conn:
            return conn.execute(statement, params or {}).fetchall()

    def document_hash(self, doc_id: str) -> str | None:
        rows = self._all(sql.DOCUMENT_HASH, {"id": doc_id})
        return rows[0][0] if rows else None

    def node(self, node_id: str) -> Node | None:
        rows = self._all(sql.NODE, {"id": node_id})
        return node_of(rows[0]) if rows else None

    def nodes(self, label: str) -> list[Node]:
        return [node_of(r) for r in self._all(sql.NODES, {"label": label})]

    def node_page(self, label: str, limit: int | None, offset: int = 0, document: str | None = None) -> NodePage:
        params = {"label": label, "document": document, "limit": -1 if limit is None else limit, "offset": offset}
        with self._reading() as conn:
            total = conn.execute(sql.NODE_COUNT, params).fetchone()[0]
            rows = conn.execute(sql.NODE_PAGE, params).fetchall()
        return NodePage(total, [node_of(r) for r in rows])

    def nodes_named(self, label: str, ident: str, name: str) -> list[Node]:
        return [node_of(r) for r in self._all(sql.NODES_NAMED, {"label": label, "ident": ident, "name": name})]

    def names_of(self, label: str) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self._all(sql.NAMES_OF, {"label": label})]

    def platform_ranking(self, limit: int | None, offset: int = 0) -> tuple[int, list[tuple[Node, int]]]:
        with self._reading() as conn:
            total = conn.execute(sql.PLATFORM_COUNT).fetchone()[0]
            rows = conn.execute(sql.PLATFORM_RANKING, {"limit": -1 if limit is None else limit,
                                                       "offset": offset}).fetchall()
        return total, [(node_of(r), r[3]) for r in rows]

    # -- agencies ----------------------------------------------------------------------------------

    def agencies_matching(self, match: AgencyMatch) -> list[Node]:
        statement, params = sql.agencies_matching(match)
        return [node_of(r) for r in self._all(statement, params)]

    def agency_list(self) -> list[Node]:
        return [node_of(r) for r in self._all(sql.AGENCY_LIST)]

    def agency_ranking(self, where: AgencyFilter, sort: AgencySort, today: date, soon_days: int,
                       limit: int | None, offset: int = 0) -> AgencyPage:
        statement, params = sql.agency_ranking(where, sort, today, soon_days, limit, offset)
        with self._reading() as conn:
            total = conn.execute(sql.AGENCY_COUNT, params).fetchone()[0]
            rows = conn.execute(statement, params).fetchall()
        return AgencyPage(total, [AgencyRank(node_of(r), r[3], r[4], r[5], r[6]) for r in rows])

    def agency_load(self, agency_id: str, today: date, soon_days: int) -> LoadFacts:
        params = {"agency": agency_id, **sql.day_params(today, soon_days)}
        dims: dict[str, dict[str, int]] = {}
        partners: list[tuple[str, str, int]] = []
        for dim, key, name, n in self._all(sql.AGENCY_LOAD, params):
            if dim == "co":
                partners.append((key, name, n))
            else:
                dims.setdefault(dim, {})[key] = n
        return load_facts(dims, partners)

    def agency_months(self, agency_ids: list[str]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for agency, month, n in self._all(sql.AGENCY_MONTHS, {"ids": json.dumps(agency_ids)}):
            out.setdefault(agency, {})[month] = n
        return out

    def co_agencies(self, agency_ids: list[str]) -> list[Pair]:
        return [Pair(*r) for r in self._all(sql.CO_AGENCIES, {"ids": json.dumps(agency_ids)})]

    def coordination(self, where: CoordinationFilter, top: int) -> CoordinationData:
        count, busiest, pairs, params = sql.coordination(where)
        with self._reading() as conn:
            tasks = conn.execute(count, params).fetchone()[0]
            agencies = [AgencyWeight(*r) for r in conn.execute(busiest, {**params, "top": top})]
            ids = json.dumps([a.id for a in agencies if a.label == "Agency"])
            shared = [Pair(*r) for r in conn.execute(pairs, {**params, "ids": ids})]
        return CoordinationData(tasks, agencies, shared)

    def hub_links(self, agency_ids: list[str]) -> list[HubLink]:
        return [HubLink(*r) for r in self._all(sql.HUB_LINKS, {"ids": json.dumps(agency_ids)})]

    # -- tasks -------------------------------------------------------------------------------------

    def tasks(self, where: TaskFilter, limit: int | None, offset: int = 0, full: bool = False) -> TaskPage:
        count, page, params = sql.tasks(where, limit, offset, full)
        with self._reading() as conn:
            total = self._total(conn, count, params) if where == TaskFilter() else \
                conn.execute(count, params).fetchone()[0]
            rows = conn.execute(page, params).fetchall() if total > offset else []
            return TaskPage(total, task_rows(conn, rows, full))

    def _total(self, conn: sqlite3.Connection, count: str, params: dict[str, Any]) -> int:
        """Every task: counted once per version of the store (read in the same snapshot), not per page."""
        version = conn.execute(sql.VERSION).fetchone()[0]
        if version not in self._task_totals:
            self._task_totals.clear()
            self._task_totals[version] = conn.execute(count, params).fetchone()[0]
        return self._task_totals[version]

    def task(self, task_id: str) -> TaskRow | None:
        with self._reading() as conn:
            rows = conn.execute(sql.TASK_FULL, {"id": task_id}).fetchall()
            found = task_rows(conn, rows, full=True)
        return found[0] if found else None

    # -- the whole ---------------------------------------------------------------------------------

    def edges(self) -> list[Edge]:
        return [Edge(s, t, ty, json.loads(p)) for s, t, ty, p in self._all(sql.ALL_EDGES)]

    def counts(self) -> dict[str, int]:
        with self._reading() as conn:
            out = {label: n for label, n in conn.execute(sql.COUNT_LABELS)}
            out["edges"] = conn.execute(sql.COUNT_EDGES).fetchone()[0]
        return out

    def version(self) -> int:
        return int(self._all(sql.VERSION)[0][0])

    def ping(self) -> None:
        self.version()

    def close(self) -> None:
        with self._write_lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
