"""JSON shapes of the supervision ledger: a task with its light and latest progress, progress
history, audit lines. Shared by the API and the CLI."""

from __future__ import annotations

from typing import Any

from api.views import task_json
from graph import ledger
from graph.lights import LightSettings, LitTask


def lit_json(task: LitTask, full: bool = False) -> dict[str, Any]:
    """Return a task as lists show it, with its light, status and latest progress."""
    latest = task.latest
    return {**task_json(task.row, full=full), "light": task.light, "status": latest.status if latest else None,
            "progress": latest.as_json() if latest else None, "year_unknown": task.year_unknown}


def lights_json(how: LightSettings) -> dict[str, Any]:
    """Return how the lights of an answer were decided (so a reader can check them)."""
    return {"as_of": how.as_of.isoformat(), "yellow_days": how.yellow_days}


def history_json(task_id: str, history: list[ledger.Progress], light: str, how: LightSettings) -> dict[str, Any]:
    return {"task_id": task_id, "light": light, **lights_json(how),
            "latest": history_latest(history), "history": [p.as_json() for p in history]}


def history_latest(history: list[ledger.Progress]) -> dict[str, Any] | None:
    """Return the latest of a task's reports (history is oldest first), or None."""
    return history[-1].as_json() if history else None


def year_unknown_json(total: int, tasks: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "tasks": tasks,
            "note": "deadlines with a month but no known year: not compared with the dates asked; "
                    "set the document's year (PATCH /documents/{id}) to place them"}
