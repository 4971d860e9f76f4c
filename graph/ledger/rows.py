"""The supervision ledger (督办台账) as rows and tables: one row per task meeting a filter, with its
units, leaders, deadline, latest progress and traffic light as of a date, grouped into one table
per agency, per leader or per document. Every output of the ledger (the /ledger page and its JSON
twin, the xlsx and CSV exports) is drawn from `build_ledger`, so they all show the same rows.

The store does the selecting (one `tasks` query with the filter; the latest progress of those
tasks read in bounded chunks by graph.ledger.lights, which also decides each light); this module only
arranges what comes back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from graph.ledger.lights import LightSettings, LitTask, light_rows
from graph.ledger.terms import LIGHTS, display_deadline, due_of
from graph.ledger.terms import year_unknown as has_unknown_year
from graph.lineage.records import LinkFilter
from graph.store import GraphStore, TaskFilter, TaskRow

# The columns supervision offices expect, in their order (what each sheet and table shows).
COLUMNS = ("序号", "重点任务", "牵头单位", "配合单位", "责任领导", "完成时限", "进展情况", "状态", "来源文件")
EXTRA_COLUMNS = ("预警", "任务编号", "上级任务")  # light, the task id a progress sheet is matched back by, and
# the parent plan's tasks this one carries out (graph.lineage)
LIGHT_NAMES = {"red": "红灯(逾期)", "yellow": "黄灯(临期)", "green": "绿灯", "grey": "灰(无期限或年份未知)"}
Grouping = Literal["agency", "leader", "document", "none"]
GROUPINGS: tuple[Grouping, ...] = ("agency", "leader", "document", "none")
NO_UNIT, NO_LEADER = "未明确责任单位", "未明确责任领导"
NOT_STARTED = "未开始"  # a task nobody has reported on yet
PARENT_CHUNK = 2000  # task ids per lineage read


@dataclass(frozen=True)
class LedgerRow:
    """One task as the ledger shows it."""

    task_id: str
    number: str  # 序号: the item's number in its document
    title: str  # 重点任务
    leads: tuple[str, ...]  # 牵头单位
    co: tuple[str, ...]  # 配合单位
    leaders: tuple[str, ...]  # 责任领导
    deadline: str  # 完成时限, as written
    due: date | None  # the last day it may be done on (a dated deadline only)
    year_unknown: bool  # it has a month but no known year: named, never placed in a year
    note: str  # 进展情况: the latest progress note
    status: str  # 状态
    reported: date | None  # when the latest progress was reported
    light: str  # red | yellow | green | grey
    document_id: str
    document: str  # 来源文件
    units: tuple[tuple[str, str], ...] = ()  # (id, name) of every unit assigned, for grouping by agency
    people: tuple[tuple[str, str], ...] = ()  # (Person id, name) of every leader, for grouping by leader
    corrected: tuple[str, ...] = ()  # facts a person corrected (units, deadline, leaders, year): not the parser's
    parents: tuple[tuple[str, str], ...] = ()  # (task id, title) of the parent tasks it carries out (上级任务)

    def cells(self) -> list[str]:
        """Return the row's cells in COLUMNS order, then EXTRA_COLUMNS."""
        return [self.number, self.title, "、".join(self.leads), "、".join(self.co), "、".join(self.leaders),
                self.deadline, self.note, self.status, self.document, LIGHT_NAMES[self.light], self.task_id,
                "、".join(title for _, title in self.parents)]

    def as_json(self) -> dict[str, Any]:
        return {"task_id": self.task_id, "number": self.number, "title": self.title, "leads": list(self.leads),
                "co": list(self.co), "leaders": list(self.leaders), "deadline": self.deadline,
                "due": self.due.isoformat() if self.due else None, "year_unknown": self.year_unknown,
                "note": self.note, "status": self.status,
                "reported": self.reported.isoformat() if self.reported else None, "light": self.light,
                "document_id": self.document_id, "document": self.document, "corrected": list(self.corrected),
                "parents": [{"task_id": t, "title": title} for t, title in self.parents]}


@dataclass(frozen=True)
class LedgerTable:
    """The rows of one agency, leader or document (or of the whole ledger, ungrouped)."""

    key: str  # an agency id, a leader's name, a document id, or "" when ungrouped
    title: str
    rows: list[LedgerRow]

    def counts(self) -> dict[str, int]:
        return light_counts(self.rows)


@dataclass(frozen=True)
class Ledger:
    as_of: date
    yellow_days: int
    by: Grouping
    rows: list[LedgerRow]  # every row once, in document order
    tables: list[LedgerTable] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return light_counts(self.rows)

    def year_unknown(self) -> list[LedgerRow]:
        """The rows whose deadline has a month but no known year: named, never placed in a year."""
        return [r for r in self.rows if r.year_unknown]

    def as_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "yellow_days": self.yellow_days, "by": self.by,
                "total": len(self.rows), "lights": self.counts(),
                "year_unknown": [{"task_id": r.task_id, "title": r.title, "deadline": r.deadline}
                                 for r in self.year_unknown()],
                "tables": [{"key": t.key, "title": t.title, "lights": t.counts(),
                            "rows": [r.as_json() for r in t.rows]} for t in self.tables]}


@dataclass(frozen=True)
class LedgerQuery:
    """What a ledger shows: the tasks meeting `where` (a leader's tasks: `where.leader`), optionally
    only one light, as of a date, grouped by `by`."""

    where: TaskFilter = TaskFilter()
    as_of: date = date(2000, 1, 1)
    yellow_days: int = 15
    by: Grouping = "none"
    light: str | None = None  # only rows with this light


