"""Every SQL statement the SQLite store sends, in one place: the schema, the writes, and one
statement (or a fixed few) per question. Values always travel as :parameters (lists as one JSON
array read with json_each); builders only choose among fixed fragments of text."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from graph.dates import date_key
from graph.ledger.terms import DONE
from graph.store import AgencyFilter, AgencyMatch, AgencySort, CoordinationFilter, TaskFilter

SCHEMA_VERSION = 3  # 2: the ledger's tables (graph.stores.sql_ledger); 3: lineage's (graph.stores.sql_lineage)

# synchronous=FULL: in WAL mode every COMMIT syncs the log, so an acknowledged write survives a
# crash or a power cut (NORMAL could lose the last commits). busy_timeout: a second writer waits
# for the first instead of failing at once.
def pragmas(busy_ms: int) -> tuple[str, ...]:
    """Return the settings every connection starts with."""
    return (f"PRAGMA busy_timeout = {int(busy_ms)}", "PRAGMA synchronous = FULL", "PRAGMA temp_store = MEMORY",
            "PRAGMA cache_size = -8192", "PRAGMA foreign_keys = OFF")


# The writer's page cache: bulk loads touch every index, so they keep more of it in memory; a
# single document needs little, and a server worker should not hold 64 MB for it.
WRITER_CACHE = {True: "PRAGMA cache_size = -65536", False: "PRAGMA cache_size = -8192"}
JOURNAL_WAL = "PRAGMA journal_mode = WAL"
SCHEMA_PRESENT = "SELECT value FROM meta WHERE key = 'schema'"
TABLE_NAMES = "SELECT name FROM sqlite_master WHERE type = 'table'"

# Nodes and edges are kept generically (any label, any edge type: the ledger adds Person and
# OVERSEEN_BY without a new table); `tasks` and `agencies` hold the columns questions filter,
# sort and count on; `names` is the lookup index of what nodes answer to.
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value ANY NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS nodes (id TEXT PRIMARY KEY, label TEXT NOT NULL, name TEXT NOT NULL, "
    "seq TEXT NOT NULL, props TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label, seq)",
    "CREATE TABLE IF NOT EXISTS names (label TEXT NOT NULL, name TEXT NOT NULL, node TEXT NOT NULL, "
    "PRIMARY KEY (label, name, node)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS names_node ON names(node)",
    "CREATE TABLE IF NOT EXISTS agencies (id TEXT PRIMARY KEY, label TEXT NOT NULL, name TEXT NOT NULL, key TEXT, "
    "rkey TEXT, department TEXT, level TEXT, jurisdiction TEXT, kind TEXT, "
    "lead INTEGER NOT NULL DEFAULT 0, co INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS agencies_key ON agencies(key)",
    "CREATE INDEX IF NOT EXISTS agencies_rkey ON agencies(rkey)",
    "CREATE INDEX IF NOT EXISTS agencies_department ON agencies(department)",
    "CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, doc TEXT NOT NULL, seq TEXT NOT NULL, problem TEXT, "
    "number INTEGER, path TEXT, title TEXT, list TEXT, truncated INTEGER, deadline_raw TEXT, due_year INTEGER, "
    "due_month INTEGER, due_day INTEGER, deadline_kind TEXT, year_inferred INTEGER, month TEXT NOT NULL, "
    "due_md INTEGER, due_ymd INTEGER, undated_md INTEGER, overdue_ymd INTEGER, owned INTEGER NOT NULL, "
    "search TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS tasks_seq ON tasks(seq)",
    "CREATE INDEX IF NOT EXISTS tasks_doc ON tasks(doc, seq)",
    "CREATE INDEX IF NOT EXISTS tasks_problem ON tasks(problem)",
    "CREATE INDEX IF NOT EXISTS tasks_due_md ON tasks(due_md)",
    "CREATE INDEX IF NOT EXISTS tasks_due_ymd ON tasks(due_ymd)",
    "CREATE INDEX IF NOT EXISTS tasks_undated_md ON tasks(undated_md)",
    "CREATE INDEX IF NOT EXISTS tasks_overdue ON tasks(overdue_ymd)",
    "CREATE INDEX IF NOT EXISTS tasks_unowned ON tasks(seq) WHERE owned = 0",
    "CREATE TABLE IF NOT EXISTS edges (id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, "
    "type TEXT NOT NULL, doc TEXT NOT NULL, role TEXT, ord INTEGER, written TEXT, seq TEXT, due_ymd INTEGER, "
    "overdue_ymd INTEGER, props TEXT NOT NULL)",
    # an agency's (a place's, a platform's) tasks, already in document order: a page is read
    # straight off this index, without touching the other tasks
    "CREATE INDEX IF NOT EXISTS edges_target ON edges(target, type, seq, role, source)",
    # a page's assignments read from the index alone (the rows hold long evidence sentences)
    "CREATE INDEX IF NOT EXISTS edges_source ON edges(source, type, doc, ord, target, role, written)",
    "CREATE INDEX IF NOT EXISTS edges_doc ON edges(doc)",
    "CREATE INDEX IF NOT EXISTS edges_due ON edges(target, due_ymd) WHERE type = 'ASSIGNED_TO'",
    "CREATE INDEX IF NOT EXISTS edges_overdue ON edges(target, overdue_ymd) WHERE type = 'ASSIGNED_TO'",
    # tasks each pair of agencies shares, kept as documents come and go: the whole coordination
    # network (its hubs, communities, paths) is read from here, not counted over every task
    "CREATE TABLE IF NOT EXISTS pairs (a TEXT NOT NULL, b TEXT NOT NULL, shared INTEGER NOT NULL, "
    "PRIMARY KEY (a, b)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS pairs_b ON pairs(b, a)",
    # the load ranking reads counters kept by the engine, not a count over every assignment
    "CREATE TRIGGER IF NOT EXISTS assignment_added AFTER INSERT ON edges WHEN NEW.type = 'ASSIGNED_TO' BEGIN "
    "UPDATE agencies SET lead = lead + (NEW.role = 'lead'), co = co + (NEW.role = 'co') WHERE id = NEW.target; END",
    "CREATE TRIGGER IF NOT EXISTS assignment_removed AFTER DELETE ON edges WHEN OLD.type = 'ASSIGNED_TO' BEGIN "
    "UPDATE agencies SET lead = lead - (OLD.role = 'lead'), co = co - (OLD.role = 'co') WHERE id = OLD.target; END",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('version', 0)",
)
SET_SCHEMA_VERSION = "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', :version)"
GET_META = "SELECT value FROM meta WHERE key = :key"
SET_META = "INSERT OR REPLACE INTO meta (key, value) VALUES (:key, :value)"
BUMP_VERSION = "UPDATE meta SET value = value + 1 WHERE key = 'version'"
VERSION = "SELECT value FROM meta WHERE key = 'version'"

# -- transactions and writes ---------------------------------------------------------------------------

BEGIN_READ = "BEGIN"  # a read transaction: the statements of one question see one snapshot
BEGIN_WRITE = "BEGIN IMMEDIATE"  # take the write lock now (waiting up to busy_timeout), not at the first write
COMMIT = "COMMIT"
ROLLBACK = "ROLLBACK"

TEMP_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS touched (id TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS released (id TEXT PRIMARY KEY) WITHOUT ROWID",
)
# A node lives while some document's edge touches it (as in the Neo4j store): once a document's
# edges are gone, the nodes they touched that have no edge left go too.
_DOCUMENT_PAIRS = (  # agency pairs on the tasks of document :doc, with the tasks each shares
    "SELECT e1.target AS a, e2.target AS b, count(DISTINCT e1.source) AS n FROM edges AS e1 "
    "CROSS JOIN edges AS e2 ON e2.source = e1.source AND e2.type = 'ASSIGNED_TO' AND e2.target > e1.target "
    "JOIN agencies AS a1 ON a1.id = e1.target AND a1.label = 'Agency' "
    "JOIN agencies AS a2 ON a2.id = e2.target AND a2.label = 'Agency' "
    "WHERE e1.doc = :doc AND e1.type = 'ASSIGNED_TO' GROUP BY 1, 2"
)
ADD_PAIRS = (f"INSERT INTO pairs (a, b, shared) SELECT a, b, n FROM ({_DOCUMENT_PAIRS}) WHERE 1 "
             "ON CONFLICT (a, b) DO UPDATE SET shared = shared + excluded.shared")
REMOVE_DOCUMENT = (
    f"UPDATE pairs SET shared = shared - x.n FROM ({_DOCUMENT_PAIRS}) AS x WHERE pairs.a = x.a AND pairs.b = x.b",
    "DELETE FROM pairs WHERE shared <= 0",
    "DELETE FROM temp.touched",
    "INSERT OR IGNORE INTO temp.touched (id) SELECT source FROM edges WHERE doc = :doc "
    "UNION SELECT target FROM edges WHERE doc = :doc UNION SELECT :doc",
    "DELETE FROM edges WHERE doc = :doc",
    "DELETE FROM temp.released",
    "INSERT INTO temp.released (id) SELECT id FROM temp.touched AS t WHERE NOT EXISTS "
    "(SELECT 1 FROM edges WHERE source = t.id) AND NOT EXISTS (SELECT 1 FROM edges WHERE target = t.id)",
    "DELETE FROM nodes WHERE id IN temp.released",
    "DELETE FROM tasks WHERE id IN temp.released",
    "DELETE FROM agencies WHERE id IN temp.released",
    "DELETE FROM names WHERE node IN temp.released",
)
IS_DOCUMENT = "SELECT 1 FROM nodes WHERE id = :id AND label = 'Document'"
HAS_DOCUMENT = "SELECT 1 FROM nodes WHERE id = :doc UNION ALL SELECT 1 FROM edges WHERE doc = :doc LIMIT 1"
INSERT_NODE = ("INSERT INTO nodes (id, label, name, seq, props) VALUES (:id, :label, :name, :seq, :props) "
               "ON CONFLICT (id) DO NOTHING")
INSERT_NAME = "INSERT OR IGNORE INTO names (label, name, node) VALUES (:label, :name, :node)"
INSERT_AGENCY = (
    "INSERT OR IGNORE INTO agencies (id, label, name, key, rkey, department, level, jurisdiction, kind) "
    "VALUES (:id, :label, :name, :key, :rkey, :department, :level, :jurisdiction, :kind)"
)
INSERT_TASK = (
    "INSERT OR IGNORE INTO tasks (id, doc, seq, problem, number, path, title, list, truncated, deadline_raw, "
    "due_year, due_month, due_day, deadline_kind, year_inferred, month, due_md, due_ymd, undated_md, overdue_ymd, "
    "owned, search) VALUES (:id, :doc, :seq, :problem, :number, :path, :title, :list, :truncated, :deadline_raw, "
    ":due_year, :due_month, :due_day, :deadline_kind, :year_inferred, :month, :due_md, :due_ymd, :undated_md, "
    ":overdue_ymd, :owned, :search)"
)
INSERT_EDGE = (
    "INSERT INTO edges (source, target, type, doc, role, ord, written, seq, due_ymd, overdue_ymd, props) "
    "VALUES (:source, :target, :type, :doc, :role, :ord, :written, :seq, :due_ymd, :overdue_ymd, :props)"
)

# -- node reads --------------------------------------------------------------------------------------

DOCUMENT_HASH = "SELECT json_extract(props, '$.sha256') FROM nodes WHERE id = :id AND label = 'Document'"
NODE = "SELECT id, label, props FROM nodes WHERE id = :id"
NODES = "SELECT id, label, props FROM nodes WHERE label = :label ORDER BY seq"
_IN_DOCUMENT = (" AND (:document IS NULL OR id IN "
                "(SELECT target FROM edges WHERE source = :document AND type = 'CONTAINS'))")
NODE_PAGE = "SELECT id, label, props FROM nodes WHERE label = :label" + _IN_DOCUMENT + \
    " ORDER BY seq LIMIT :limit OFFSET :offset"
NODE_COUNT = "SELECT count(*) FROM nodes WHERE label = :label" + _IN_DOCUMENT
NODES_NAMED = ("SELECT id, label, props FROM nodes WHERE label = :label AND (id = :ident OR id IN "
               "(SELECT node FROM names WHERE label = :label AND name = :name)) ORDER BY seq")
NAMES_OF = "SELECT id, name FROM nodes WHERE label = :label ORDER BY seq"
COUNT_LABELS = "SELECT label, count(*) FROM nodes GROUP BY label"
COUNT_EDGES = "SELECT count(*) FROM edges"
ALL_EDGES = "SELECT source, target, type, props FROM edges ORDER BY id"
PLATFORM_COUNT = "SELECT count(*) FROM nodes WHERE label = 'Platform'"
PLATFORM_RANKING = (
    "SELECT n.id, n.label, n.props, (SELECT count(DISTINCT e.source) FROM edges AS e "
    "WHERE e.target = n.id AND e.type = 'CONCERNS') AS tasks FROM nodes AS n WHERE n.label = 'Platform' "
    "ORDER BY tasks DESC, n.seq LIMIT :limit OFFSET :offset"
)

# -- agencies ----------------------------------------------------------------------------------------

_AGENCY_NODE = "SELECT n.id, n.label, n.props FROM agencies AS a JOIN nodes AS n ON n.id = a.id WHERE "
AGENCY_LIST = _AGENCY_NODE + "1 ORDER BY a.name, a.id"


def agencies_matching(match: AgencyMatch) -> tuple[str, dict[str, Any]]:
    """Return the statement and parameters finding the agencies one way of naming them describes."""
    if match.ident is not None or match.key is not None:
        return _AGENCY_NODE + "(a.id = :ident OR a.key = :key) ORDER BY a.name", \
            {"ident": match.ident, "key": match.key}
    if match.departments:
        return _AGENCY_NODE + "a.department IN (SELECT value FROM json_each(:departments)) ORDER BY a.name", \
            {"departments": _json(list(match.departments))}
    rsuffix = (match.suffix or "")[::-1]
    return (_AGENCY_NODE + "(:level IS NULL OR a.level IS NULL OR a.level = :level) AND "
            "(a.department = :department OR (a.rkey >= :rlow AND a.rkey < :rhigh)) ORDER BY a.name",
            {"level": match.level, "department": match.department, "rlow": rsuffix, "rhigh": _after(rsuffix)})


def _after(prefix: str) -> str:
    """Return the smallest text greater than every text starting with `prefix` (a prefix range)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\U0010ffff"


