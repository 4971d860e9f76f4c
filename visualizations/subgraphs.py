"""The subgraphs pages draw, built from graph queries. Each is plain data — the JSON twin of
its page: {"title", "nodes": [{id, label, name, title, size}], "edges": [{source, target, type,
role, width}], "meta"}."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph import analysis, queries
from graph.errors import NotFound
from graph.ledger.terms import display_deadline
from graph.store import CoordinationFilter, GraphStore, TaskFilter, TaskRow
from visualizations.style import COMMUNITY_COLOURS

__all__ = ["CoordinationFilter", "Subgraph"]
DEFAULT_BUDGET = 2000
MAX_BUDGET = 5000  # a page of more nodes takes a browser (and the server) too long to be any use
EGO_TASKS = 400  # tasks drawn on an agency's or a document's page (about 2,000 nodes)


@dataclass
class Subgraph:
    title: str
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # lines shown under the page's heading
    centre: str | None = None  # the node the page is about: drawn in the middle, its tasks ringed round it

    def node(self, node_id: str, label: str, name: str, tooltip: str = "", size: float = 12,
             colour: str | None = None) -> None:
        if node_id not in self.nodes:
            self.nodes[node_id] = {"id": node_id, "label": label, "name": name, "title": tooltip or name,
                                   "size": size}
            if colour:
                self.nodes[node_id]["colour"] = colour

    def edge(self, source: str, target: str, type_: str, role: str | None = None, width: float = 1.0) -> None:
        self.edges.append({"source": source, "target": target, "type": type_, "role": role, "width": width})

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "nodes": list(self.nodes.values()), "edges": self.edges, "meta": self.meta,
                "notes": self.notes}


def task_tooltip(task: TaskRow) -> str:
    """Return a task's tooltip text: title, deadline, who leads and who helps, its document."""
    props = task.props
    leads = "、".join(a.name for a in task.assignments if a.role == "lead") or "—"
    co = "、".join(a.name for a in task.assignments if a.role == "co") or "—"
    flag = " (truncated)" if props.get("truncated") else ""
    return (f"{props.get('title')}{flag}\n期限 deadline: {display_deadline(props) or '—'}\n"
            f"牵头 lead: {leads}\n配合 co: {co}\n文件 document: {task.document_title or props.get('doc')}")


def _add_task(graph: Subgraph, task: TaskRow, with_mentions: bool = True) -> None:
    graph.node(task.id, "Task", f"{task.props.get('number') or ''} {task.props.get('title')}".strip(),
               task_tooltip(task), 10)
    for a in task.assignments:
        graph.node(a.target, a.label, a.name, a.name, 16)
        graph.edge(task.id, a.target, "ASSIGNED_TO", a.role, 3 if a.role == "lead" else 1.5)
    if task.props.get("problem") and task.problem_text:
        graph.node(task.props["problem"], "Problem", task.problem_text, task.problem_text, 14)
        graph.edge(task.props["problem"], task.id, "ADDRESSED_BY")
    if with_mentions:
        for m in task.mentions:
            graph.node(m.target, m.label, m.name, m.name, 9)
            graph.edge(task.id, m.target, m.type)


def agency_ego(store: GraphStore, name: str, limit: int = EGO_TASKS) -> Subgraph:
    """An agency, its tasks (lead and co edges drawn differently; the first `limit` in document
    order), their problems, its co-agencies, and the regions and platforms the tasks concern."""
    agency = queries.resolve_agency(store, name)
    found = store.tasks(TaskFilter(agency=agency.id), limit, 0, full=True)
    graph = Subgraph(f"{agency.props.get('name')} — {found.total} tasks", centre=agency.id)
    graph.node(agency.id, agency.label, str(agency.props.get("name")), str(agency.props.get("english", "")), 30)
    for task in found.rows:
        _add_task(graph, task)
    graph.meta = {"agency": agency.id, "tasks": found.total, "shown": len(found.rows)}
    return graph


