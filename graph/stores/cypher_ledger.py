"""The Cypher of the supervision ledger (graph.ledger). Ledger records are nodes labelled
:Ledger (never :Node), joined to nothing: loading, replacing or deleting a document never reaches
them, and graph counts and exports leave them out. Values travel as $parameters; times are ISO
text in UTC. One counter on the Meta node numbers every ledger record, so the log has one order."""

from __future__ import annotations

from graph.facts import EDGE_TYPES

INDEXES = (
    "CREATE INDEX progress_task IF NOT EXISTS FOR (p:Progress) ON (p.task)",
    "CREATE INDEX audit_seq IF NOT EXISTS FOR (a:Audit) ON (a.seq)",
    "CREATE INDEX audit_task IF NOT EXISTS FOR (a:Audit) ON (a.task)",
    "CREATE CONSTRAINT correction_id IF NOT EXISTS FOR (c:Correction) REQUIRE c.id IS UNIQUE",
    "CREATE INDEX correction_doc IF NOT EXISTS FOR (c:Correction) ON (c.doc)",
)

# Takes the Meta node's lock too: ledger writes are numbered in the order they commit.
NEXT_SEQ = ("MERGE (m:Meta {id: $meta}) ON CREATE SET m.version = 0, m.schema = $schema "
            "SET m.ledger = coalesce(m.ledger, 0) + $n RETURN m.ledger - $n AS base")
EXISTING_TASKS = ("UNWIND $ids AS id MATCH (t:Node:Task {id: id}) USING INDEX SEEK t:Node(id) "
                  "RETURN t.id AS id, t.doc AS doc")
INSERT_PROGRESS = ("UNWIND $rows AS row CREATE (p:Ledger:Progress) SET p = row")
_PROGRESS = "p.task AS task, p.status AS status, p.note AS note, p.reported AS reported, p.by AS by, " \
            "p.recorded_at AS recorded_at"
PROGRESS_HISTORY = f"MATCH (p:Ledger:Progress {{task: $task}}) RETURN {_PROGRESS} ORDER BY p.reported, p.seq"
LATEST_PROGRESS = (
    "UNWIND $ids AS id MATCH (p:Ledger:Progress {task: id}) WHERE $as_of IS NULL OR p.reported <= $as_of "
    "WITH id, p ORDER BY p.reported DESC, p.seq DESC "
    f"WITH id, collect(p)[0] AS p RETURN {_PROGRESS}"
)

INSERT_AUDIT = "UNWIND $rows AS row CREATE (a:Ledger:Audit) SET a = row"
_AUDIT_WHERE = ("WHERE ($by IS NULL OR a.by = $by) AND ($start IS NULL OR a.at >= $start) "
                "AND ($end IS NULL OR a.at < $end) AND ($doc IS NULL OR a.doc = $doc) "
                "AND ($task IS NULL OR a.task = $task)")
AUDIT = (
    f"CALL () {{ MATCH (a:Ledger:Audit) {_AUDIT_WHERE} RETURN count(a) AS total }} "
    f"CALL () {{ MATCH (a:Ledger:Audit) {_AUDIT_WHERE} WITH a ORDER BY a.seq SKIP $offset LIMIT $limit "
    "RETURN collect(a {.at, .by, .action, .task, .doc, .reason, .detail}) AS rows } RETURN total, rows"
)

INSERT_CORRECTIONS = "UNWIND $rows AS row CREATE (c:Ledger:Correction) SET c = row"
CORRECTIONS = ("MATCH (c:Ledger:Correction) WHERE ($doc IS NULL OR c.doc = $doc) AND ($task IS NULL OR c.task = $task) "
               "AND ($state IS NULL OR c.state = $state) RETURN c {.*} AS c ORDER BY c.seq")
SET_CORRECTION_STATES = ("UNWIND $rows AS row MATCH (c:Ledger:Correction {id: row.id}) "
                         "SET c.state = row.state, c.state_reason = row.state_reason")
CLEAR_LEDGER = "MATCH (n:Ledger) DETACH DELETE n"


def document_edges(edge_type: str) -> str:
    """Return the statement reading a document's edges of one type, with both ends (a document's
    facts as stored: corrections are applied to them and the document written again)."""
    if edge_type not in EDGE_TYPES:
        raise ValueError(f"{edge_type!r} is not part of the graph schema {EDGE_TYPES}")
    return (f"MATCH (a:Node)-[r:{edge_type} {{doc: $doc}}]->(b:Node) USING INDEX SEEK r:{edge_type}(doc) "
            "RETURN a.id AS source, b.id AS target, properties(r) AS props")


# each node once (a task is the end of several edges): by id, after the edges
NODES_BY_ID = ("UNWIND $ids AS id MATCH (n:Node {id: id}) USING INDEX SEEK n:Node(id) "
               "RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Node'][0] AS label, properties(n) AS props")