def done_as_of(task: str, day: str) -> str:
    """SQL true when the latest progress of task `task` reported on or before `day` (an ISO date
    parameter) says done: graph.ledger.terms, `done`. The overdue and due-soon conditions below
    leave such tasks out; :done is the JSON list of the done statuses (DONE_PARAM)."""
    return (f"EXISTS (SELECT 1 FROM progress AS p WHERE p.task = {task} AND p.reported <= {day} "
            "AND p.status IN (SELECT value FROM json_each(:done)) AND NOT EXISTS (SELECT 1 FROM progress AS q "
            f"WHERE q.task = p.task AND q.reported <= {day} AND (q.reported > p.reported "
            "OR (q.reported = p.reported AND q.id > p.id))))")


DONE_PARAM = json.dumps(list(DONE), ensure_ascii=False)


def day_params(today: date, soon_days: int) -> dict[str, Any]:
    """Return the parameters the overdue and due-soon conditions take for a day."""
    return {"today": date_key(today), "soon": date_key(today + timedelta(days=soon_days)),
            "today_day": today.isoformat(), "done": DONE_PARAM}
# overdue and due soon (graph.ledger.terms): a dated 'by' deadline (overdue_ymd) before today, or
# within the due-soon window, of a task not done as of today
_DUE_SOON = ("(SELECT count(*) FROM edges AS x WHERE x.target = a.id AND x.type = 'ASSIGNED_TO' "
             f"AND x.overdue_ymd >= :today AND x.overdue_ymd <= :soon AND NOT {done_as_of('x.source', ':today_day')})")
