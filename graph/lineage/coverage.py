"""Coverage of a parent plan: its tasks × the jurisdictions whose child plans are loaded — in each
cell the child tasks that carry the task out (relation, score, leads, deadline, flags) or 未分解 —
and the jurisdictions one level down that have loaded no child plan yet."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.errors import NotFound
from graph.lineage.answers import places, task_brief
from graph.lineage.counterparts import FLAGS, departments, link_flags
from graph.lineage.records import LinkFilter, TaskLink
from graph.store import GraphStore, TaskFilter, TaskRow
from loaders.phrases.regions import Region, region_index

UNDECOMPOSED = "未分解"
_LEVEL_BELOW = {"central": "province", "provincial": "city", "city": "county"}


def coverage(store: GraphStore, doc_id: str, limit: int | None = None, offset: int = 0) -> dict[str, Any]:
    """Return the coverage of parent plan `doc_id` (see the module docstring); `limit`/`offset` page
    its tasks, the counts per jurisdiction are over all of them."""
    doc = store.node(doc_id)
    if doc is None or doc.label != "Document":
        raise NotFound(f"no document with id {doc_id!r}")
    child_docs = [link.target for link in store.doc_links(doc_id) if link.kind == "parent" and link.source == doc_id]
    where = places(store)
    columns = [{"document": d, "title": _title(store, d), "jurisdiction": where.get(d)} for d in child_docs]
    links = [lk for lk in store.task_links(LinkFilter(source_doc=doc_id, kind="parent")) if lk.target_doc in child_docs]
    page = store.tasks(TaskFilter(document=doc_id), limit, offset)
    rows = _rows(store, page.rows, links, child_docs)
    return {"document": {"id": doc_id, "title": doc.props.get("title"), "jurisdiction": doc.props.get("jurisdiction"),
                         "level": doc.props.get("level")},
            "columns": columns, "tasks_total": page.total, "limit": limit, "offset": offset, "rows": rows,
            "counts": _counts(store, doc_id, links, child_docs), "flags": FLAGS,
            "missing_jurisdictions": missing_jurisdictions(doc.props, [c["jurisdiction"] for c in columns])}


def _title(store: GraphStore, doc_id: str) -> str | None:
    node = store.node(doc_id)
    return node.props.get("title") if node else None


def _rows(store: GraphStore, tasks: list[TaskRow], links: list[TaskLink],
          child_docs: list[str]) -> list[dict[str, Any]]:
    by_parent: dict[str, list[TaskLink]] = defaultdict(list)
    for link in links:
        by_parent[link.source].append(link)
    wanted = sorted({lk.target for t in tasks for lk in by_parent.get(t.id, [])})
    children = {r.id: r for r in store.tasks_by_id(wanted)}
    lines = departments(store)
    out = []
    for task in tasks:
        cells: dict[str, dict[str, Any]] = {}
        for child_doc in child_docs:
            found = [lk for lk in by_parent.get(task.id, []) if lk.target_doc == child_doc and lk.target in children]
            cells[child_doc] = {"status": "分解" if found else UNDECOMPOSED, "children": [
                {**task_brief(children[lk.target]), "relation": lk.relation, "piece": lk.piece, "score": lk.score,
                 "flags": link_flags(task, children[lk.target], lines)} for lk in found]}
        out.append({"task": task_brief(task), "cells": cells})
    return out


def _counts(store: GraphStore, doc_id: str, links: list[TaskLink], child_docs: list[str]) -> dict[str, Any]:
    """Per child plan, how many of the parent's tasks it carries out and which it does not (ids)."""
    every = [r.id for r in store.tasks(TaskFilter(document=doc_id), None).rows]
    out = {}
    for child_doc in child_docs:
        covered = {lk.source for lk in links if lk.target_doc == child_doc}
        out[child_doc] = {"decomposed": len(covered), "undecomposed": [t for t in every if t not in covered]}
    return out


def missing_jurisdictions(parent: dict[str, Any], present: list[str | None]) -> list[str]:
    """Return the places one level below the parent plan's that have no child plan loaded: the
    provinces under a national plan, a province's cities, a city's counties (division data)."""
    below = _LEVEL_BELOW.get(str(parent.get("level")))
    if below is None:
        return []
    code = parent.get("province_code") if parent.get("level") == "provincial" else None
    regions = [r for r in region_index().by_code.values() if r.level == below and _inside(r, parent, code)]
    have = set(filter(None, present))
    return sorted(r.name for r in regions if r.name not in have)


def _inside(region: Region, parent: dict[str, Any], province_code: str | None) -> bool:
    if parent.get("level") == "central":
        return True
    if province_code:
        return region.province_code == province_code
    return False  # a city's counties: the city's code is not kept on the document; none are named
