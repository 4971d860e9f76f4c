"""Every Cypher statement dutygraph sends, in one place. Values always travel as $parameters;
the only text put into a statement is a label or relationship type from the fixed schema
(graph.facts), checked against it before use, or one of the fixed fragments below chosen by a
builder. One statement per question: typed relationship patterns, only the properties returned,
counting, ordering and paging done by the server.

Every lookup by id names the index it seeks (`USING INDEX SEEK n:Node(id)`, `_seek`), and a node
reached from a task by an edge is matched without a label, so no index can apply to it: a plan
never depends on index statistics. Those are sampled in the background, and until a sample is
taken a freshly loaded index counts as empty, which makes a scan of all of it look free — a
statement planned then (and its plan is cached) scanned every node id for each task it read."""

from __future__ import annotations

from graph.facts import EDGE_TYPES, NODE_LABELS
from graph.store import AgencySort, CoordinationFilter, TaskFilter

# 2: derived keys on tasks (seq, search, date keys), lookup names, constraints per label; 3: the ledger's indexes;
# 4: lineage's (graph.stores.cypher_lineage)
SCHEMA_VERSION = 4
DOC_OWNED = ("Document", "Problem", "Task")  # nodes a document owns: replaced with it
LIMIT_NONE = 2**62
# Properties the store adds beside the facts (graph.indexing); reads leave them out of node props.
INTERNAL = ("seq", "search", "month", "due_ymd", "undated_md", "overdue_ymd", "lookup", "writing")

CONSTRAINTS = (
    # Every node carries the label Node, so this one constraint makes every node id unique, and
    # every lookup by id a unique-index seek (`(:Node:Task {id: …})`). A constraint per label too
    # would keep a second unique index per node up to date on every load: it halved load speed.
    "CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT meta_id IF NOT EXISTS FOR (m:Meta) REQUIRE m.id IS UNIQUE",
    *(f"CREATE INDEX {t.lower()}_doc IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.doc)" for t in EDGE_TYPES),
    # only what the questions seek by: every extra index is paid on every load (text indexes most)
    *(f"CREATE INDEX task_{p} IF NOT EXISTS FOR (t:Task) ON (t.{p})"
      for p in ("seq", "due_md", "due_ymd", "undated_md", "overdue_ymd")),
    *(f"CREATE INDEX {label.lower()}_{p} IF NOT EXISTS FOR (a:{label}) ON (a.{p})"
      for label in ("Agency", "AgencyGroup") for p in ("key", "department")),
    *(f"CREATE TEXT INDEX {label.lower()}_key_text IF NOT EXISTS FOR (a:{label}) ON (a.key)"
      for label in ("Agency", "AgencyGroup")),
    *(f"CREATE TEXT INDEX {label.lower()}_lookup IF NOT EXISTS FOR (n:{label}) ON (n.lookup)"
      for label in ("Region", "Platform", "PolicyDocument", "Person")),
)



def _seek(*names: str) -> str:
    """The hints that make each named node a unique-index seek on its id (see the module docstring)."""
    return "".join(f" USING INDEX SEEK {name}:Node(id)" for name in names)


# -- writes ------------------------------------------------------------------------------------------

# Concurrent loads of one document queue up on its node: MERGE under the unique constraint and a
# property write hold its lock until the transaction ends, so the next load of the same document
# starts only after this one committed, and sees (and replaces) what it wrote.
LOCK_DOCUMENTS = "UNWIND $ids AS id MERGE (d:Node:Document {id: id}) SET d.writing = true RETURN id"
LOCK_DOCUMENT = f"MATCH (d:Node:Document {{id: $id}}){_seek('d')} SET d.writing = true RETURN count(d) AS n"
BUMP_VERSION = ("MERGE (m:Meta {id: $meta}) ON CREATE SET m.version = 0, m.schema = $schema "
                "SET m.version = m.version + 1")
META = "MATCH (m:Meta {id: $meta}) RETURN m.version AS version, m.schema AS schema"
SET_SCHEMA = "MERGE (m:Meta {id: $meta}) ON CREATE SET m.version = 0 SET m.schema = $schema"