_OVERDUE = ("(SELECT count(*) FROM edges AS x WHERE x.target = a.id AND x.type = 'ASSIGNED_TO' "
            f"AND x.overdue_ymd < :today AND NOT {done_as_of('x.source', ':today_day')})")
_AGENCY_WHERE = ("(:level IS NULL OR a.level = :level) AND (:jurisdiction IS NULL OR a.jurisdiction = :jurisdiction) "
                 "AND (:kind IS NULL OR a.kind = :kind) AND (:department IS NULL OR a.department = :department)")
_RANK_ORDER = {"load": "a.lead + a.co DESC, a.name", "lead": "a.lead DESC, a.name", "name": "a.name",
               "overdue": "overdue DESC, a.name"}
AGENCY_COUNT = "SELECT count(*) FROM agencies AS a WHERE " + _AGENCY_WHERE


def agency_ranking(where: AgencyFilter, sort: AgencySort, today: date, soon_days: int, limit: int | None,
                   offset: int) -> tuple[str, dict[str, Any]]:
    """Return the load ranking: the page is chosen first (by counters the engine keeps), and
    only its rows count what falls due; ranking by overdue counts them for every agency."""
    params = {"level": where.level, "jurisdiction": where.jurisdiction, "kind": where.kind,
              "department": where.department, **day_params(today, soon_days), "limit": _limit(limit),
              "offset": offset}
    order = _RANK_ORDER[sort]
    if sort == "overdue":
        inner = (f"SELECT a.*, {_OVERDUE} AS overdue FROM agencies AS a WHERE {_AGENCY_WHERE} "
                 f"ORDER BY {order} LIMIT :limit OFFSET :offset")
    else:
        inner = f"SELECT a.* FROM agencies AS a WHERE {_AGENCY_WHERE} ORDER BY {order} LIMIT :limit OFFSET :offset"
    statement = (f"SELECT n.id, n.label, n.props, a.lead, a.co, {_DUE_SOON}, {_OVERDUE} AS overdue "
                 f"FROM ({inner}) AS a JOIN nodes AS n ON n.id = a.id ORDER BY {order}")
    return statement, params