def task_neighbourhood(store: GraphStore, task_id: str) -> Subgraph:
    """One task with its agencies, problem, document, regions, platforms and policy documents."""
    task = store.task(task_id)
    if task is None:
        raise NotFound(f"no task with id {task_id!r}")
    graph = Subgraph(str(task.props.get("title")), centre=task.id)
    _add_task(graph, task)
    doc = task.props.get("doc")
    if doc:
        graph.node(doc, "Document", task.document_title or doc, task.document_title or doc, 18)
        graph.edge(doc, task.id, "CONTAINS")
    graph.meta = {"task": task.id}
    return graph


def document_graph(store: GraphStore, doc_id: str, limit: int = EGO_TASKS) -> Subgraph:
    """A document's whole graph: its problems, tasks (the first `limit`), agencies and mentions."""
    node = store.node(doc_id)
    if node is None or node.label != "Document":
        raise NotFound(f"no document with id {doc_id!r}")
    found = store.tasks(TaskFilter(document=doc_id), limit, 0, full=True)
    title = str(node.props.get("title"))
    graph = Subgraph(f"{title} — {found.total} tasks", centre=doc_id)
    graph.node(doc_id, "Document", title, title, 24)
    for task in found.rows:
        _add_task(graph, task)
        graph.edge(doc_id, task.id, "CONTAINS")
    graph.meta = {"document": doc_id, "tasks": found.total, "shown": len(found.rows)}
    return graph


# label → what a page about such a node is called
_ABOUT = {"Problem": "Problem 问题", "Region": "Region 地区", "Platform": "Platform 平台",
          "PolicyDocument": "Policy 政策文件", "Person": "Leader 责任领导"}
_EDGE_TO = {"PolicyDocument": "REFERS_TO", "Person": "OVERSEEN_BY"}  # task → node; the others are CONCERNS


def node_tasks(store: GraphStore, label: str, name: str, limit: int = EGO_TASKS) -> Subgraph:
    """A problem, region, platform, policy document or leader (by id or name) with the tasks joined to it
    (the first `limit`), their agencies and problems."""
    node = queries.find_node(store, label, name)
    found = store.tasks(queries.filter_of(node), limit, 0, full=True)
    text = str(node.props.get("name") or node.props.get("title") or node.props.get("text") or node.id)
    graph = Subgraph(f"{_ABOUT[label]}: {text} — {found.total} tasks", centre=node.id)
    graph.node(node.id, label, text, text, 24)
    for task in found.rows:
        _add_task(graph, task, with_mentions=False)
        if label != "Problem":
            graph.edge(task.id, node.id, _EDGE_TO.get(label, "CONCERNS"))
    graph.meta = {label.lower(): node.id, "tasks": found.total, "shown": len(found.rows)}
    return graph


def coordination_network(store: GraphStore, where: CoordinationFilter | None = None,
                         budget: int = DEFAULT_BUDGET) -> Subgraph:
    """Agencies linked by the tasks they share: edge width = shared tasks, node size = load (the
    busiest `budget` units on the tasks meeting `where`), coloured by community; the hubs that
    hold the network together are named in the notes."""
    where = where or CoordinationFilter()
    data = store.coordination(where, budget)
    found = analysis.summary(store, where)
    community = analysis.community_of(found.communities)
    graph = Subgraph(f"Coordination — {data.tasks} tasks")
    for unit in data.agencies:
        index = community.get(unit.id)
        tooltip = f"{unit.name}\n{unit.load} tasks" + (f"\ncommunity {index + 1}" if index is not None else "")
        graph.node(unit.id, unit.label, unit.name, tooltip, 8 + 4 * unit.load ** 0.5,
                   colour=COMMUNITY_COLOURS[index % len(COMMUNITY_COLOURS)] if index is not None else None)
    for pair in data.pairs:
        graph.edge(pair.a, pair.b, "SHARES", None, float(pair.shared))
    _collective_links(store, graph, where, [u.id for u in data.agencies if u.label == "AgencyGroup"])
    hubs = [{"id": h.id, "name": h.name, "betweenness": h.betweenness, "partners": h.partners} for h in found.hubs]
    graph.meta = {"tasks": data.tasks, "filter": where.__dict__, "hubs": hubs, "modularity": found.modularity,
                  "communities": [{"size": c.size, "members": [m[1] for m in c.members[:10]]}
                                  for c in found.communities]}
    graph.notes = _network_notes(found)
    return graph