def light_counts(rows: Iterable[LedgerRow]) -> dict[str, int]:
    """Return how many rows have each light (every light named, zeros included)."""
    counts = dict.fromkeys(LIGHTS, 0)
    for row in rows:
        counts[row.light] += 1
    return counts


def build_ledger(store: GraphStore, query: LedgerQuery) -> Ledger:
    """Return the ledger of the tasks `query` selects, grouped into tables."""
    rows = ledger_rows(store, query.where, query.as_of, query.yellow_days)
    if query.light is not None:
        rows = [r for r in rows if r.light == query.light]
    ledger = Ledger(query.as_of, query.yellow_days, query.by, rows)
    return replace(ledger, tables=group_rows(rows, query.by, only_unit=query.where.agency))


def ledger_rows(store: GraphStore, where: TaskFilter, as_of: date, yellow_days: int) -> list[LedgerRow]:
    """Return one ledger row per task meeting `where`, in document order, lit as graph.ledger.lights does."""
    tasks = store.tasks(where, None, full=True).rows  # full rows: they say which facts were corrected
    parents = parent_tasks(store, [t.id for t in tasks])
    return [replace(ledger_row(t), parents=parents.get(t.row.id, ()))
            for t in light_rows(store, tasks, LightSettings(as_of, yellow_days))]


def parent_tasks(store: GraphStore, task_ids: list[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Return, for each task that carries out parent tasks (graph.lineage), their (id, title), read in chunks."""
    links = [lk for k in range(0, len(task_ids), PARENT_CHUNK)
             for lk in store.task_links(LinkFilter(tasks=tuple(task_ids[k:k + PARENT_CHUNK]), kind="parent"))]
    wanted = set(task_ids)
    sources = sorted({lk.source for lk in links if lk.target in wanted})
    titles = {r.id: str(r.props.get("title") or r.id) for k in range(0, len(sources), PARENT_CHUNK)
              for r in store.tasks_by_id(sources[k:k + PARENT_CHUNK])}
    out: dict[str, list[tuple[str, str]]] = {}
    for lk in links:
        if lk.target in wanted and lk.source in titles:
            out.setdefault(lk.target, []).append((lk.source, titles[lk.source]))
    return {task: tuple(dict.fromkeys(found)) for task, found in out.items()}


def ledger_row(lit: LitTask) -> LedgerRow:
    """Return a task's ledger row."""
    task, latest, props = lit.row, lit.latest, lit.row.props
    due, _ = due_of(props)
    units = task.assignments
    return LedgerRow(
        task_id=task.id, number=str(props.get("number") or ""), title=str(props.get("title") or ""),
        leads=tuple(a.name for a in units if a.role == "lead"), co=tuple(a.name for a in units if a.role == "co"),
        leaders=tuple(name for _, name in task.leaders), deadline=display_deadline(props) or "",
        due=due, year_unknown=has_unknown_year(props), note=latest.note if latest else "",
        status=latest.status if latest else NOT_STARTED, reported=latest.reported if latest else None,
        light=lit.light, document_id=str(props.get("doc") or ""),
        document=task.document_title or str(props.get("doc") or ""), units=tuple((a.target, a.name) for a in units),
        people=task.leaders, corrected=corrected_facts(task))


def corrected_facts(task: TaskRow) -> tuple[str, ...]:
    """Return which of a task's facts come from a correction, not the parser (graph.ledger.corrections marks
    them: `field=correction id` on the task, the correction's id on an assignment)."""
    fields = [str(m).split("=", 1)[0] for m in task.props.get("corrections") or [] if "=" in str(m)]
    if any(a.correction for a in task.assignments):
        fields.append("units")
    return tuple(dict.fromkeys(fields))


def group_rows(rows: list[LedgerRow], by: Grouping, only_unit: str | None = None) -> list[LedgerTable]:
    """Return the rows as tables: one per unit (a task under each unit it names), per leader, or
    per document; `only_unit` keeps just that unit's table (the ledger of one agency)."""
    if by == "none":
        return [LedgerTable("", "全部任务", rows)] if rows else []
    groups: dict[str, tuple[str, list[LedgerRow]]] = {}
    for row in rows:
        for key, title in _groups_of(row, by):
            groups.setdefault(key, (title, []))[1].append(row)
    if only_unit is not None and by == "agency":
        groups = {k: v for k, v in groups.items() if k == only_unit}
    tables = [LedgerTable(key, title, members) for key, (title, members) in groups.items()]
    return sorted(tables, key=lambda t: (t.title in (NO_UNIT, NO_LEADER), _pinyin(t.title), t.title))


def _pinyin(text: str) -> list[str]:
    """Return the key tables sort by: pinyin, as Chinese name lists are ordered (code points are not)."""
    from pypinyin import lazy_pinyin  # a large dictionary: loaded when a ledger is first grouped

    return lazy_pinyin(text)


def _groups_of(row: LedgerRow, by: Grouping) -> list[tuple[str, str]]:
    """Return the (key, title) of each table a row belongs in."""
    if by == "document":
        return [(row.document_id, row.document)]
    if by == "leader":
        return list(row.people) or [("", NO_LEADER)]
    return list(dict(row.units).items()) or [("", NO_UNIT)]