def merge_nodes(label: str) -> str:
    """Return the statement that merges a batch of nodes of one label: a document's own nodes take
    the new properties whole; shared ones (agencies, places) are kept as the first document wrote them."""
    _check(label, NODE_LABELS)
    if label in DOC_OWNED:
        return f"UNWIND $rows AS row MERGE (n:Node:{label} {{id: row.id}}) SET n = row.props"
    return f"UNWIND $rows AS row MERGE (n:Node:{label} {{id: row.id}}) ON CREATE SET n += row.props"


def create_edges(edge_type: str) -> str:
    """Return the statement that creates a batch of edges of one type."""
    _check(edge_type, EDGE_TYPES)
    return (
        f"UNWIND $rows AS row MATCH (a:Node {{id: row.source}}){_seek('a')} "
        f"MATCH (b:Node {{id: row.target}}){_seek('b')} "
        f"CREATE (a)-[r:{edge_type}]->(b) SET r = row.props"
    )


def delete_edges_of_documents(edge_type: str) -> str:
    """Return the statement that deletes the edges of one type of documents $docs, returning their ends."""
    _check(edge_type, EDGE_TYPES)
    return (
        f"UNWIND $docs AS doc MATCH (a:Node)-[r:{edge_type} {{doc: doc}}]->(b:Node) "
        f"USING INDEX SEEK r:{edge_type}(doc) "
        "WITH collect(DISTINCT a.id) + collect(DISTINCT b.id) AS ends, collect(r) AS rels "
        "FOREACH (r IN rels | DELETE r) RETURN ends"
    )


# A node lives while some document's edge touches it: once a document's edges are gone, the
# nodes they touched that have no edge left go too ($keep: the documents being rewritten, whose
# nodes hold the lock).
RELEASE_NODES = (f"UNWIND $ids AS id MATCH (n:Node {{id: id}}){_seek('n')} "
                 "WHERE NOT (n)--() AND NOT id IN $keep DELETE n")

# -- upgrading a database written before schema 2 --------------------------------------------------------

STALE_NODES = (
    "MATCH (n:Node) WHERE ((n:Task OR n:Problem) AND n.seq IS NULL) OR "
    "((n:Region OR n:Platform OR n:Problem OR n:Document OR n:PolicyDocument) AND n.lookup IS NULL) "
    "RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Node'][0] AS label, properties(n) AS props, "
    "EXISTS { (n)-[:ASSIGNED_TO]->() } AS owned LIMIT $limit"
)
SET_DERIVED = f"UNWIND $rows AS row MATCH (n:Node {{id: row.id}}){_seek('n')} SET n += row.props"

# -- node reads ----------------------------------------------------------------------------------------

_NODE = "n.id AS id, [l IN labels(n) WHERE l <> 'Node'][0] AS label, properties(n) AS props"
DOCUMENT_HASH = f"MATCH (d:Node:Document {{id: $id}}){_seek('d')} RETURN d.sha256 AS sha256"
NODE_BY_ID = f"MATCH (n:Node {{id: $id}}){_seek('n')} RETURN {_NODE}"
COUNT_LABELS = "MATCH (n:Node) UNWIND labels(n) AS label WITH label WHERE label <> 'Node' RETURN label, count(*) AS n"
COUNT_EDGES = "MATCH ()-[r]->() RETURN count(r) AS n"
ALL_EDGES = ("MATCH (a:Node)-[r]->(b:Node) "
             "RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props")
PING = "RETURN 1 AS ok"
CLEAR_ALL = "MATCH (n:Node) DETACH DELETE n"


def nodes_by_label(label: str) -> str:
    """Return the statement that lists every node of one label, in id (document) order."""
    _check(label, NODE_LABELS)
    return f"MATCH (n:{label}) RETURN {_NODE} ORDER BY coalesce(n.seq, n.id)"


