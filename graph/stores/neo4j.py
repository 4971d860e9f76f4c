"""The Neo4j store, for teams and for scale: the official driver, batched UNWIND writes, one
transaction per document (concurrent loads of one document queue on its node), and one Cypher
statement per question. All Cypher comes from graph.stores.cypher."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from graph.dates import date_key
from graph.errors import StoreError, StoreUnavailable
from graph.facts import DocumentFacts, Edge, Node, clean_props
from graph.indexing import LOOKUP_LABELS, lookup_names, owned_tasks, task_keys, task_seq
from graph.ledger.terms import DONE
from graph.store import (
    AgencyFilter,
    AgencyMatch,
    AgencyPage,
    AgencyRank,
    AgencySort,
    AgencyWeight,
    AssignmentRow,
    CoordinationData,
    CoordinationFilter,
    HubLink,
    LoadFacts,
    MentionRow,
    NodePage,
    Pair,
    Progress,
    TaskFilter,
    TaskPage,
    TaskRow,
    dedupe_mentions,
    load_facts,
    report,
)
from graph.stores import cypher, cypher_ledger, cypher_lineage
from graph.stores.neo4j_ledger import Neo4jLedger
from graph.stores.neo4j_lineage import Neo4jLineage

BATCH = 2000
READ_RETRY_SECONDS = 5.0
WRITE_RETRY_SECONDS = 15.0  # loads of different documents sharing agencies can deadlock; the driver retries them
META = "graph"  # the id of the one Meta node: the write counter and the schema version
T = TypeVar("T")
_WORDS = {"lead": "lead", "co": "co", "dash": "—", "empty": ""}  # values the statements compare with


class Neo4jStore(Neo4jLedger, Neo4jLineage):
    """GraphStore over a Neo4j server reached by Bolt."""

    kind = "neo4j"

    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None, connect_timeout: float = 5.0,
                 read_retry: float = READ_RETRY_SECONDS, write_retry: float = WRITE_RETRY_SECONDS) -> None:
        auth = (user, password or "") if user else None
        self.uri = uri
        self.database = database
        self.cache_key = f"{uri}#{database or ''}"
        # Notifications (e.g. "label not in the database yet" on an empty graph) would be logged
        # as warnings on every query; they say nothing a user can act on.
        self._driver: Driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=connect_timeout,
                                                    max_transaction_retry_time=read_retry,
                                                    notifications_min_severity="OFF")
        self._schema_ready = False
        self.write_retry = write_retry  # how long a write that failed for a passing reason is tried again

    def ensure_schema(self) -> None:
        """Create the constraints and indexes (idempotent) and bring older data up to schema 2."""
        if self._schema_ready:
            return
        meta = self._raw_read(cypher.META, meta=META)
        if not meta or (meta[0]["schema"] or 0) < cypher.SCHEMA_VERSION:
            # schema changes need a transaction of their own each
            for statement in cypher.CONSTRAINTS + cypher_ledger.INDEXES + cypher_lineage.INDEXES:
                self._write(lambda tx, st=statement: tx.run(st).consume())  # type: ignore[misc]
            self._upgrade()
        self._schema_ready = True

    def _upgrade(self) -> None:
        """Add the keys schema 2 indexes to nodes written before it, in batches."""
        while rows := self._raw_read(cypher.STALE_NODES, limit=BATCH):
            derived = [{"id": r["id"], "props": _derived(Node(r["id"], r["label"], r["props"]), r["owned"])}
                       for r in rows]
            self._write(lambda tx, d=derived: tx.run(cypher.SET_DERIVED, rows=d).consume())  # type: ignore[misc]
        self._write(lambda tx: tx.run(cypher.SET_SCHEMA, meta=META, schema=cypher.SCHEMA_VERSION).consume())

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
            if tx.run(cypher.LOCK_DOCUMENT, id=doc_id).single(strict=True)["n"] == 0:
                return False
            _delete_tx(tx, [doc_id], keep=[], staying=set())
            tx.run(cypher.BUMP_VERSION, meta=META, schema=cypher.SCHEMA_VERSION).consume()
            return True

        return self._write(work)

    def clear(self) -> None:
        """Delete every node and edge and the ledger (tests and benchmarks); the write counter goes on."""
        self.ensure_schema()

        def work(tx: ManagedTransaction) -> None:
            tx.run(cypher.CLEAR_ALL).consume()
            tx.run(cypher_ledger.CLEAR_LEDGER).consume()
            tx.run(cypher.BUMP_VERSION, meta=META, schema=cypher.SCHEMA_VERSION).consume()

        self._write(work)

    # -- node reads --------------------------------------------------------------------------------

    def document_hash(self, doc_id: str) -> str | None:
        rows = self._read(cypher.DOCUMENT_HASH, id=doc_id)
        return rows[0]["sha256"] if rows else None

    def node(self, node_id: str) -> Node | None:
        rows = self._read(cypher.NODE_BY_ID, id=node_id)
        return _node(rows[0]) if rows else None

    def nodes(self, label: str) -> list[Node]:
        return [_node(r) for r in self._read(cypher.nodes_by_label(label))]

    def node_page(self, label: str, limit: int | None, offset: int = 0, document: str | None = None) -> NodePage:
        row = self._one(cypher.node_page(label, document is not None), label=label, document=document,
                        limit=_limit(limit), offset=offset)
        return NodePage(row["total"], [_node(r) for r in row["rows"]])

    def nodes_named(self, label: str, ident: str, name: str) -> list[Node]:
        return [_node(r) for r in self._read(cypher.nodes_named(label), ident=ident, needle=_between(name))]

    def names_of(self, label: str) -> list[tuple[str, str]]:
        return [(r["id"], r["name"]) for r in self._read(cypher.names_of(label))]

    def platform_ranking(self, limit: int | None, offset: int = 0) -> tuple[int, list[tuple[Node, int]]]:
        row = self._one(cypher.PLATFORM_RANKING, limit=_limit(limit), offset=offset)
        return row["total"], [(_node({**r, "label": "Platform"}), r["tasks"]) for r in row["rows"]]

    # -- agencies ----------------------------------------------------------------------------------

    def agencies_matching(self, match: AgencyMatch) -> list[Node]:
        if match.ident is not None or match.key is not None:
            rows = self._read(cypher.AGENCY_BY_NAME, ident=match.ident, key=match.key)
        elif match.departments:
            rows = self._read(cypher.AGENCY_BY_DEPARTMENT, departments=list(match.departments))
        else:
            rows = self._read(cypher.AGENCY_BY_SHORT_FORM, level=match.level, department=match.department,
                              suffix=match.suffix or "")
        return [_node(r) for r in rows]

    def agency_list(self) -> list[Node]:
        return [_node(r) for r in self._read(cypher.AGENCY_LIST)]

    def agency_ranking(self, where: AgencyFilter, sort: AgencySort, today: date, soon_days: int,
                       limit: int | None, offset: int = 0) -> AgencyPage:
        row = self._one(cypher.agency_ranking(sort), level=where.level, jurisdiction=where.jurisdiction,
                        kind=where.kind, department=where.department,
                        limit=_limit(limit), offset=offset, **_days(today, soon_days), **_WORDS)
        return AgencyPage(row["total"], [AgencyRank(_node(r), r["lead"], r["co"], r["due_soon"], r["overdue"])
                                         for r in row["rows"]])

    def agency_load(self, agency_id: str, today: date, soon_days: int) -> LoadFacts:
        row = self._one(cypher.AGENCY_LOAD, agency=agency_id, **_days(today, soon_days), **_WORDS)
        dims = {dim: {k: n for k, n in row[key]} for dim, key in (("role", "roles"), ("month", "months"),
                ("list", "lists"), ("problem", "problems"), ("document", "documents"))}
        dims["overdue"], dims["due_soon"] = {"": row["overdue"]}, {"": row["due_soon"]}
        return load_facts(dims, [(i, n, c) for i, n, c in row["partners"]])

    def agency_months(self, agency_ids: list[str]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for r in self._read(cypher.AGENCY_MONTHS, ids=agency_ids):
            out.setdefault(r["agency"], {})[r["month"]] = r["n"]
        return out

    def co_agencies(self, agency_ids: list[str]) -> list[Pair]:
        return [Pair(r["a"], r["b"], r["shared"]) for r in self._read(cypher.CO_AGENCIES, ids=agency_ids)]

    def coordination(self, where: CoordinationFilter, top: int) -> CoordinationData:
        row = self._one(cypher.coordination(where), top=top, agency=where.agency, document=where.document,
                        jurisdiction=where.jurisdiction, due_from=_month(where.due_from), due_to=_month(where.due_to))
        return CoordinationData(row["tasks"], [AgencyWeight(b["id"], b["label"], b["name"], b["n"])
                                               for b in row["busiest"]], [Pair(*p) for p in row["pairs"]])

    def hub_links(self, agency_ids: list[str]) -> list[HubLink]:
        return [HubLink(r["agency"], r["hub"], r["label"], r["name"], r["n"])
                for r in self._read(cypher.HUB_LINKS, ids=agency_ids)]

    # -- tasks -------------------------------------------------------------------------------------

    def tasks(self, where: TaskFilter, limit: int | None, offset: int = 0, full: bool = False) -> TaskPage:
        row = self._one(cypher.tasks(where, full), **_task_params(where), limit=_limit(limit), offset=offset,
                        **_slice(limit, offset), **_WORDS)
        return TaskPage(row["total"], [_task_row(r, full) for r in row["rows"]])

    def task(self, task_id: str) -> TaskRow | None:
        rows = self._one(cypher.TASK, id=task_id, **_WORDS)["rows"]
        return _task_row(rows[0], True) if rows else None

    def _task_rows(self, task_ids: Sequence[str]) -> list[TaskRow]:
        rows = self._one(cypher.TASKS_BY_ID, ids=list(task_ids), **_WORDS)["rows"]
        return [_task_row(r, False) for r in rows]

    # -- the whole ---------------------------------------------------------------------------------

    def edges(self) -> list[Edge]:
        return [Edge(r["source"], r["target"], r["type"], dict(r["props"])) for r in self._read(cypher.ALL_EDGES)]

    def counts(self) -> dict[str, int]:
        out = {r["label"]: r["n"] for r in self._read(cypher.COUNT_LABELS)}
        out.pop("Meta", None)
        out["edges"] = self._read(cypher.COUNT_EDGES)[0]["n"]
        return out

    def version(self) -> int:
        rows = self._read(cypher.META, meta=META)
        return int(rows[0]["version"]) if rows else 0

    def ping(self) -> None:
        self._read(cypher.PING)

    def close(self) -> None:
        self._driver.close()

    # -- plumbing ----------------------------------------------------------------------------------

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        if not self._schema_ready:  # a database written by an older dutygraph is upgraded first
            self.ensure_schema()
        return self._raw_read(query, **params)

    def _raw_read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [dict(r) for r in tx.run(query, **params)]

        return self._guard(lambda: self._session_call("read", work))

    def _one(self, query: str, **params: Any) -> dict[str, Any]:
        rows = self._read(query, **params)
        assert len(rows) == 1, f"expected one row, got {len(rows)}"
        return rows[0]

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        return self._guard(lambda: self._session_call("write", work))

    def _session_call(self, mode: str, work: Callable[[ManagedTransaction], T]) -> T:
        if mode == "read":
            with self._driver.session(database=self.database) as session:
                return session.execute_read(work)
        with self._driver.session(database=self.database, max_transaction_retry_time=self.write_retry) as session:
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


# -- writing -----------------------------------------------------------------------------------------------

def _write_tx(tx: ManagedTransaction, batch: list[DocumentFacts], progress: Progress | None) -> None:
    ids = sorted({f.doc_id for f in batch})
    tx.run(cypher.LOCK_DOCUMENTS, ids=ids).consume()  # waits for any other load of these documents
    _delete_tx(tx, ids, keep=ids, staying={n.id for f in batch for n in f.nodes})
    report(progress, "removed previous version")
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for facts in batch:
        owned = owned_tasks(facts)
        for node in facts.nodes:
            by_label[node.label].append({"id": node.id, "props": _props_to_write(node, node.id in owned)})
        for edge in facts.edges:
            by_type[edge.type].append({"source": edge.source, "target": edge.target, "props": clean_props(edge.props)})
    for label, rows in by_label.items():
        for i in range(0, len(rows), BATCH):
            tx.run(cypher.merge_nodes(label), rows=rows[i:i + BATCH]).consume()
            report(progress, f"wrote {label} nodes")
    for edge_type, rows in by_type.items():
        rows.sort(key=lambda r: r["target"])  # shared nodes locked in one order: fewer deadlocks
        for i in range(0, len(rows), BATCH):
            tx.run(cypher.create_edges(edge_type), rows=rows[i:i + BATCH]).consume()
            report(progress, f"wrote {edge_type} edges")
    tx.run(cypher.BUMP_VERSION, meta=META, schema=cypher.SCHEMA_VERSION).consume()


def _props_to_write(node: Node, owned: bool) -> dict[str, Any]:
    props = {**clean_props(node.props), **_derived(node, owned)}
    if node.label in cypher.DOC_OWNED:
        props["id"] = node.id  # SET n = props replaces every property, the id included
    return props


def _derived(node: Node, owned: bool) -> dict[str, Any]:
    """Return the keys this store indexes beside a node's facts (see graph.indexing)."""
    out: dict[str, Any] = {}
    if node.label == "Task":
        out.update(clean_props(task_keys(node.id, node.props, owned).as_props()))
    if node.label in ("Task", "Problem"):
        out["seq"] = task_seq(node.id)
    if node.label in LOOKUP_LABELS:
        out["lookup"] = _shared_lookup(node) if node.label in SHARED_LOOKUPS else _between(*sorted(lookup_names(node)))
    return out


