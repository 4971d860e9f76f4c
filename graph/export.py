"""Exports of the whole graph: GraphML, JSON, CSV of assignments, and the RACI matrix
(one row per task, one column per agency, L = lead, C = co-responsible) that supervision offices
keep in spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx

from graph.facts import NODE_LABELS
from graph.ledger.terms import display_deadline
from graph.queries import all_tasks, deadline_month
from graph.safe_output import csv_text, spreadsheet_cell, xml_safe
from graph.store import GraphStore, TaskRow

TEXT_FORMATS = ("graphml", "json", "csv", "raci")
FORMATS = TEXT_FORMATS + ("xlsx",)  # xlsx: the ledger workbook (graph.ledger.xlsx), bytes, with the ledger's filters


def export(store: GraphStore, fmt: str) -> str:
    """Return the whole graph in text format `fmt`."""
    if fmt == "json":
        return json.dumps(_graph_dict(store), ensure_ascii=False, indent=1)
    if fmt == "graphml":
        return _graphml(store)
    if fmt == "csv":
        return _assignments_csv(store)
    if fmt == "raci":
        return _raci_csv(store)
    if fmt == "xlsx":
        raise ValueError("xlsx is the ledger workbook: graph.ledger.xlsx.ledger_xlsx(build_ledger(…))")
    raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")


def _graph_dict(store: GraphStore) -> dict[str, Any]:
    nodes = [{"id": n.id, "label": n.label, **n.props} for label in NODE_LABELS for n in store.nodes(label)]
    edges = [{"source": e.source, "target": e.target, "type": e.type, **e.props} for e in store.edges()]
    return {"nodes": nodes, "edges": edges}


def _graphml(store: GraphStore) -> str:
    graph = nx.MultiDiGraph()
    data = _graph_dict(store)
    for node in data["nodes"]:  # ids too: an unresolved agency's id carries its name as written
        graph.add_node(xml_safe(node["id"]), **_scalars(node))
    for edge in data["edges"]:
        graph.add_edge(xml_safe(edge["source"]), xml_safe(edge["target"]), **_scalars(edge))
    buffer = io.BytesIO()  # not generate_graphml: it splits lines on \x0b, \x85 and U+2028 inside values
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return xml_safe(buffer.getvalue().decode("utf-8"))


def _scalars(attrs: dict[str, Any]) -> dict[str, Any]:
    """GraphML holds scalars only: lists and maps become JSON text, None is left out, and text
    loses the characters XML cannot carry."""
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if key in ("id", "source", "target") or value is None:
            continue
        value = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
        out[key] = xml_safe(value) if isinstance(value, str) else value
    return out


class _SafeWriter:
    """A csv writer whose every cell is made safe for spreadsheets (graph.safe_output)."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self._writer = csv.writer(self.buffer)

    def writerow(self, row: list[Any]) -> None:
        self._writer.writerow([spreadsheet_cell(cell) for cell in row])

    def text(self) -> str:
        return csv_text(self.buffer.getvalue())


def _leaders(task: TaskRow) -> str:
    """Return who oversees a task (责任领导), as exports write them."""
    return "、".join(name for _, name in task.leaders)


def _assignments_csv(store: GraphStore) -> str:
    writer = _SafeWriter()
    writer.writerow(["task_id", "document", "number", "title", "agency", "agency_id", "role", "written",
                     "deadline", "due_month", "problem", "list", "leaders"])
    for task in all_tasks(store):
        base = [task.id, task.document_title or "", task.props.get("number", ""), task.props.get("title", "")]
        tail = [display_deadline(task.props) or "", deadline_month(task), task.problem_text or "",
                task.props.get("list", ""), _leaders(task)]
        if not task.assignments:
            writer.writerow(base + ["", "", "", ""] + tail)
        for a in task.assignments:
            writer.writerow(base + [a.name, a.target, a.role, a.written] + tail)
    return writer.text()


def _raci_csv(store: GraphStore) -> str:
    tasks = all_tasks(store)
    columns: dict[str, str] = {}
    for task in tasks:
        for a in task.assignments:
            columns.setdefault(a.target, a.name)
    order = sorted(columns, key=lambda c: columns[c])
    writer = _SafeWriter()
    writer.writerow(["task_id", "number", "title", "deadline", "leaders"] + [columns[c] for c in order])
    for task in tasks:
        roles = {a.target: ("L" if a.role == "lead" else "C") for a in task.assignments}
        writer.writerow([task.id, task.props.get("number", ""), task.props.get("title", ""),
                         display_deadline(task.props) or "", _leaders(task)] + [roles.get(c, "") for c in order])
    return writer.text()