AGENCY_LOAD = ("""
WITH mine AS (
  SELECT t.*, max(e.role = 'lead') AS leads FROM edges AS e JOIN tasks AS t ON t.id = e.source
  WHERE e.target = :agency AND e.type = 'ASSIGNED_TO' GROUP BY t.id)
SELECT 'role', CASE WHEN leads THEN 'lead' ELSE 'co' END, NULL, count(*) FROM mine GROUP BY 2
UNION ALL SELECT 'month', month, NULL, count(*) FROM mine GROUP BY 2
UNION ALL SELECT 'list', coalesce(list, '—'), NULL, count(*) FROM mine GROUP BY 2
UNION ALL SELECT 'problem', coalesce(p.name, '—'), NULL, count(*) FROM mine LEFT JOIN nodes AS p ON p.id = mine.problem
  GROUP BY 2
UNION ALL SELECT 'document', coalesce(d.name, mine.doc), NULL, count(*) FROM mine
  LEFT JOIN nodes AS d ON d.id = mine.doc GROUP BY 2
UNION ALL SELECT 'overdue', NULL, NULL, count(*) FROM mine WHERE overdue_ymd < :today AND NOT {done}
UNION ALL SELECT 'due_soon', NULL, NULL, count(*) FROM mine WHERE overdue_ymd >= :today AND overdue_ymd <= :soon
  AND NOT {done}
UNION ALL SELECT 'co', e2.target, a2.name, count(*) FROM mine
  CROSS JOIN edges AS e2 ON e2.source = mine.id AND e2.type = 'ASSIGNED_TO' AND e2.target <> :agency
  CROSS JOIN agencies AS a2 ON a2.id = e2.target AND a2.label = 'Agency' GROUP BY e2.target
""").replace("{done}", done_as_of("mine.id", ":today_day"))
AGENCY_MONTHS = (
    "SELECT e.target, t.month, count(*) FROM edges AS e JOIN tasks AS t ON t.id = e.source "
    "WHERE e.type = 'ASSIGNED_TO' AND e.target IN (SELECT value FROM json_each(:ids)) GROUP BY 1, 2"
)
CO_AGENCIES = (
    "SELECT a, b, shared FROM pairs WHERE a IN (SELECT value FROM json_each(:ids)) "
    "UNION ALL SELECT b, a, shared FROM pairs WHERE b IN (SELECT value FROM json_each(:ids))"
)
HUB_LINKS = (
    "SELECT e.target, h.id, h.label, h.name, count(*) FROM edges AS e JOIN tasks AS t ON t.id = e.source "
    "JOIN nodes AS h ON h.id = coalesce(t.problem, t.doc) "
    "WHERE e.type = 'ASSIGNED_TO' AND e.target IN (SELECT value FROM json_each(:ids)) GROUP BY 1, 2"
)


