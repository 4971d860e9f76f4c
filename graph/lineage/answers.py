"""Lineage answers read from the stored links: a task's parents, children and versions with the
aligned spans as evidence and the flags an office acts on, its whole descent (one store statement),
and the near-duplicate tasks of one unit across plans (aligned on demand over that unit's tasks).
Coverage and version diffs are in graph.lineage.coverage and graph.lineage.diff."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.cache import cached
from graph.errors import NotFound
from graph.lineage.align import Item
from graph.lineage.counterparts import FLAGS, departments, link_flags
from graph.lineage.records import MAX_DEPTH, LinkFilter, TaskLink
from graph.lineage.relations import RELATIONS, find_duplicates
from graph.store import GraphStore, TaskFilter, TaskRow

MAX_OVERLAP_TASKS = 2000  # one unit's tasks compared for duplicates, at most (bounded work per request)
EVIDENCE_RUNS = 20  # aligned runs shown per link


def task_brief(row: TaskRow, store: GraphStore | None = None) -> dict[str, Any]:
    """Return what a lineage answer shows of a task: where it is, what it says, who leads, by when."""
    p = row.props
    out = {"id": row.id, "document": p.get("doc"), "document_title": row.document_title, "path": p.get("path"),
           "number": p.get("number"), "title": p.get("title"), "deadline": p.get("deadline_raw"),
           "leads": [a.name for a in row.leads], "co": [a.name for a in row.assignments if a.role == "co"]}
    if store is not None:
        out["jurisdiction"] = places(store).get(str(p.get("doc")))
    return out


def places(store: GraphStore) -> dict[str, str | None]:
    """Return each document's place (its jurisdiction: 浙江省, 杭州市, 中央), read once per store version."""
    return cached(store, "document places",
                  lambda: {n.id: n.props.get("jurisdiction") for n in store.nodes("Document")})


def evidence_json(link: TaskLink, source_text: str | None, target_text: str | None) -> list[dict[str, Any]]:
    """Return a link's aligned runs: spans in both tasks' texts, with the characters when at hand."""
    out = []
    for a, b, c, d in link.evidence[:EVIDENCE_RUNS]:
        run: dict[str, Any] = {"source_span": [a, b], "target_span": [c, d]}
        if source_text is not None:
            run["source_text"] = source_text[a:b]
        if target_text is not None:
            run["target_text"] = target_text[c:d]
        out.append(run)
    return out


def task_lineage(store: GraphStore, task_id: str) -> dict[str, Any]:
    """Return a task's parents and children (each with id, relation, score, evidence, flags), its
    earlier and later versions, and its whole descent."""
    row = store.task(task_id)
    if row is None:
        raise NotFound(f"no task with id {task_id!r}")
    links = store.task_links(LinkFilter(tasks=(task_id,)))
    others = {r.id: r for r in _full_rows(store, {lk.source for lk in links} | {lk.target for lk in links} - {task_id})}
    others[task_id] = row
    lines = departments(store)

    def end(link: TaskLink, other: str) -> dict[str, Any] | None:
        found = others.get(other)
        if found is None:
            return None
        parent, child = others.get(link.source), others.get(link.target)
        flags = link_flags(parent, child, lines) if link.kind == "parent" and parent and child else []
        return {**task_brief(found, store), "relation": link.relation, "piece": link.piece, "score": link.score,
                "flags": flags, "evidence": evidence_json(link, _text(parent), _text(child))}

    def ends(chosen: Sequence[TaskLink], other_end: str) -> list[dict[str, Any]]:
        out = [end(lk, getattr(lk, other_end)) for lk in chosen]
        return sorted((e for e in out if e is not None), key=lambda e: (str(e.get("jurisdiction")), e["id"]))

    parent_links = [lk for lk in links if lk.kind == "parent"]
    version_links = [lk for lk in links if lk.kind == "version"]
    descent = store.task_descent(task_id, MAX_DEPTH)
    return {"task": {**task_brief(row, store), "text": row.props.get("text")},
            "parents": ends([lk for lk in parent_links if lk.target == task_id], "source"),
            "children": ends([lk for lk in parent_links if lk.source == task_id], "target"),
            "versions": {"earlier": ends([lk for lk in version_links if lk.target == task_id], "source"),
                         "later": ends([lk for lk in version_links if lk.source == task_id], "target")},
            "descent": [{"source": lk.source, "target": lk.target, "relation": lk.relation, "score": lk.score,
                         "document": lk.target_doc} for lk in descent],
            "relations": RELATIONS, "flags": FLAGS}


def _full_rows(store: GraphStore, ids: set[str]) -> list[TaskRow]:
    """Full rows (with text, for evidence) of the tasks at the other ends: one task's links are few."""
    return [r for r in (store.task(i) for i in sorted(ids)) if r is not None]


def _text(row: TaskRow | None) -> str | None:
    return str(row.props.get("text")) if row is not None and row.props.get("text") is not None else None


# -- duplicates of one unit ----------------------------------------------------------------------------

def overlaps(store: GraphStore, agency_id: str) -> dict[str, Any]:
    """Return pairs of near-duplicate tasks of one unit from different plans (the same work twice),
    best first; versions of one task (already linked as versions) are not duplicates."""
    found = store.tasks(TaskFilter(agency=agency_id), MAX_OVERLAP_TASKS, full=True)
    rows = {r.id: r for r in found.rows}
    items = [Item(r.id, str(r.props.get("doc")), str(r.props.get("text") or r.props.get("title") or ""))
             for r in found.rows]
    versions = {(lk.source, lk.target) for lk in store.task_links(LinkFilter(tasks=tuple(rows), kind="version"))}
    pairs = []
    for link in find_duplicates(items):
        if (link.source, link.target) in versions or (link.target, link.source) in versions:
            continue
        a, b = rows[link.source], rows[link.target]
        pairs.append({"tasks": [task_brief(a, store), task_brief(b, store)], "relation": link.piece,
                      "score": link.score,
                      "evidence": evidence_json(TaskLink("duplicate", a.id, b.id, "", "", link.piece, link.piece,
                                                         link.score, link.evidence), _text(a), _text(b))})
    return {"compared": len(items), "tasks": found.total, "truncated": found.total > len(items),
            "overlaps": pairs}
