"""A plan against its next version: tasks added, removed and changed (text, units, deadline), and
the ledger state of each matched pair — the progress and corrections carried forward
(graph.lineage.carry) and those left for a person to decide. Stored version links are read when
the two documents are linked as versions; any other two documents are aligned on demand (bounded
by their sizes)."""

from __future__ import annotations

from typing import Any

from graph.errors import NotFound
from graph.lineage.answers import task_brief
from graph.lineage.carry import CARRIED_KINDS
from graph.lineage.records import LinkFilter, TaskLink
from graph.lineage.relations import align_versions
from graph.lineage.service import items_of
from graph.lineage.text import comparable
from graph.store import GraphStore, TaskFilter, TaskRow


def version_diff(store: GraphStore, earlier: str, later: str) -> dict[str, Any]:
    """Return what changed from document `earlier` to document `later`."""
    for doc in (earlier, later):
        node = store.node(doc)
        if node is None or node.label != "Document":
            raise NotFound(f"no document with id {doc!r}")
    links, stored = _links(store, earlier, later)
    old = {r.id: r for r in store.tasks(TaskFilter(document=earlier), None, full=True).rows}
    new = {r.id: r for r in store.tasks(TaskFilter(document=later), None, full=True).rows}
    links = [lk for lk in links if lk.source in old and lk.target in new]
    matched_old, matched_new = {lk.source for lk in links}, {lk.target for lk in links}
    progress = store.latest_progress(sorted(matched_old | matched_new))
    changed: list[dict[str, Any]] = []
    same: list[dict[str, Any]] = []
    for link in links:
        entry = _pair(store, link, old[link.source], new[link.target], progress)
        (changed if entry["changes"] else same).append(entry)
    return {"from": earlier, "to": later, "stored": stored,
            "added": [task_brief(new[t]) for t in new if t not in matched_new],
            "removed": [task_brief(old[t]) for t in old if t not in matched_old],
            "changed": changed, "unchanged": same}


def _links(store: GraphStore, earlier: str, later: str) -> tuple[list[TaskLink], bool]:
    linked = any(lk.kind == "version" and (lk.source, lk.target) == (earlier, later)
                 for lk in store.doc_links(earlier))
    if linked:
        return store.task_links(LinkFilter(source_doc=earlier, target_doc=later, kind="version")), True
    facts = [store.document_facts(d) for d in (earlier, later)]
    items = [items_of(f) if f is not None else [] for f in facts]
    found = align_versions(items[0], items[1])
    return [TaskLink("version", f.source, f.target, f.source_doc, f.target_doc, f.relation, f.piece, f.score,
                     f.evidence) for f in found], False


def _pair(store: GraphStore, link: TaskLink, old: TaskRow, new: TaskRow, progress: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if link.piece != "照抄" or _text(old) != _text(new):
        changes["text"] = {"from": old.props.get("text"), "to": new.props.get("text")}
    for role in ("lead", "co"):
        before = [a.name for a in old.assignments if a.role == role]
        after = [a.name for a in new.assignments if a.role == role]
        if before != after:
            changes[role] = {"from": before, "to": after}
    if old.props.get("deadline_raw") != new.props.get("deadline_raw"):
        changes["deadline"] = {"from": old.props.get("deadline_raw"), "to": new.props.get("deadline_raw")}
    return {"from": task_brief(old), "to": task_brief(new), "relation": link.piece, "score": link.score,
            "changes": changes, "ledger": _ledger(store, link, progress)}


def _ledger(store: GraphStore, link: TaskLink, progress: dict[str, Any]) -> dict[str, Any]:
    before, after = progress.get(link.source), progress.get(link.target)
    corrections = [c for c in store.corrections(task=link.source, state="active") if c.kind in CARRIED_KINDS]
    carried_ids = " ".join(c.reason for c in store.corrections(task=link.target))
    return {"progress": {"from": before.as_json() if before else None, "to": after.as_json() if after else None,
                         "carried": bool(after and link.source in after.note)},
            "corrections": [{"id": c.id, "kind": c.kind, "change": c.payload, "carried": c.id in carried_ids}
                            for c in corrections]}


def _text(row: TaskRow) -> str:
    """The words of a task without its markers (a deadline changed is reported as a deadline)."""
    return comparable(str(row.props.get("text") or "")).text