def coordination(where: CoordinationFilter) -> tuple[str, str, str, dict[str, Any]]:
    """Return three statements over the tasks meeting `where` (their count, the busiest units on
    them, the tasks pairs of given agencies share) and their parameters. With no filter, the
    busiest come from the counters and the pairs from the table the engine keeps."""
    conds, params = _coordination_conditions(where)
    if not conds:
        count = "SELECT count(*) FROM tasks"
        busiest = ("SELECT a.id, a.label, a.name, a.lead + a.co AS n FROM agencies AS a WHERE a.lead + a.co > 0 "
                   "ORDER BY n DESC, a.name LIMIT :top")
        pairs = ("SELECT a, b, shared FROM pairs WHERE a IN (SELECT value FROM json_each(:ids)) "
                 "AND b IN (SELECT value FROM json_each(:ids))")
        return count, busiest, pairs, params
    kept = "SELECT t.id FROM tasks AS t WHERE " + " AND ".join(conds)
    count = f"SELECT count(*) FROM ({kept})"
    busiest = (f"SELECT e.target, a.label, a.name, count(*) AS n FROM edges AS e JOIN agencies AS a ON a.id = e.target "
               f"WHERE e.type = 'ASSIGNED_TO' AND e.source IN ({kept}) "
               "AND (:jurisdiction IS NULL OR a.label = 'Agency') GROUP BY e.target ORDER BY n DESC, a.name LIMIT :top")
    pairs = ("SELECT e1.target, e2.target, count(DISTINCT e1.source) FROM edges AS e1 "
             "JOIN edges AS e2 ON e2.source = e1.source AND e2.type = 'ASSIGNED_TO' AND e1.target < e2.target "
             "WHERE e1.type = 'ASSIGNED_TO' AND e1.target IN (SELECT value FROM json_each(:ids)) "
             f"AND e2.target IN (SELECT value FROM json_each(:ids)) AND e1.source IN ({kept}) GROUP BY 1, 2")
    return count, busiest, pairs, params


