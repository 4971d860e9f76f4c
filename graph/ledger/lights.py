"""Traffic lights over the graph (督办红黄绿灯): each task's light as of a date, the tasks of one
colour, counts per agency and per leader, and the tasks whose deadline year is unknown — named,
never placed in the year a question asks about. Written once above the GraphStore protocol.

A light depends on the latest progress, which lives in the ledger, not on the task; so the tasks
meeting the other filters are read (brief rows, by the engine) with their latest progress (one
statement), and the colour is decided here. A supervision office's filtered views are hundreds
or a few thousand tasks; the whole graph is read only for whole-graph counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from graph.ledger import records, terms
from graph.store import GraphStore, TaskFilter, TaskRow

CHUNK = 500  # latest progress is asked for this many tasks at a time (bounded parameter lists)


@dataclass(frozen=True)
class LitTask:
    row: TaskRow
    light: terms.Light
    latest: records.Progress | None

    @property
    def year_unknown(self) -> bool:
        return terms.year_unknown(self.row.props)


@dataclass(frozen=True)
class LightSettings:
    as_of: date
    yellow_days: int = terms.DEFAULT_YELLOW_DAYS


def latest_of(store: GraphStore, task_ids: list[str], as_of: date | None = None) -> dict[str, records.Progress]:
    """Return the latest progress of each task that has one (reported on or before `as_of`, when
    given), asked for in bounded chunks."""
    out: dict[str, records.Progress] = {}
    for i in range(0, len(task_ids), CHUNK):
        out.update(store.latest_progress(task_ids[i:i + CHUNK], as_of))
    return out


def light_rows(store: GraphStore, rows: list[TaskRow], how: LightSettings) -> list[LitTask]:
    """Return `rows` with their lights and latest progress, both as of `how.as_of` (a report made
    after that day is not seen)."""
    latest = latest_of(store, [r.id for r in rows], how.as_of)
    return [LitTask(r, light_of(r, latest.get(r.id), how), latest.get(r.id)) for r in rows]


def light_of(row: TaskRow, latest: records.Progress | None, how: LightSettings) -> terms.Light:
    """Return one task's light, given its latest progress as of `how.as_of`."""
    return terms.task_light(row.props, latest.status if latest else None, how.as_of, how.yellow_days)


def lit_tasks(store: GraphStore, where: TaskFilter, how: LightSettings) -> list[LitTask]:
    """Return every task meeting `where`, in document order, with its light."""
    return light_rows(store, store.tasks(where, None).rows, how)


def counts(lit: list[LitTask]) -> dict[str, int]:
    """Return the number of tasks of each light (every light named, zero included)."""
    found: Counter[str] = Counter(t.light for t in lit)
    return {name: found.get(name, 0) for name in terms.LIGHTS}


def counts_per_agency(lit: list[LitTask]) -> list[dict[str, Any]]:
    """Return, per agency or group, how many of its tasks show each light (as lead and as co), most red first."""
    per: dict[str, dict[str, Any]] = {}
    for task in lit:
        for a in {a.target: a for a in task.row.assignments}.values():
            entry = per.setdefault(a.target, {"id": a.target, "name": a.name, **{k: 0 for k in terms.LIGHTS},
                                              "lead": 0, "total": 0})
            entry[task.light] += 1
            entry["total"] += 1
            entry["lead"] += int(any(x.target == a.target and x.role == "lead" for x in task.row.assignments))
    return sorted(per.values(), key=lambda e: (-e["red"], -e["yellow"], -e["total"], e["name"]))


def year_unknown(lit: list[LitTask]) -> list[dict[str, Any]]:
    """Return the tasks whose deadline has a month but no known year: which they are, not where they fall."""
    return [{"id": t.row.id, "title": t.row.props.get("title"), "deadline": t.row.props.get("deadline_raw"),
             "document": t.row.props.get("doc")} for t in lit if t.year_unknown]


def page_of_light(store: GraphStore, where: TaskFilter, light: str, how: LightSettings, limit: int,
                  offset: int) -> tuple[int, list[LitTask], list[LitTask]]:
    """Return how many tasks meeting `where` show `light`, one page of them, and every task met
    (for the counts and the year-unknown list)."""
    lit = lit_tasks(store, where, how)
    chosen = [t for t in lit if t.light == light]
    return len(chosen), chosen[offset:offset + limit], lit


def year_unknown_of(store: GraphStore, where: TaskFilter, limit: int = 200,
                    months: tuple[int, int] | None = None) -> tuple[int, list[dict[str, Any]]]:
    """Return how many tasks meeting `where` (without its date conditions) have a deadline whose year
    is unknown (in `months` of that unknown year, when given), and the first `limit` of them: a date
    filter names these instead of guessing their year."""
    undated = replace(where, due=None, overdue_as_of=None, year_unknown=True, year_unknown_months=months)
    page = store.tasks(undated, limit)
    return page.total, [{"id": r.id, "number": r.props.get("number"), "title": r.props.get("title"),
                         "deadline": r.props.get("deadline_raw"),
                         "document": r.props.get("doc")} for r in page.rows]