def node_page(label: str, in_document: bool) -> str:
    """Return the statement giving the count and one page of a label's nodes (those a document contains)."""
    _check(label, NODE_LABELS)
    match = (f"MATCH (d:Node:Document {{id: $document}})-[:CONTAINS]->(n:{label}){_seek('d')}" if in_document
             else f"MATCH (n:{label})")
    return (f"CALL () {{ {match} RETURN count(n) AS total }} "
            f"CALL () {{ {match} WITH n ORDER BY coalesce(n.seq, n.id) SKIP $offset LIMIT $limit "
            f"RETURN collect({{id: n.id, label: $label, props: properties(n)}}) AS rows }} RETURN total, rows")


def nodes_named(label: str) -> str:
    """Return the statement finding a label's nodes by id or by a name they answer to ($needle is
    the name between separators, found by the text index on `lookup`)."""
    _check(label, NODE_LABELS)
    return (f"CALL () {{ MATCH (n:Node:{label} {{id: $ident}}){_seek('n')} RETURN n UNION MATCH (n:{label}) "
            f"WHERE n.lookup CONTAINS $needle RETURN n }} RETURN {_NODE} ORDER BY coalesce(n.seq, n.id)")


def names_of(label: str) -> str:
    """Return the statement listing (id, display name) of a label's nodes."""
    _check(label, NODE_LABELS)
    return f"MATCH (n:{label}) RETURN n.id AS id, coalesce(n.name, n.title, n.text, n.id) AS name"


PLATFORM_RANKING = (
    "CALL () { MATCH (p:Platform) RETURN count(p) AS total } "
    "CALL () { MATCH (p:Platform) CALL (p) { MATCH (p)<-[:CONCERNS]-(t:Task) RETURN count(DISTINCT t) AS tasks } "
    "WITH p, tasks ORDER BY tasks DESC, p.id SKIP $offset LIMIT $limit "
    "RETURN collect({id: p.id, props: properties(p), tasks: tasks}) AS rows } RETURN total, rows"
)

# -- agencies ------------------------------------------------------------------------------------------

_UNIT = "CASE WHEN a:AgencyGroup THEN 'AgencyGroup' ELSE 'Agency' END"
_AGENCY = f"a.id AS id, {_UNIT} AS label, properties(a) AS props"


def _units(*patterns: str) -> str:
    """A UNION of index lookups, once per unit label (a label disjunction would scan both labels),
    each naming the index it uses: `a.prop = …`/`IN` the range index, `ENDS WITH` the text index."""
    def hint(pattern: str, label: str) -> str:
        prop = pattern.split()[0].split(".")[1]
        kind = "TEXT INDEX" if " ENDS WITH " in pattern else "INDEX"
        return f"USING {kind} a:{label}({prop})"
    parts = [f"MATCH (a:{label}) {hint(p, label)} WHERE {p} RETURN a"
             for p in patterns for label in ("Agency", "AgencyGroup")]
    return "CALL () { " + " UNION ".join(parts) + " } "


AGENCY_BY_NAME = (f"CALL () {{ MATCH (a:Node {{id: $ident}}){_seek('a')} WHERE a:Agency OR a:AgencyGroup "
                  "RETURN a UNION "
                  + _units("a.key = $key")[len("CALL () { "):] + f"RETURN {_AGENCY} ORDER BY a.name")
AGENCY_BY_DEPARTMENT = _units("a.department IN $departments") + f"RETURN {_AGENCY} ORDER BY a.name"
AGENCY_BY_SHORT_FORM = (
    _units("a.department = $department", "a.key ENDS WITH $suffix")
    + f"WITH a WHERE $level IS NULL OR a.level IS NULL OR a.level = $level RETURN {_AGENCY} ORDER BY a.name"
)
AGENCY_LIST = f"MATCH (a:Agency|AgencyGroup) RETURN {_AGENCY} ORDER BY a.name, a.id"
_AGENCY_WHERE = ("($level IS NULL OR a.level = $level) AND ($jurisdiction IS NULL OR a.jurisdiction = $jurisdiction) "
                 "AND ($kind IS NULL OR a.kind = $kind) AND ($department IS NULL OR a.department = $department)")
_RANK_ORDER = {"load": "lead + co DESC, a.name", "lead": "lead DESC, a.name", "name": "a.name",
               "overdue": "overdue DESC, a.name"}