def _coordination_conditions(where: CoordinationFilter) -> tuple[list[str], dict[str, Any]]:
    conds: list[str] = []
    params: dict[str, Any] = {"jurisdiction": where.jurisdiction}
    if where.document:
        conds.append("t.doc = :document")
        params["document"] = where.document
    if where.agency:
        conds.append("t.id IN (SELECT source FROM edges WHERE target = :agency AND type = 'ASSIGNED_TO')")
        params["agency"] = where.agency
    if where.jurisdiction:
        conds.append("EXISTS (SELECT 1 FROM edges AS x JOIN agencies AS xa ON xa.id = x.target "
                     "WHERE x.source = t.id AND x.type = 'ASSIGNED_TO' AND instr(xa.name, :jurisdiction) > 0)")
    if where.due_from or where.due_to:
        conds.append("t.due_month IS NOT NULL AND (:due_from IS NULL OR t.due_ymd IS NULL "
                     "OR t.due_ymd / 100 >= :due_from) "
                     "AND (:due_to IS NULL OR t.due_ymd IS NULL OR t.due_ymd / 100 <= :due_to)")
        params["due_from"] = where.due_from[0] * 100 + where.due_from[1] if where.due_from else None
        params["due_to"] = where.due_to[0] * 100 + where.due_to[1] if where.due_to else None
    return conds, params