def _shared_lookup(node: Node) -> str:
    try:
        return _lookup(node.label, node.id, tuple(sorted(node.props.items())))
    except TypeError:  # a property the cache cannot key on (a list)
        return _between(*sorted(lookup_names(node)))


SHARED_LOOKUPS = ("Region", "Platform", "PolicyDocument")  # named in many documents: computed once


@lru_cache(maxsize=16384)
def _lookup(label: str, node_id: str, props: tuple[tuple[str, Any], ...]) -> str:
    return _between(*sorted(lookup_names(Node(node_id, label, dict(props)))))


def _between(*names: str) -> str:
    """Names between separators, so CONTAINS "\\x1fname\\x1f" finds a whole name only."""
    return "\x1f" + "\x1f".join(names) + "\x1f"


def _delete_tx(tx: ManagedTransaction, doc_ids: list[str], keep: list[str], staying: set[str]) -> None:
    """Remove the documents' edges, the lineage links of their nodes not `staying` (in the facts
    written next), and every node left without an edge."""
    touched: set[str] = set(doc_ids)
    for edge_type in cypher.EDGE_TYPES:
        record = tx.run(cypher.delete_edges_of_documents(edge_type), docs=doc_ids).single()
        if record is not None:
            touched.update(record["ends"])
    tx.run(cypher_lineage.DETACH_GONE, ids=sorted(touched - staying)).consume()
    tx.run(cypher.RELEASE_NODES, ids=sorted(touched), keep=keep).consume()