def done_as_of(task: str, day: str) -> str:
    """Cypher true when the latest progress of task id `task` reported on or before `day` (an ISO
    date parameter) says done ($done): graph.ledger.terms, `done`. Overdue and due soon leave such
    tasks out."""
    # :Progress alone (only ledger records carry it, indexed on task): a statement that also says
    # (a:Agency|AgencyGroup) may not chain labels with ':' as well
    return (f"EXISTS {{ MATCH (p:Progress {{task: {task}}}) WHERE p.reported <= {day} AND p.status IN $done "
            f"AND NOT EXISTS {{ MATCH (q:Progress {{task: {task}}}) WHERE q.reported <= {day} "
            "AND (q.reported > p.reported OR (q.reported = p.reported AND q.seq > p.seq)) } }")


_DONE_TODAY = done_as_of("t.id", "$today_day")


def agency_ranking(sort: AgencySort) -> str:
    """Return the load ranking: every unit's assignments counted by role and due date, ranked, paged."""
    order = _RANK_ORDER[sort]
    return (
        f"CALL () {{ MATCH (a:Agency|AgencyGroup) WHERE {_AGENCY_WHERE} RETURN count(a) AS total }} "
        f"CALL () {{ MATCH (a:Agency|AgencyGroup) WHERE {_AGENCY_WHERE} "
        "CALL (a) { OPTIONAL MATCH (a)<-[r:ASSIGNED_TO]-(t:Task) "
        "RETURN sum(CASE WHEN r.role = $lead THEN 1 ELSE 0 END) AS lead, "
        "sum(CASE WHEN r.role = $co THEN 1 ELSE 0 END) AS co, "
        f"sum(CASE WHEN t.overdue_ymd >= $today AND t.overdue_ymd <= $soon AND NOT {_DONE_TODAY} THEN 1 ELSE 0 END) "
        f"AS due_soon, sum(CASE WHEN t.overdue_ymd < $today AND NOT {_DONE_TODAY} THEN 1 ELSE 0 END) AS overdue }} "
        f"WITH a, lead, co, due_soon, overdue ORDER BY {order} SKIP $offset LIMIT $limit "
        f"RETURN collect({{id: a.id, label: {_UNIT}, props: properties(a), lead: lead, co: co, due_soon: due_soon, "
        "overdue: overdue}) AS rows } RETURN total, rows"
    )


