"""The subgraphs pages draw, built from graph queries. Each is plain data — the JSON twin of
its page: {"title", "nodes": [{id, label, name, title, size}], "edges": [{source, target, type,
role, width}], "meta"}."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph import queries
from graph.errors import NotFound
from graph.store import GraphStore, TaskRow

DEFAULT_BUDGET = 2000
MAX_BUDGET = 5000  # a page of more nodes takes a browser (and the server) too long to be any use


@dataclass
class Subgraph:
    title: str
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def node(self, node_id: str, label: str, name: str, tooltip: str = "", size: float = 12) -> None:
        if node_id not in self.nodes:
            self.nodes[node_id] = {"id": node_id, "label": label, "name": name, "title": tooltip or name,
                                   "size": size}

    def edge(self, source: str, target: str, type_: str, role: str | None = None, width: float = 1.0) -> None:
        self.edges.append({"source": source, "target": target, "type": type_, "role": role, "width": width})

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "nodes": list(self.nodes.values()), "edges": self.edges, "meta": self.meta}


def task_tooltip(task: TaskRow) -> str:
    """Return a task's tooltip text: title, deadline, who leads and who helps, its document."""
    props = task.props
    leads = "、".join(a.name for a in task.assignments if a.role == "lead") or "—"
    co = "、".join(a.name for a in task.assignments if a.role == "co") or "—"
    flag = " (truncated)" if props.get("truncated") else ""
    return (f"{props.get('title')}{flag}\n期限 deadline: {props.get('deadline_raw') or '—'}\n"
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


def agency_ego(store: GraphStore, name: str) -> Subgraph:
    """An agency, its tasks (lead and co edges drawn differently), their problems, its co-agencies,
    and the regions and platforms the tasks concern."""
    agency = queries.resolve_agency(store, name)
    tasks = queries.agency_tasks(store, agency.id)
    graph = Subgraph(f"{agency.props.get('name')} — {len(tasks)} tasks")
    graph.node(agency.id, agency.label, str(agency.props.get("name")), str(agency.props.get("english", "")), 30)
    for task in tasks:
        _add_task(graph, task)
    graph.meta = {"agency": agency.id, "tasks": len(tasks)}
    return graph


def task_neighbourhood(store: GraphStore, task_id: str) -> Subgraph:
    """One task with its agencies, problem, document, regions, platforms and policy documents."""
    rows = store.task_rows([task_id])
    if not rows:
        raise NotFound(f"no task with id {task_id!r}")
    task = rows[0]
    graph = Subgraph(str(task.props.get("title")))
    _add_task(graph, task)
    doc = task.props.get("doc")
    if doc:
        graph.node(doc, "Document", task.document_title or doc, task.document_title or doc, 18)
        graph.edge(doc, task.id, "CONTAINS")
    graph.meta = {"task": task.id}
    return graph


def document_graph(store: GraphStore, doc_id: str) -> Subgraph:
    """A document's whole graph: its problems, tasks, agencies and mentions."""
    node = store.node(doc_id)
    if node is None or node.label != "Document":
        raise NotFound(f"no document with id {doc_id!r}")
    tasks = queries.tasks_of(store, doc_id)
    title = str(node.props.get("title"))
    graph = Subgraph(f"{title} — {len(tasks)} tasks")
    graph.node(doc_id, "Document", title, title, 24)
    for task in tasks:
        _add_task(graph, task)
        graph.edge(doc_id, task.id, "CONTAINS")
    graph.meta = {"document": doc_id, "tasks": len(tasks)}
    return graph


@dataclass(frozen=True)
class CoordinationFilter:
    document: str | None = None
    jurisdiction: str | None = None
    due_from: tuple[int, int] | None = None  # (year, month)
    due_to: tuple[int, int] | None = None


def coordination_network(store: GraphStore, where: CoordinationFilter | None = None) -> Subgraph:
    """Agencies linked by the tasks they share: edge width = shared tasks, node size = load."""
    where = where or CoordinationFilter()
    tasks = [t for t in queries.all_tasks(store) if _keep(t, where)]
    load: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    names: dict[str, tuple[str, str]] = {}
    for task in tasks:
        agencies = sorted({a.target for a in task.assignments if a.label == "Agency"})
        for a in task.assignments:
            names[a.target] = (a.label, a.name)
            load[a.target] += 1
        pairs.update((x, y) for i, x in enumerate(agencies) for y in agencies[i + 1:])
    graph = Subgraph(f"Coordination — {len(tasks)} tasks")
    for agency_id, count in load.items():
        label, name = names[agency_id]
        if label == "Agency" or where.jurisdiction is None:
            graph.node(agency_id, label, name, f"{name}\n{count} tasks", 8 + 4 * count ** 0.5)
    for (x, y), shared in pairs.items():
        graph.edge(x, y, "SHARES", None, float(shared))
    graph.meta = {"tasks": len(tasks), "filter": where.__dict__}
    return graph


def _keep(task: TaskRow, where: CoordinationFilter) -> bool:
    props = task.props
    if where.document and props.get("doc") != where.document:
        return False
    if where.jurisdiction and not any(where.jurisdiction in a.name for a in task.assignments):
        return False
    if where.due_from or where.due_to:
        month, year = props.get("due_month"), props.get("due_year")
        if month is None:
            return False
        key = (year or 0, month)
        if (where.due_from and year and key < where.due_from) or (where.due_to and year and key > where.due_to):
            return False
    return True


def whole_graph(store: GraphStore, budget: int = DEFAULT_BUDGET) -> Subgraph:
    """Everything, or — above `budget` nodes — agencies, problems and documents with counts."""
    counts = store.counts()
    total = sum(v for k, v in counts.items() if k != "edges")
    if total <= budget:
        graph = Subgraph(f"Whole graph — {total} nodes")
        for label in ("Document", "Problem", "Task", "Agency", "AgencyGroup", "Region", "Platform", "PolicyDocument"):
            for node in store.nodes(label):
                name = str(node.props.get("name") or node.props.get("title") or node.props.get("text") or node.id)
                graph.node(node.id, label, name[:40], name)
        for edge in store.edges():
            graph.edge(edge.source, edge.target, edge.type, edge.props.get("role"))
        graph.meta = {"aggregated": False, "nodes": total, "budget": budget}
        return graph
    return _aggregated(store, budget, total)


def _aggregated(store: GraphStore, budget: int, total: int) -> Subgraph:
    tasks = queries.all_tasks(store)
    load: Counter[str] = Counter(a.target for t in tasks for a in t.assignments)
    keep = {a for a, _ in load.most_common(max(1, budget // 2))}
    links: Counter[tuple[str, str]] = Counter()
    graph = Subgraph(f"Whole graph, aggregated — {total} nodes summarised")
    for task in tasks:
        hub = task.props.get("problem") or task.props.get("doc")
        hub_label = "Problem" if task.props.get("problem") else "Document"
        hub_name = task.problem_text if task.props.get("problem") else task.document_title
        for a in task.assignments:
            if a.target in keep:
                size = 8 + 3 * load[a.target] ** 0.5
                graph.node(a.target, a.label, a.name, f"{a.name}\n{load[a.target]} tasks", size)
                graph.node(str(hub), hub_label, str(hub_name or hub)[:40], str(hub_name or hub))
                links[(a.target, str(hub))] += 1
    for (agency, hub), n in links.items():
        graph.edge(agency, hub, "RELATES", None, float(n))
    graph.meta = {"aggregated": True, "nodes": total, "budget": budget, "shown": len(graph.nodes)}
    return graph