def _collective_links(store: GraphStore, graph: Subgraph, where: CoordinationFilter, groups: list[str]) -> None:
    """Join each collective (各市、县(市、区)) to the units on the page it shares tasks with. The
    store's pair counts cover agencies only (a collective is no hub), so these are counted here
    from the collective's own tasks (the first EGO_TASKS) under the same filter."""
    done: set[frozenset[str]] = set()
    for group in groups:
        shared: Counter[str] = Counter()
        for task in store.tasks(TaskFilter(agency=group, document=where.document), EGO_TASKS, 0).rows:
            if _meets(task, where):
                shared.update({a.target for a in task.assignments if a.target in graph.nodes} - {group})
        for other, count in sorted(shared.items()):
            if frozenset((group, other)) not in done:
                done.add(frozenset((group, other)))
                graph.edge(group, other, "SHARES", None, float(count))


def _meets(task: TaskRow, where: CoordinationFilter) -> bool:
    """Whether `task` meets the filter's conditions beyond its document (as the store reads them)."""
    targets = {a.target for a in task.assignments}
    if where.agency and where.agency not in targets:
        return False
    if where.jurisdiction and not any(where.jurisdiction in a.name for a in task.assignments):
        return False
    if not (where.due_from or where.due_to):
        return True
    year, month = task.props.get("due_year"), task.props.get("due_month")
    if month is None:
        return False
    if year is None:
        return True  # a deadline without its year passes, as in the store
    return (where.due_from or (0, 0)) <= (year, month) <= (where.due_to or (9999, 12))


def _network_notes(found: analysis.Summary) -> list[str]:
    hubs = "、".join(h.name for h in found.hubs[:5]) or "—"
    groups = "; ".join(f"{i + 1}: {'、'.join(m[1] for m in c.members[:3])}{' …' if c.size > 3 else ''} ({c.size})"
                       for i, c in enumerate(found.communities[:6]))
    return [f"Hubs 枢纽单位 (betweenness): {hubs}",
            f"Communities 协作群, one colour each ({len(found.communities)}, modularity {found.modularity}): "
            f"{groups or '—'}"]


def whole_graph(store: GraphStore, budget: int = DEFAULT_BUDGET) -> Subgraph:
    """Everything, or — above `budget` nodes — agencies, problems and documents with counts."""
    counts = store.counts()
    total = sum(v for k, v in counts.items() if k != "edges")
    if total <= budget:
        graph = Subgraph(f"Whole graph — {total} nodes")
        for label in ("Document", "Problem", "Task", "Agency", "AgencyGroup", "Region", "Platform", "PolicyDocument",
                      "Person"):
            for node in store.nodes(label):
                name = str(node.props.get("name") or node.props.get("title") or node.props.get("text") or node.id)
                graph.node(node.id, label, name[:40], name)
        for edge in store.edges():
            graph.edge(edge.source, edge.target, edge.type, edge.props.get("role"))
        graph.meta = {"aggregated": False, "nodes": total, "budget": budget}
        return graph
    return _aggregated(store, budget, total)


def _aggregated(store: GraphStore, budget: int, total: int) -> Subgraph:
    """The busiest budget/2 units, each joined to the problems (or documents) its tasks hang off."""
    busiest = queries.agency_summaries(store, date.today(), sort="load", limit=max(1, budget // 2)).rows
    load = {r.node.id: r.tasks for r in busiest}
    names = {r.node.id: (r.node.label, str(r.node.props.get("name"))) for r in busiest}
    graph = Subgraph(f"Whole graph, aggregated — {total} nodes summarised")
    for link in store.hub_links(list(load)):
        label, name = names[link.agency]
        graph.node(link.agency, label, name, f"{name}\n{load[link.agency]} tasks", 8 + 3 * load[link.agency] ** 0.5)
        graph.node(link.hub, link.hub_label, link.hub_name[:40], link.hub_name)
        graph.edge(link.agency, link.hub, "RELATES", None, float(link.tasks))
    graph.meta = {"aggregated": True, "nodes": total, "budget": budget, "shown": len(graph.nodes)}
    return graph