# -- tasks -------------------------------------------------------------------------------------------

_BRIEF = ("t.id, t.number, t.path, t.title, t.doc, t.problem, t.list, t.truncated, t.deadline_raw, t.due_year, "
          "t.due_month, t.due_day, t.deadline_kind, t.year_inferred, t.owned, p.name, d.name")
BRIEF_FIELDS = ("number", "path", "title", "doc", "problem", "list", "truncated", "deadline_raw", "due_year",
                "due_month", "due_day", "deadline_kind", "year_inferred", "owned")
_FROM = " FROM tasks AS t LEFT JOIN nodes AS p ON p.id = t.problem LEFT JOIN nodes AS d ON d.id = t.doc"
TASK_FULL = "SELECT " + _BRIEF + ", n.props" + _FROM + " JOIN nodes AS n ON n.id = t.id WHERE t.id = :id"
TASKS_BY_ID = "SELECT " + _BRIEF + _FROM + " WHERE t.id IN (SELECT value FROM json_each(:ids)) ORDER BY t.seq"
ASSIGNMENTS = (
    "SELECT e.source, e.target, a.label, a.name, e.role, e.ord, e.written, e.doc, {props} FROM edges AS e "
    "JOIN agencies AS a ON a.id = e.target WHERE e.type = 'ASSIGNED_TO' AND e.source IN "
    "(SELECT value FROM json_each(:ids)) ORDER BY e.source, e.doc, e.ord"
)
ASSIGNMENTS_BRIEF = ASSIGNMENTS.format(props="NULL")
ASSIGNMENTS_FULL = ASSIGNMENTS.format(props="e.props")
MENTIONS = (
    "SELECT e.source, e.target, e.type, n.label, n.name FROM edges AS e JOIN nodes AS n ON n.id = e.target "
    "WHERE e.type IN ('CONCERNS', 'REFERS_TO') AND e.source IN (SELECT value FROM json_each(:ids)) ORDER BY e.id"
)


_EDGE_ANCHORS = {"agency": "ASSIGNED_TO", "region": "CONCERNS", "platform": "CONCERNS", "policy": "REFERS_TO",
                 "leader": "OVERSEEN_BY"}


def tasks(where: TaskFilter, limit: int | None, offset: int, full: bool) -> tuple[str, str, dict[str, Any]]:
    """Return the statements counting and paging the tasks meeting `where`, and their parameters.
    The page's ids are chosen first; only those rows are read and joined."""
    conds, params = task_conditions(where)
    anchor = _only_anchor(where)
    if anchor is not None:  # one node's tasks: counted and paged off the edges index alone
        role = " AND e.role = :role" if anchor == "agency" and where.role else ""
        ids = (f"SELECT DISTINCT e.source AS id, e.seq AS seq FROM edges AS e "
               f"WHERE e.target = :{anchor} AND e.type = '{_EDGE_ANCHORS[anchor]}'{role}")
        count = f"SELECT count(*) FROM ({ids})"
        chosen = f"{ids} ORDER BY seq LIMIT :limit OFFSET :offset"
    else:
        clause = " WHERE " + " AND ".join(conds) if conds else ""
        count = f"SELECT count(*) FROM tasks AS t{clause}"
        chosen = f"SELECT t.id AS id, t.seq AS seq FROM tasks AS t{clause} ORDER BY t.seq LIMIT :limit OFFSET :offset"
    columns = _BRIEF + (", n.props" if full else "")
    join = " JOIN nodes AS n ON n.id = t.id" if full else ""
    page = (f"WITH page AS ({chosen}) SELECT {columns} FROM page JOIN tasks AS t ON t.id = page.id "
            f"LEFT JOIN nodes AS p ON p.id = t.problem LEFT JOIN nodes AS d ON d.id = t.doc{join} ORDER BY page.seq")
    return count, page, {**params, "limit": _limit(limit), "offset": offset}


