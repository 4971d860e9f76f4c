"""Graph facts ↔ the SQLite store's rows: what one document writes into nodes, tasks, agencies,
names, edges and pairs, and how a page of task rows is read back. All SQL is in sql.py."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from graph.facts import DocumentFacts, Edge, Node, clean_props
from graph.indexing import LOOKUP_LABELS, TaskKeys, display_name, lookup_names, owned_tasks, task_keys, task_seq
from graph.store import AssignmentRow, MentionRow, Progress, TaskRow, dedupe_mentions, report
from graph.stores import sql, sql_ledger

# -- writing, row by row ---------------------------------------------------------------------------------

def write_one(conn: sqlite3.Connection, facts: DocumentFacts, progress: Progress | None) -> None:
    if conn.execute(sql.HAS_DOCUMENT, {"doc": facts.doc_id}).fetchone() is not None:
        remove(conn, facts.doc_id)  # a new version: first take out what the old one said
    report(progress, "removed previous version")
    nodes = [Node(n.id, n.label, clean_props(n.props)) for n in facts.nodes]
    edges = [Edge(e.source, e.target, e.type, clean_props(e.props)) for e in facts.edges]
    owned = owned_tasks(facts)
    keys = {n.id: task_keys(n.id, n.props, n.id in owned) for n in nodes if n.label == "Task"}
    _insert_nodes(conn, nodes, keys)
    report(progress, f"wrote {len(nodes)} nodes")
    conn.executemany(sql.INSERT_EDGE, [_edge_values(e, keys.get(e.source)) for e in edges])
    conn.execute(sql.ADD_PAIRS, {"doc": facts.doc_id})
    report(progress, f"wrote {len(edges)} edges")


def remove(conn: sqlite3.Connection, doc_id: str) -> None:
    for statement in sql.REMOVE_DOCUMENT:
        conn.execute(statement, {"doc": doc_id})


def _insert_nodes(conn: sqlite3.Connection, nodes: list[Node], keys: dict[str, TaskKeys]) -> None:
    conn.executemany(sql.INSERT_NODE, [{"id": n.id, "label": n.label, "name": display_name(n), "seq": _seq(n),
                                        "props": _json(n.props)} for n in nodes])
    conn.executemany(sql.INSERT_TASK, [_task_row_values(n, keys[n.id]) for n in nodes if n.label == "Task"])
    conn.executemany(sql.INSERT_AGENCY, [_agency_values(n) for n in nodes if n.label in ("Agency", "AgencyGroup")])
    conn.executemany(sql.INSERT_NAME, [{"label": n.label, "name": name, "node": n.id} for n in nodes
                                       if n.label in LOOKUP_LABELS for name in lookup_names(n)])


def insert_rows(conn: sqlite3.Connection, nodes: list[Node], edges: list[Edge]) -> None:
    """Write nodes and edges as they are (a migrated graph): task keys from the edges at hand."""
    owned = {e.source for e in edges if e.type == "ASSIGNED_TO"}
    keys = {n.id: task_keys(n.id, n.props, n.id in owned) for n in nodes if n.label == "Task"}
    _insert_nodes(conn, nodes, keys)
    conn.executemany(sql.INSERT_EDGE, [_edge_values(e, keys.get(e.source)) for e in edges])
    for doc in sorted({e.props.get("doc", "") for e in edges}):
        conn.execute(sql.ADD_PAIRS, {"doc": doc})


def _seq(node: Node) -> str:
    return task_seq(node.id) if node.label in ("Task", "Problem") else node.id


def _task_row_values(node: Node, keys: TaskKeys) -> dict[str, Any]:
    props = node.props
    values = {f: props.get(f) for f in ("number", "title", "list", "deadline_raw", "due_year", "due_month",
                                        "due_day", "deadline_kind", "problem", "doc")}
    values.update(id=node.id, path=_json(props.get("path")), truncated=int(bool(props.get("truncated"))),
                  year_inferred=int(bool(props.get("year_inferred"))), seq=keys.seq, month=keys.month,
                  due_md=keys.due_md, due_ymd=keys.due_ymd, undated_md=keys.undated_md, overdue_ymd=keys.overdue_ymd,
                  owned=int(keys.owned), search=keys.search)
    values["doc"] = values["doc"] or node.id.rpartition("-")[0]
    return values


def _agency_values(node: Node) -> dict[str, Any]:
    props = node.props
    key = str(props.get("key") or "")
    return {"id": node.id, "label": node.label, "name": str(props.get("name") or node.id), "key": key or None,
            "rkey": key[::-1] or None, **{f: props.get(f) for f in ("department", "level", "jurisdiction", "kind")}}


def _edge_values(edge: Edge, task: TaskKeys | None) -> dict[str, Any]:
    """An edge from a task carries the task's sort key; an assignment its date keys too."""
    props = edge.props
    dated = task if edge.type == "ASSIGNED_TO" else None
    return {"source": edge.source, "target": edge.target, "type": edge.type, "doc": props.get("doc", ""),
            "role": props.get("role"), "ord": props.get("order"), "written": props.get("written"),
            "seq": task.seq if task else None, "due_ymd": dated.due_ymd if dated else None,
            "overdue_ymd": dated.overdue_ymd if dated else None, "props": _json(props)}


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# -- reading, row by row ---------------------------------------------------------------------------------

def node_of(row: Any) -> Node:
    return Node(row[0], row[1], json.loads(row[2]))


def task_rows(conn: sqlite3.Connection, rows: list[Any], full: bool) -> list[TaskRow]:
    if not rows:
        return []
    ids = json.dumps([r[0] for r in rows], ensure_ascii=False)
    assigned: dict[str, list[AssignmentRow]] = {}
    for r in conn.execute(sql.ASSIGNMENTS_FULL if full else sql.ASSIGNMENTS_BRIEF, {"ids": ids}):
        extra = json.loads(r[8]) if full else {}
        assigned.setdefault(r[0], []).append(AssignmentRow(r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7],
                                                           extra.get("span"), extra.get("evidence", ""),
                                                           extra.get("correction")))
    mentioned: dict[str, list[MentionRow]] = {}
    if full:
        for source, target, type_, label, name in conn.execute(sql.MENTIONS, {"ids": ids}):
            mentioned.setdefault(source, []).append(MentionRow(target, type_, label, name))
    overseen: dict[str, list[tuple[str, str]]] = {}
    for source, person, name in conn.execute(sql_ledger.LEADERS, {"ids": ids}):
        overseen.setdefault(source, []).append((person, name))
    return [TaskRow(r[0], _props(r, full), tuple(assigned.get(r[0], ())), dedupe_mentions(mentioned.get(r[0], [])),
                    r[15], r[16], tuple(overseen.get(r[0], ()))) for r in rows]


def _props(row: Any, full: bool) -> dict[str, Any]:
    if full:
        return dict(json.loads(row[17]))
    props = {f: v for f, v in zip(sql.BRIEF_FIELDS, row[1:15], strict=True) if v is not None}
    path = json.loads(props.pop("path", "null"))
    if path is not None:
        props["path"] = path
    props["truncated"], props["year_inferred"], props["owned"] = bool(row[7]), bool(row[13]), bool(row[14])
    return props
