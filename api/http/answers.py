"""Answers several routes give: a page of tasks with their lights, and one task in full."""

from __future__ import annotations

from typing import Any

from api.shapes_ledger import lights_json, lit_json, provenance_json, year_unknown_json
from graph.ledger import lights
from graph.store import GraphStore, TaskFilter, TaskRow


def tasks_page(store: GraphStore, where: TaskFilter, light: str | None, how: lights.LightSettings, limit: int,
               offset: int, dated: bool) -> dict[str, Any]:
    """Return one page of /tasks with each task's light; with `light`, only tasks of that colour.
    A dated question (`dated`) or a light names the tasks whose year is unknown apart."""
    if light is not None:
        total, rows, _ = lights.page_of_light(store, where, light, how, limit, offset)
    else:
        found = store.tasks(where, limit, offset)
        total, rows = found.total, lights.light_rows(store, found.rows, how)
    out: dict[str, Any] = {"total": total, "limit": limit, "offset": offset, **lights_json(how),
                           "tasks": [lit_json(t) for t in rows]}
    if dated or light is not None:
        out["year_unknown"] = year_unknown_json(*lights.year_unknown_of(store, where))
    return out


def task_detail(store: GraphStore, row: TaskRow, how: lights.LightSettings) -> dict[str, Any]:
    """Return one task in full: its facts with provenance, its light and latest progress."""
    lit = lights.light_rows(store, [row], how)[0]
    return {**lit_json(lit, full=True), **lights_json(how),
            **provenance_json(row, store.corrections(doc=str(row.props.get("doc"))))}