_DOC_TITLE = "CASE WHEN d.title IS NULL OR d.title = $empty THEN t.doc ELSE d.title END"
AGENCY_LOAD = (
    f"MATCH (x:Node {{id: $agency}})<-[r:ASSIGNED_TO]-(t:Task){_seek('x')} "
    "WITH t, max(CASE WHEN r.role = $lead THEN 1 ELSE 0 END) AS leads "
    f"OPTIONAL MATCH (p:Node:Problem {{id: t.problem}}){_seek('p')} "
    f"OPTIONAL MATCH (d:Node:Document {{id: t.doc}}){_seek('d')} "
    f"WITH collect({{t: t, role: CASE WHEN leads = 1 THEN $lead ELSE $co END, list: coalesce(t.list, $dash), "
    f"problem: coalesce(p.text, $dash), document: {_DOC_TITLE}}}) AS mine "
    "CALL (mine) { UNWIND mine AS m WITH m.role AS k, count(*) AS n RETURN collect([k, n]) AS roles } "
    "CALL (mine) { UNWIND mine AS m WITH m.t.month AS k, count(*) AS n RETURN collect([k, n]) AS months } "
    "CALL (mine) { UNWIND mine AS m WITH m.list AS k, count(*) AS n RETURN collect([k, n]) AS lists } "
    "CALL (mine) { UNWIND mine AS m WITH m.problem AS k, count(*) AS n RETURN collect([k, n]) AS problems } "
    "CALL (mine) { UNWIND mine AS m WITH m.document AS k, count(*) AS n RETURN collect([k, n]) AS documents } "
    "CALL (mine) { UNWIND mine AS m WITH m.t AS t MATCH (t)-[:ASSIGNED_TO]->(b:Agency) WHERE b.id <> $agency "
    "WITH b, count(*) AS n RETURN collect([b.id, b.name, n]) AS partners } "
    "RETURN roles, months, lists, problems, documents, partners, "
    f"size([m IN mine WHERE m.t.overdue_ymd < $today AND NOT {done_as_of('m.t.id', '$today_day')}]) AS overdue, "
    "size([m IN mine WHERE m.t.overdue_ymd >= $today AND m.t.overdue_ymd <= $soon "
    f"AND NOT {done_as_of('m.t.id', '$today_day')}]) AS due_soon"
)
AGENCY_MONTHS = (
    f"MATCH (a:Node)<-[:ASSIGNED_TO]-(t:Task){_seek('a')} WHERE a.id IN $ids "
    "RETURN a.id AS agency, t.month AS month, count(*) AS n"
)
CO_AGENCIES = (
    f"MATCH (a:Node)<-[:ASSIGNED_TO]-(t:Task)-[:ASSIGNED_TO]->(b:Agency){_seek('a')} "
    "WHERE a.id IN $ids AND b.id <> a.id "
    "RETURN a.id AS a, b.id AS b, count(DISTINCT t) AS shared"
)
HUB_LINKS = (
    f"MATCH (a:Node)<-[:ASSIGNED_TO]-(t:Task){_seek('a')} WHERE a.id IN $ids "
    f"WITH a.id AS agency, coalesce(t.problem, t.doc) AS hub, count(*) AS n MATCH (h:Node {{id: hub}}){_seek('h')} "
    "RETURN agency, hub, [l IN labels(h) WHERE l <> 'Node'][0] AS label, "
    "coalesce(h.text, h.title, h.id) AS name, n"
)


def coordination(where: CoordinationFilter) -> str:
    """Return the statement giving, over the tasks meeting `where`, their count, the busiest $top
    units and the tasks pairs of agencies among those share."""
    if where.agency:
        match = f"MATCH (x:Node {{id: $agency}})<-[:ASSIGNED_TO]-(t:Task){_seek('x')}"
    elif where.document:
        match = f"MATCH (x:Node:Document {{id: $document}})-[:CONTAINS]->(t:Task){_seek('x')}"
    else:
        match = "MATCH (t:Task)"
    conds = []
    if where.jurisdiction:
        conds.append("EXISTS { MATCH (t)-[:ASSIGNED_TO]->(x) WHERE x.name CONTAINS $jurisdiction }")
    if where.due_from or where.due_to:
        conds.append("t.due_month IS NOT NULL AND ($due_from IS NULL OR t.due_ymd IS NULL "
                     "OR t.due_ymd / 100 >= $due_from) "
                     "AND ($due_to IS NULL OR t.due_ymd IS NULL OR t.due_ymd / 100 <= $due_to)")
    if where.document and where.agency:
        conds.append("t.doc = $document")
    clause = " WHERE " + " AND ".join(conds) if conds else ""
    return (
        f"CALL () {{ {match}{clause} RETURN collect(DISTINCT t) AS kept }} "
        "CALL (kept) { UNWIND kept AS t MATCH (t)-[:ASSIGNED_TO]->(a) WHERE $jurisdiction IS NULL OR a:Agency "
        f"WITH a, count(*) AS n ORDER BY n DESC, a.name LIMIT $top RETURN collect({{id: a.id, label: {_UNIT}, "
        "name: a.name, n: n}) AS busiest } "
        "CALL (kept, busiest) { WITH [b IN busiest WHERE b.label = 'Agency' | b.id] AS ids, kept "
        "UNWIND kept AS t MATCH (a:Agency)<-[:ASSIGNED_TO]-(t)-[:ASSIGNED_TO]->(b:Agency) "
        "WHERE a.id < b.id AND a.id IN ids AND b.id IN ids "
        "WITH a.id AS a, b.id AS b, count(DISTINCT t) AS shared RETURN collect([a, b, shared]) AS pairs } "
        "RETURN size(kept) AS tasks, busiest, pairs"
    )


# -- tasks ---------------------------------------------------------------------------------------------

