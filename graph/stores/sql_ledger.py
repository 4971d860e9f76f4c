"""The SQL of the supervision ledger (graph.ledger): progress, corrections and the audit log, in
tables of their own beside the graph's, so loading or deleting a document never touches them.
Values travel as :parameters; times are ISO text in UTC, so they sort and compare as text."""

from __future__ import annotations

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS progress (id INTEGER PRIMARY KEY, task TEXT NOT NULL, status TEXT NOT NULL, "
    "note TEXT NOT NULL, reported TEXT NOT NULL, by TEXT NOT NULL, recorded_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS progress_task ON progress(task, reported, id)",
    "CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, by TEXT NOT NULL, "
    "action TEXT NOT NULL, task TEXT, doc TEXT, reason TEXT NOT NULL, detail TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS audit_at ON audit(at)",
    "CREATE INDEX IF NOT EXISTS audit_task ON audit(task, id)",
    # the log is append-only: the engine itself refuses to change or remove a line
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN "
    "SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN "
    "SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TABLE IF NOT EXISTS corrections (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, doc TEXT NOT NULL, "
    "path TEXT NOT NULL, text_hash TEXT NOT NULL, task TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, "
    "by TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, state TEXT NOT NULL, state_reason TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS corrections_doc ON corrections(doc, seq)",
    "CREATE INDEX IF NOT EXISTS corrections_task ON corrections(task, seq)",
    "CREATE INDEX IF NOT EXISTS corrections_state ON corrections(state, seq)",
)

EXISTING_TASKS = "SELECT id FROM tasks WHERE id IN (SELECT value FROM json_each(:ids))"
TASK_DOCS = "SELECT id, doc FROM tasks WHERE id IN (SELECT value FROM json_each(:ids))"
INSERT_PROGRESS = ("INSERT INTO progress (task, status, note, reported, by, recorded_at) "
                   "VALUES (:task, :status, :note, :reported, :by, :recorded_at)")
_PROGRESS = "SELECT task, status, note, reported, by, recorded_at FROM progress"
PROGRESS_HISTORY = _PROGRESS + " WHERE task = :task ORDER BY reported, id"
LATEST_PROGRESS = (
    "SELECT task, status, note, reported, by, recorded_at FROM (SELECT p.*, row_number() OVER "
    "(PARTITION BY task ORDER BY reported DESC, id DESC) AS k FROM progress AS p "
    "WHERE task IN (SELECT value FROM json_each(:ids)) AND (:as_of IS NULL OR reported <= :as_of)) WHERE k = 1"
)

INSERT_AUDIT = ("INSERT INTO audit (at, by, action, task, doc, reason, detail) "
                "VALUES (:at, :by, :action, :task, :doc, :reason, :detail)")
_AUDIT_WHERE = (" WHERE (:by IS NULL OR by = :by) AND (:start IS NULL OR at >= :start) "
                "AND (:end IS NULL OR at < :end) AND (:doc IS NULL OR doc = :doc) AND (:task IS NULL OR task = :task)")
AUDIT_COUNT = "SELECT count(*) FROM audit" + _AUDIT_WHERE
AUDIT_PAGE = ("SELECT at, by, action, task, doc, reason, detail FROM audit" + _AUDIT_WHERE
              + " ORDER BY id LIMIT :limit OFFSET :offset")

_CORRECTION = ("SELECT id, seq, doc, path, text_hash, task, kind, payload, by, reason, at, state, state_reason "
               "FROM corrections")
INSERT_CORRECTION = (
    "INSERT INTO corrections (id, seq, doc, path, text_hash, task, kind, payload, by, reason, at, state, "
    "state_reason) VALUES (:id, (SELECT coalesce(max(seq), 0) + 1 FROM corrections), :doc, :path, :text_hash, "
    ":task, :kind, :payload, :by, :reason, :at, :state, :state_reason)"
)
CORRECTIONS = (_CORRECTION + " WHERE (:doc IS NULL OR doc = :doc) AND (:task IS NULL OR task = :task) "
               "AND (:state IS NULL OR state = :state) ORDER BY seq")
SET_CORRECTION_STATE = "UPDATE corrections SET state = :state, state_reason = :state_reason WHERE id = :id"

# a document's facts as stored (corrections are applied to them and the document written again)
DOCUMENT_EDGES = "SELECT source, target, type, props FROM edges WHERE doc = :doc ORDER BY id"
DOCUMENT_NODES = (
    "SELECT id, label, props FROM nodes WHERE id = :doc OR id IN (SELECT source FROM edges WHERE doc = :doc) "
    "OR id IN (SELECT target FROM edges WHERE doc = :doc)"
)

LEADERS = (  # who oversees each task of a page (graph.people)
    "SELECT e.source, n.id, n.name FROM edges AS e JOIN nodes AS n ON n.id = e.target "
    "WHERE e.type = 'OVERSEEN_BY' AND e.source IN (SELECT value FROM json_each(:ids)) ORDER BY e.source, n.name, n.id"
)