# -- reading -------------------------------------------------------------------------------------------

def _node(record: dict[str, Any]) -> Node:
    props = {k: v for k, v in dict(record["props"]).items() if k not in cypher.INTERNAL and k != "id"}
    return Node(record["id"], record["label"], props)


def _task_row(record: dict[str, Any], full: bool) -> TaskRow:
    props = {k: v for k, v in dict(record["props"]).items() if v is not None and k not in cypher.INTERNAL
             and k not in ("id", "docs")}
    assignments = sorted((AssignmentRow(a[0], a[1], a[2], a[3], a[4], a[5] or "", a[6],
                                        a[7] if full else None, (a[8] or "") if full else "",
                                        a[9] if full else None)
                          for a in record["assigned"]), key=lambda a: (a.doc, a.order))
    mentions = dedupe_mentions([MentionRow(*m) for m in record["mentioned"]])
    leaders = tuple((p[0], p[1]) for p in record["leaders"])
    return TaskRow(record["id"], props, tuple(assignments), mentions, record["problem"], record["document"], leaders)


def _task_params(where: TaskFilter) -> dict[str, Any]:
    start, end = where.due.keys if where.due else (None, None)
    return {"agency": where.agency, "role": where.role, "shared": sorted(set(where.shared)),
            "any_agency": sorted(set(where.any_agency)),
            "region": where.region, "platform": where.platform,
            "problem": where.problem, "document": where.document, "policy": where.policy, "leader": where.leader,
            "due_start": start, "due_end": end,
            "undated_from": where.year_unknown_months[0] * 100 + 1 if where.year_unknown_months else None,
            "undated_to": where.year_unknown_months[1] * 100 + 31 if where.year_unknown_months else None,
            "as_of": date_key(where.overdue_as_of) if where.overdue_as_of else None,
            "as_of_day": where.overdue_as_of.isoformat() if where.overdue_as_of else None, "done": list(DONE),
            "owned": not where.unowned if where.unowned is not None else None, "needle": where.needle}


def _days(today: date, soon_days: int) -> dict[str, Any]:
    """The parameters the overdue and due-soon conditions take for a day (graph.ledger.terms)."""
    return {"today": date_key(today), "soon": date_key(today + timedelta(days=soon_days)),
            "today_day": today.isoformat(), "done": list(DONE)}


def _month(value: tuple[int, int] | None) -> int | None:
    return value[0] * 100 + value[1] if value else None


def _limit(limit: int | None) -> int:
    return cypher.LIMIT_NONE if limit is None else limit


def _slice(limit: int | None, offset: int) -> dict[str, int]:
    """A page as list bounds, which Cypher wants as 32-bit integers."""
    largest = 2**31 - 1
    start = min(offset, largest)
    return {"start": start, "end": largest if limit is None else min(start + limit, largest)}