_BRIEF = ("t {.number, .path, .title, .doc, .problem, .list, .truncated, .deadline_raw, .due_year, .due_month, "
          ".due_day, .deadline_kind, .year_inferred, .owned}")
_ASSIGNED = (
    "CALL (t) {{ MATCH (t)-[a:ASSIGNED_TO]->(g) RETURN collect([g.id, CASE WHEN g:AgencyGroup THEN 'AgencyGroup' "
    "ELSE 'Agency' END, g.name, a.role, a.order, a.written, a.doc{extra}]) AS assigned }} "
)
_MENTIONED = (
    "CALL (t) { MATCH (t)-[c:CONCERNS|REFERS_TO]->(m) RETURN collect([m.id, type(c), "
    "[l IN labels(m) WHERE l <> 'Node'][0], coalesce(m.name, m.title)]) AS mentioned } "
)


_LEADERS = ("CALL (t) { MATCH (t)-[:OVERSEEN_BY]->(m) WITH m ORDER BY m.name, m.id "
            "RETURN collect([m.id, m.name]) AS leaders } ")


def _row(full: bool) -> str:
    """The clauses turning each task `t` into one row map (brief: what lists show; full: all)."""
    assigned = _ASSIGNED.format(extra=", a.span, a.evidence, a.correction" if full else "")
    mentioned = _MENTIONED if full else ""
    props = "properties(t)" if full else _BRIEF
    return (f"{assigned}{mentioned}{_LEADERS}OPTIONAL MATCH (p:Node:Problem {{id: t.problem}}){_seek('p')} "
            f"OPTIONAL MATCH (d:Node:Document {{id: t.doc}}){_seek('d')} "
            f"WITH t, assigned, {'mentioned' if full else '[]'} AS mentioned, leaders, p.text AS problem, "
            f"{_DOC_TITLE} AS document "
            f"RETURN collect({{id: t.id, props: {props}, assigned: assigned, mentioned: mentioned, problem: problem, "
            "document: document, leaders: leaders}) AS rows")


TASK = f"MATCH (t:Node:Task {{id: $id}}){_seek('t')} {_row(True)}"
TASKS_BY_ID = f"UNWIND $ids AS id MATCH (t:Node:Task {{id: id}}){_seek('t')} WITH t ORDER BY t.seq {_row(False)}"


def tasks(where: TaskFilter, full: bool) -> str:
    """Return the statement giving the number of tasks meeting `where` and one page of their rows."""
    match, distinct = _anchor(where)
    conds = _task_conditions(where)
    clause = " WHERE " + " AND ".join(conds) if conds else ""
    if match is None:  # no node to start from: count from the label, page along the seq index
        count_part = f"MATCH (t:Task){clause} RETURN count(t) AS total"
        page_part = f"MATCH (t:Task) WHERE t.seq IS NOT NULL{' AND ' + ' AND '.join(conds) if conds else ''} WITH t"
        return (f"CALL () {{ {count_part} }} "
                f"CALL () {{ {page_part} ORDER BY t.seq SKIP $offset LIMIT $limit {_row(full)} }} "
                "RETURN total, rows")
    # from a node: its tasks are few; one pass finds, counts and orders them, then a page is cut
    return (f"{match}{clause} {'WITH DISTINCT t' if distinct else 'WITH t'} ORDER BY t.seq WITH collect(t) AS ts "
            f"CALL (ts) {{ UNWIND ts[$start..$end] AS t {_row(full)} }} "
            "RETURN size(ts) AS total, rows")


def _shared_anchor(count: int) -> str:
    """The pattern joining a task to every one of `count` agencies ($shared[0] … by position): the
    first is sought by id, the others are reached from the task (no label: no index to scan)."""
    extra = "".join(f" MATCH (t)-[:ASSIGNED_TO]->({{id: $shared[{i}]}})" for i in range(2, count))
    second = "-[:ASSIGNED_TO]->({id: $shared[1]})" if count > 1 else ""
    return f"MATCH (x:Node {{id: $shared[0]}})<-[:ASSIGNED_TO]-(t:Task){second}{_seek('x')}{extra}"


