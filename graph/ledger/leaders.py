"""Questions about leaders (written once above the store protocol): what each oversees, with the
units under them, due months and lights."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from graph import dates, people
from graph.facts import Node
from graph.ledger import lights
from graph.ledger.lights import LightSettings, LitTask
from graph.ledger.terms import LIGHTS
from graph.queries import find_node
from graph.store import GraphStore, TaskFilter


@dataclass(frozen=True)
class LeaderLoad:
    """What one leader oversees: the tasks with their lights, the units under them, when it falls due."""

    person: Node
    tasks: list[LitTask]
    agencies: list[dict[str, Any]]  # {id, name, lead, co}: units on the leader's tasks, most tasks first
    by_month: dict[str, int]  # YYYY-MM | ????-MM (year unknown) | ongoing | none
    lights: dict[str, int]
    year_unknown: list[dict[str, Any]]


def resolve_leader(store: GraphStore, name: str) -> Node:
    """Return the one person `name` names (an id or a name; spaces inside a name do not matter)."""
    return find_node(store, people.LABEL, people.clean_name(name) or name)


def leader_load(store: GraphStore, person: Node, how: LightSettings) -> LeaderLoad:
    """Return a leader's load: tasks, the units under them, due months, lights, year-unknown tasks named."""
    lit = lights.lit_tasks(store, TaskFilter(leader=person.id), how)
    return LeaderLoad(person, lit, _units_under(lit), dict(Counter(dates.month_key(t.row.props) for t in lit)),
                      lights.counts(lit), lights.year_unknown(lit))


def _units_under(lit: list[LitTask]) -> list[dict[str, Any]]:
    units: dict[str, dict[str, Any]] = {}
    for task in lit:
        for a in task.row.assignments:
            entry = units.setdefault(a.target, {"id": a.target, "name": a.name, "lead": 0, "co": 0})
            entry[a.role] = entry.get(a.role, 0) + 1
    return sorted(units.values(), key=lambda u: (-(u["lead"] + u["co"]), u["name"]))


def leader_task_counts(store: GraphStore, people: list[Node], where: TaskFilter | None = None) -> dict[str, int]:
    """Return how many tasks (meeting `where`) each person oversees (one engine count each)."""
    base = where or TaskFilter()
    return {p.id: store.tasks(replace(base, leader=p.id), 0).total for p in people}


def counts_per_leader(lit: list[LitTask]) -> list[dict[str, Any]]:
    """Return, per leader overseeing any of `lit`, how many of those tasks show each light, most red first."""
    per: dict[str, dict[str, Any]] = {}
    for task in lit:
        for person, name in task.row.leaders:
            entry = per.setdefault(person, {"id": person, "name": name, **{k: 0 for k in LIGHTS}, "total": 0})
            entry[task.light] += 1
            entry["total"] += 1
    return sorted(per.values(), key=lambda e: (-e["red"], -e["yellow"], -e["total"], str(e["name"])))


def leaders_over(store: GraphStore, agency_id: str) -> list[dict[str, Any]]:
    """Return the leaders who oversee an agency's tasks, with how many of its tasks each, most first."""
    found: Counter[tuple[str, str]] = Counter(p for r in store.tasks(TaskFilter(agency=agency_id), None).rows
                                              for p in r.leaders)
    return [{"id": person, "name": name, "tasks": n}
            for (person, name), n in sorted(found.items(), key=lambda x: (-x[1], x[0][1]))]
