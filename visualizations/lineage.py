"""Lineage pages: a task → its children by jurisdiction, coloured by relation (/viz/lineage/{id}),
and a parent plan's coverage, its tasks × the jurisdictions of its child plans (/viz/coverage/{id}).
Each renders the very JSON its twin serves (graph.lineage.answers / coverage); no script runs, and
all document text is escaped by the template."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import quote

from visualizations.chrome import VIEWS, crumbs, render

# one colour per relation (graph.lineage.relations.RELATIONS), and 未分解 in the ledger's red
RELATION_COLOURS = {"照抄": "#2ca02c", "细化": "#1f77b4", "改写": "#9467bd", "修订": "#17becf", "拆分": "#ff7f0e",
                    "合并": "#8c564b", "未分解": "#d62728"}


def lineage_url(task_id: str) -> str:
    return "/viz/lineage/" + quote(task_id, safe="")


def coverage_url(doc_id: str) -> str:
    return "/viz/coverage/" + quote(doc_id, safe="")


def render_lineage(data: dict[str, Any]) -> str:
    """Return the page of one task's lineage (`data`: graph.lineage.answers.task_lineage)."""
    task = data["task"]
    by_place: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for child in data["children"]:
        by_place[str(child.get("jurisdiction") or "—")].append(child)
    title = f"上下级任务 Lineage · {task['title'] or task['id']}"
    return render("lineage.html", title=title, task=task, parents=data["parents"], places=sorted(by_place.items()),
                  versions=data["versions"], descent=data["descent"], flags=data["flags"],
                  colours=RELATION_COLOURS, relations=data["relations"], url=lineage_url,
                  json_url=lineage_url(task["id"]) + ".json", coverage=coverage_url(str(task["document"])),
                  crumbs=crumbs(VIEWS, (title, None)))


def render_coverage(data: dict[str, Any]) -> str:
    """Return the page of a parent plan's coverage (`data`: graph.lineage.coverage.coverage)."""
    doc = data["document"]
    title = f"分解情况 Coverage · {doc['title'] or doc['id']}"
    return render("coverage.html", title=title, doc=doc, columns=data["columns"], rows=data["rows"],
                  counts=data["counts"], missing=data["missing_jurisdictions"], flags=data["flags"],
                  colours=RELATION_COLOURS, url=lineage_url, json_url=coverage_url(doc["id"]) + ".json",
                  crumbs=crumbs(VIEWS, (title, None)))