_ANCHORS = (  # (filter field, the pattern that starts from it) — the first one present is used
    ("agency", f"MATCH (x:Node {{id: $agency}})<-[r:ASSIGNED_TO]-(t:Task){_seek('x')}"),
    ("shared", ""),  # _shared_anchor: one pattern through every agency
    ("any_agency", f"MATCH (x:Node)<-[:ASSIGNED_TO]-(t:Task){_seek('x')}"),  # x.id IN $any_agency: a condition
    ("problem", f"MATCH (x:Node:Problem {{id: $problem}})-[:ADDRESSED_BY]->(t:Task){_seek('x')}"),
    ("document", f"MATCH (x:Node:Document {{id: $document}})-[:CONTAINS]->(t:Task){_seek('x')}"),
    ("region", f"MATCH (x:Node {{id: $region}})<-[:CONCERNS]-(t:Task){_seek('x')}"),
    ("platform", f"MATCH (x:Node {{id: $platform}})<-[:CONCERNS]-(t:Task){_seek('x')}"),
    ("policy", f"MATCH (x:Node {{id: $policy}})<-[:REFERS_TO]-(t:Task){_seek('x')}"),
    ("leader", f"MATCH (x:Node {{id: $leader}})<-[:OVERSEEN_BY]-(t:Task){_seek('x')}"),
)
# The other filters, checked from each task along its few edges (the far node without a label,
# so no index can be scanned for it)
_CONDITIONS = {
    "agency": "EXISTS { MATCH (t)-[r:ASSIGNED_TO]->({id: $agency}) WHERE $role IS NULL OR r.role = $role }",
    "shared": "ALL(x IN $shared WHERE EXISTS { (t)-[:ASSIGNED_TO]->({id: x}) })",
    "any_agency": "EXISTS { MATCH (t)-[:ASSIGNED_TO]->(y) WHERE y.id IN $any_agency }",
    "problem": "t.problem = $problem",
    "document": "t.doc = $document",
    "region": "EXISTS { (t)-[:CONCERNS]->({id: $region}) }",
    "platform": "EXISTS { (t)-[:CONCERNS]->({id: $platform}) }",
    "policy": "EXISTS { (t)-[:REFERS_TO]->({id: $policy}) }",
    "leader": "EXISTS { (t)-[:OVERSEEN_BY]->({id: $leader}) }",
}


def _anchor(where: TaskFilter) -> tuple[str | None, bool]:
    """Return the pattern to start from (the first node filter given) and whether it can meet a
    task twice (an agency assigned twice to one task)."""
    for name, pattern in _ANCHORS:
        if getattr(where, name):
            return pattern or _shared_anchor(len(set(where.shared))), name in ("agency", "shared", "any_agency")
    return None, False


def _task_conditions(where: TaskFilter) -> list[str]:
    anchor = next((name for name, _ in _ANCHORS if getattr(where, name)), None)
    conds = [cond for name, cond in _CONDITIONS.items() if getattr(where, name) and name != anchor]
    if anchor == "agency" and where.role:
        conds.append("r.role = $role")
    if anchor == "any_agency":
        conds.append("x.id IN $any_agency")
    if where.due is not None:
        conds.append("t.due_ymd <= $due_end AND ($due_start IS NULL OR t.due_ymd >= $due_start)")
    if where.overdue_as_of is not None:
        conds.append(f"t.overdue_ymd < $as_of AND NOT {done_as_of('t.id', '$as_of_day')}")
    if where.unowned is not None:
        conds.append("t.owned = $owned")
    if where.year_unknown is not None:
        conds.append("t.undated_md IS NOT NULL" if where.year_unknown else "t.undated_md IS NULL")
    if where.year_unknown_months is not None:
        conds.append("t.undated_md >= $undated_from AND t.undated_md <= $undated_to")
    if where.needle:
        conds.append("t.search CONTAINS $needle")
    return conds


def _check(name: str, allowed: tuple[str, ...]) -> None:
    if name not in allowed:
        raise ValueError(f"{name!r} is not part of the graph schema {allowed}")
