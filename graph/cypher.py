"""Every Cypher statement dutygraph sends, in one place. Values always travel as $parameters;
the only text put into a statement is a label or relationship type from the fixed schema
(graph.facts), checked against it before use."""

from __future__ import annotations

from graph.facts import EDGE_TYPES, NODE_LABELS

CONSTRAINTS = (
    "CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
    *(f"CREATE INDEX {t.lower()}_doc IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.doc)" for t in EDGE_TYPES),
    "CREATE INDEX task_due_sort IF NOT EXISTS FOR (t:Task) ON (t.due_sort)",
    "CREATE INDEX task_due_md IF NOT EXISTS FOR (t:Task) ON (t.due_md)",
)


def merge_nodes(label: str) -> str:
    """Return the statement that merges a batch of nodes of one label (shared nodes are kept as they are)."""
    _check(label, NODE_LABELS)
    return (
        f"UNWIND $rows AS row MERGE (n:Node:{label} {{id: row.id}}) ON CREATE SET n += row.props"
    )


def create_edges(edge_type: str) -> str:
    """Return the statement that creates a batch of edges of one type."""
    _check(edge_type, EDGE_TYPES)
    return (
        "UNWIND $rows AS row MATCH (a:Node {id: row.source}) MATCH (b:Node {id: row.target}) "
        f"CREATE (a)-[r:{edge_type}]->(b) SET r = row.props"
    )


def delete_edges_of_documents(edge_type: str) -> str:
    """Return the statement that deletes the edges of one type of documents $docs, returning their ends."""
    _check(edge_type, EDGE_TYPES)
    return (
        f"UNWIND $docs AS doc MATCH (a:Node)-[r:{edge_type} {{doc: doc}}]->(b:Node) "
        "WITH collect(DISTINCT a.id) + collect(DISTINCT b.id) AS ends, collect(r) AS rels "
        "FOREACH (r IN rels | DELETE r) RETURN ends"
    )


# A node lives while some document's edge touches it: once a document's edges are gone, the
# nodes they touched that have no edge left (its tasks, problems, the document itself, agencies
# no other document names) go too. A per-node list of documents would be rewritten on every load
# that shares an agency — quadratic over a bulk load.
RELEASE_NODES = "UNWIND $ids AS id MATCH (n:Node {id: id}) WHERE NOT (n)--() DELETE n"
EXISTING_DOCUMENTS = "MATCH (d:Node:Document) WHERE d.id IN $ids RETURN d.id AS id"

DOCUMENT_HASH = "MATCH (d:Node:Document {id: $id}) RETURN d.sha256 AS sha256"
DOCUMENT_EXISTS = "MATCH (d:Node:Document {id: $id}) RETURN count(d) AS n"
NODE_BY_ID = "MATCH (n:Node {id: $id}) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"


def nodes_by_label(label: str) -> str:
    """Return the statement that lists every node of one label."""
    _check(label, NODE_LABELS)
    return f"MATCH (n:Node:{label}) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"


LINKED_TASKS = (
    "MATCH (n:Node {id: $id}) MATCH (n)-[r]-(t:Task) "
    "WHERE $role IS NULL OR (type(r) = 'ASSIGNED_TO' AND r.role = $role) "
    "RETURN DISTINCT t.id AS id"
)

TASK_ROWS = (
    "UNWIND range(0, size($ids) - 1) AS i WITH i, $ids[i] AS id "
    "MATCH (t:Node:Task {id: id}) "
    "CALL (t) { OPTIONAL MATCH (t)-[a:ASSIGNED_TO]->(g:Node) "
    "  RETURN collect(CASE WHEN g IS NULL THEN NULL ELSE {target: g.id, "
    "    label: CASE WHEN g:AgencyGroup THEN 'AgencyGroup' ELSE 'Agency' END, name: g.name, edge: properties(a)} END)"
    "  AS assigned } "
    "CALL (t) { OPTIONAL MATCH (t)-[c:CONCERNS|REFERS_TO]->(m:Node) "
    "  RETURN collect(CASE WHEN m IS NULL THEN NULL ELSE {target: m.id, type: type(c), "
    "    label: [l IN labels(m) WHERE l <> 'Node'][0], name: coalesce(m.name, m.title)} END) AS mentioned } "
    "OPTIONAL MATCH (p:Node:Problem {id: t.problem}) "
    "OPTIONAL MATCH (d:Node:Document {id: t.doc}) "
    "RETURN i, t.id AS id, properties(t) AS props, assigned, mentioned, p.text AS problem_text, d.title AS doc_title "
    "ORDER BY i"
)

ALL_EDGES = ("MATCH (a:Node)-[r]->(b:Node) "
             "RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props")
DUE_BY_MONTH_DAY = "MATCH (t:Task) WHERE t.due_md <= $md RETURN t.id AS id"
DUE_BY_DATE = (
    "CALL () { MATCH (t:Task) WHERE t.due_sort <= $ymd RETURN t.id AS id "
    "UNION MATCH (t:Task) WHERE t.due_md <= $md AND t.due_sort IS NULL RETURN t.id AS id } RETURN id"
)
ALL_TASK_IDS = "MATCH (t:Node:Task) RETURN t.id AS id"
COUNT_LABELS = "MATCH (n:Node) UNWIND labels(n) AS label WITH label WHERE label <> 'Node' RETURN label, count(*) AS n"
COUNT_EDGES = "MATCH ()-[r]->() RETURN count(r) AS n"
PING = "RETURN 1 AS ok"
CLEAR_ALL = "MATCH (n) DETACH DELETE n"


def _check(name: str, allowed: tuple[str, ...]) -> None:
    if name not in allowed:
        raise ValueError(f"{name!r} is not part of the graph schema {allowed}")
