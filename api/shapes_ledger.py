"""JSON shapes of the supervision ledger: a task with its light and latest progress, progress
history, audit lines. Shared by the API and the CLI."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from api.shapes import task_json
from graph.ledger import records
from graph.ledger.lights import LightSettings, LitTask
from graph.store import TaskRow


def lit_json(task: LitTask, full: bool = False) -> dict[str, Any]:
    """Return a task as lists show it, with its light, status and latest progress."""
    latest = task.latest
    return {**task_json(task.row, full=full), "light": task.light, "status": latest.status if latest else None,
            "progress": latest.as_json() if latest else None, "year_unknown": task.year_unknown}


def lights_json(how: LightSettings) -> dict[str, Any]:
    """Return how the lights of an answer were decided (so a reader can check them)."""
    return {"as_of": how.as_of.isoformat(), "yellow_days": how.yellow_days}


def history_json(task_id: str, history: list[records.Progress], light: str, how: LightSettings) -> dict[str, Any]:
    return {"task_id": task_id, "light": light, **lights_json(how),
            "latest": history_latest(history), "history": [p.as_json() for p in history]}


def history_latest(history: list[records.Progress]) -> dict[str, Any] | None:
    """Return the latest of a task's reports (history is oldest first), or None."""
    return history[-1].as_json() if history else None


def year_unknown_json(total: int, tasks: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "tasks": tasks,
            "note": "deadlines with a month but no known year: not compared with the dates asked; "
                    "set the document's year (PATCH /documents/{id}) to place them"}


def provenance_json(row: TaskRow, corrections: Iterable[records.Correction]) -> dict[str, Any]:
    """Return where each fact of a task comes from: `parsed` (with its span and evidence) or
    `corrected` (with who, when and why)."""
    by_id = {c.id: c for c in corrections}
    marks = dict(m.split("=", 1) for m in row.props.get("corrections") or [] if "=" in m)
    parsed = {"source": "parsed", "span": row.props.get("span"), "evidence": row.props.get("evidence")}

    def said(field: str) -> dict[str, Any]:
        return _corrected(marks[field], by_id) if field in marks else parsed

    return {"provenance": {
        "deadline": said("deadline"), "leaders": said("leaders"),
        "year": _corrected(marks["year"], by_id) if "year" in marks else None,
        "assignments": [{"agency": a.name, "role": a.role, **(_corrected(a.correction, by_id) if a.correction else
                                                              {"source": "parsed", "span": a.span,
                                                               "evidence": a.evidence})}
                        for a in row.assignments]}}


def _corrected(correction_id: str, by_id: dict[str, records.Correction]) -> dict[str, Any]:
    c = by_id.get(correction_id)
    if c is None:
        return {"source": "corrected", "correction": correction_id}
    return {"source": "corrected", "correction": c.id, "by": c.by, "at": c.at.isoformat(), "reason": c.reason}
