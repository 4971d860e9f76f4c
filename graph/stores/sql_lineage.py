"""The SQL of lineage (graph.lineage): links between documents and between tasks, in tables of
their own, and the links made or undone by hand (kept like the ledger: loading or deleting a
document never removes them). Values travel as :parameters."""

from __future__ import annotations

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS doc_links (source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL, "
    "how TEXT NOT NULL, evidence TEXT NOT NULL, PRIMARY KEY (source, target, kind)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS doc_links_target ON doc_links(target)",
    "CREATE TABLE IF NOT EXISTS task_links (source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL, "
    "source_doc TEXT NOT NULL, target_doc TEXT NOT NULL, relation TEXT NOT NULL, piece TEXT NOT NULL, "
    "score REAL NOT NULL, evidence TEXT NOT NULL, PRIMARY KEY (source, target, kind)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS task_links_target ON task_links(target)",
    "CREATE INDEX IF NOT EXISTS task_links_source_doc ON task_links(source_doc, kind)",
    "CREATE INDEX IF NOT EXISTS task_links_target_doc ON task_links(target_doc, kind)",
    "CREATE TABLE IF NOT EXISTS link_overrides (id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, "
    "kind TEXT NOT NULL, action TEXT NOT NULL, by TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL)",
)

CLEAR_DOCUMENT = (
    "DELETE FROM doc_links WHERE source = :doc OR target = :doc",
    "DELETE FROM task_links WHERE source_doc = :doc OR target_doc = :doc",
)
INSERT_DOC_LINK = ("INSERT OR REPLACE INTO doc_links (source, target, kind, how, evidence) "
                   "VALUES (:source, :target, :kind, :how, :evidence)")
INSERT_TASK_LINK = (
    "INSERT OR REPLACE INTO task_links (source, target, kind, source_doc, target_doc, relation, piece, score, "
    "evidence) VALUES (:source, :target, :kind, :source_doc, :target_doc, :relation, :piece, :score, :evidence)"
)
# After a document is written or deleted: the links of its tasks that are gone go (a reload keeps
# the links of the tasks it keeps), and its document links when the document itself is gone.
PRUNE = (
    "DELETE FROM task_links WHERE source_doc = :doc AND source NOT IN (SELECT id FROM tasks WHERE doc = :doc)",
    "DELETE FROM task_links WHERE target_doc = :doc AND target NOT IN (SELECT id FROM tasks WHERE doc = :doc)",
    "DELETE FROM doc_links WHERE (source = :doc OR target = :doc) "
    "AND NOT EXISTS (SELECT 1 FROM nodes WHERE id = :doc AND label = 'Document')",
)

DOC_LINKS = ("SELECT source, target, kind, how, evidence FROM doc_links "
             "WHERE :doc IS NULL OR source = :doc OR target = :doc ORDER BY kind, source, target")
_TASK_LINK = "SELECT source, target, kind, source_doc, target_doc, relation, piece, score, evidence FROM task_links"
TASK_LINKS = (
    _TASK_LINK + " WHERE (:any_task = 0 OR source IN (SELECT value FROM json_each(:ids)) "
    "OR target IN (SELECT value FROM json_each(:ids))) "
    "AND (:source_doc IS NULL OR source_doc = :source_doc) AND (:target_doc IS NULL OR target_doc = :target_doc) "
    "AND (:kind IS NULL OR kind = :kind) ORDER BY source, target"
)
# One statement for a task's whole descent (national → province → city …), `depth` levels down.
DESCENT = (
    "WITH RECURSIVE down(source, target, depth) AS ("
    "SELECT source, target, 1 FROM task_links WHERE source = :id AND kind = 'parent' "
    "UNION SELECT l.source, l.target, d.depth + 1 FROM task_links AS l JOIN down AS d ON l.source = d.target "
    "WHERE l.kind = 'parent' AND d.depth < :depth) "
    "SELECT l.source, l.target, l.kind, l.source_doc, l.target_doc, l.relation, l.piece, l.score, l.evidence "
    "FROM task_links AS l JOIN (SELECT DISTINCT source, target FROM down) AS d "
    "ON l.source = d.source AND l.target = d.target AND l.kind = 'parent' ORDER BY l.source, l.target"
)
INSERT_OVERRIDE = ("INSERT INTO link_overrides (source, target, kind, action, by, reason, at) "
                   "VALUES (:source, :target, :kind, :action, :by, :reason, :at)")
OVERRIDES = "SELECT source, target, kind, action, by, reason, at FROM link_overrides ORDER BY id"