def _only_anchor(where: TaskFilter) -> str | None:
    """Return the one node filter (agency, region, platform, policy) `where` consists of, if so."""
    for name in _EDGE_ANCHORS:
        value = getattr(where, name)
        if value and replace(TaskFilter(), **{name: value, "role": where.role}) == where:
            return name
    return None


def task_conditions(where: TaskFilter) -> tuple[list[str], dict[str, Any]]:
    """Return the SQL conditions (on tasks AS t) of a task filter, and their parameters."""
    conds: list[str] = []
    params: dict[str, Any] = {}
    if where.agency:
        role = " AND role = :role" if where.role else ""
        conds.append(f"t.id IN (SELECT source FROM edges WHERE target = :agency AND type = 'ASSIGNED_TO'{role})")
        params.update(agency=where.agency, role=where.role)
    if where.shared:
        conds.append("t.id IN (SELECT source FROM edges WHERE type = 'ASSIGNED_TO' AND target IN "
                     "(SELECT value FROM json_each(:shared)) GROUP BY source HAVING count(DISTINCT target) = :nshared)")
        params.update(shared=_json(sorted(set(where.shared))), nshared=len(set(where.shared)))
    if where.any_agency:
        conds.append("t.id IN (SELECT source FROM edges WHERE type = 'ASSIGNED_TO' AND target IN "
                     "(SELECT value FROM json_each(:any_agency)))")
        params["any_agency"] = _json(sorted(set(where.any_agency)))
    for name, edge_type in (("region", "CONCERNS"), ("platform", "CONCERNS"), ("policy", "REFERS_TO"),
                            ("leader", "OVERSEEN_BY")):
        if getattr(where, name):
            conds.append(f"t.id IN (SELECT source FROM edges WHERE target = :{name} AND type = '{edge_type}')")
            params[name] = getattr(where, name)
    if where.problem:
        conds.append("t.problem = :problem")
        params["problem"] = where.problem
    if where.document:
        conds.append("t.doc = :document")
        params["document"] = where.document
    if where.due is not None:
        start, end = where.due.keys
        conds.append("t.due_ymd <= :due_end AND (:due_start IS NULL OR t.due_ymd >= :due_start)")
        params.update(due_start=start, due_end=end)
    if where.overdue_as_of is not None:
        conds.append(f"t.overdue_ymd < :as_of AND NOT {done_as_of('t.id', ':as_of_day')}")
        params.update(as_of=date_key(where.overdue_as_of), as_of_day=where.overdue_as_of.isoformat(), done=DONE_PARAM)
    if where.unowned is not None:
        conds.append("t.owned = :owned")
        params["owned"] = 0 if where.unowned else 1
    if where.year_unknown is not None:
        conds.append("t.undated_md IS NOT NULL" if where.year_unknown else "t.undated_md IS NULL")
    if where.year_unknown_months is not None:
        conds.append("t.undated_md BETWEEN :undated_from AND :undated_to")
        params.update(undated_from=where.year_unknown_months[0] * 100 + 1,
                      undated_to=where.year_unknown_months[1] * 100 + 31)
    if where.needle:
        conds.append("instr(t.search, :needle) > 0")
        params["needle"] = where.needle
    return conds, params


def _limit(limit: int | None) -> int:
    return -1 if limit is None else limit  # SQLite: a negative LIMIT means none


def _json(values: list[str]) -> str:
    return json.dumps(values, ensure_ascii=False)
