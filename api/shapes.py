"""JSON shapes of graph answers, shared by the API and the CLI."""

from __future__ import annotations

from typing import Any

from graph.facts import Node
from graph.ledger.terms import display_deadline
from graph.queries import AgencyLoad, Coordination
from graph.store import AgencyRank, TaskRow


def task_json(row: TaskRow, full: bool = True) -> dict[str, Any]:
    """Return one task: its facts, who is responsible (with provenance), and what it mentions."""
    props = row.props
    out: dict[str, Any] = {
        "id": row.id, "number": props.get("number"), "path": props.get("path"), "title": props.get("title"),
        "document": props.get("doc"), "document_title": row.document_title, "problem": props.get("problem"),
        "problem_text": row.problem_text, "list": props.get("list"), "truncated": props.get("truncated", False),
        "deadline": _deadline(props),
        "leads": [a.name for a in row.assignments if a.role == "lead"],
        "co": [a.name for a in row.assignments if a.role == "co"],
        "leaders": [name for _, name in row.leaders],
    }
    if full:
        out.update(
            text=props.get("text"), span=props.get("span"), evidence=props.get("evidence"),
            assignments=[{"agency_id": a.target, "agency": a.name, "role": a.role, "written": a.written,
                          "collective": a.label == "AgencyGroup", "order": a.order, "span": a.span,
                          "evidence": a.evidence} for a in row.assignments],
            mentions=[{"id": m.target, "type": m.type, "label": m.label, "name": m.name} for m in row.mentions],
        )
    return out


def _deadline(props: dict[str, Any]) -> dict[str, Any] | None:
    if not props.get("deadline_raw"):
        return None
    # text: as a person reads it, with its year once known (2021年6月底前); raw: as the document wrote it
    return {"text": display_deadline(props), "raw": props["deadline_raw"], "year": props.get("due_year"),
            "month": props.get("due_month"),
            "day": props.get("due_day"), "kind": props.get("deadline_kind"),
            "year_inferred": props.get("year_inferred", False)}


def node_json(node: Node) -> dict[str, Any]:
    """Return a node's id, label and properties (without bookkeeping)."""
    return {"id": node.id, "label": node.label, **{k: v for k, v in node.props.items() if k not in ("key",)}}


def rank_json(rank: AgencyRank) -> dict[str, Any]:
    """Return one agency of the load ranking: its properties and its counts."""
    props = {k: v for k, v in rank.node.props.items() if k not in ("docs", "key")}
    return {"id": rank.node.id, **props, "tasks": rank.tasks, "lead": rank.lead, "co": rank.co,
            "due_soon": rank.due_soon, "overdue": rank.overdue}


def load_json(load: AgencyLoad) -> dict[str, Any]:
    return {"agency": node_json(load.agency), "total": load.total, "by_role": load.by_role,
            "by_month": load.by_month, "by_list": load.by_list, "by_problem": load.by_problem,
            "by_document": load.by_document, "overdue": load.overdue, "due_soon": load.due_soon,
            # overdue and due_soon count dated deadlines only; these are the ones whose year is unknown
            "year_unknown": sum(n for month, n in load.by_month.items() if month.startswith("????")),
            "co_agencies": [{"id": i, "name": n, "shared_tasks": c} for i, n, c in load.co_agencies]}


def coordination_json(c: Coordination) -> dict[str, Any]:
    return {"task": task_json(c.task, full=False), "leads": c.leads, "co": c.co, "groups": c.groups}
