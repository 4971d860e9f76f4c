"""Questions the graph answers, written once above the GraphStore protocol so both stores give
the same answers: an agency's tasks and load, shared tasks, coordination, due dates, unowned
tasks, text search, and resolving the agency a person means."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from graph.errors import Ambiguous, NotFound
from graph.facts import Node
from graph.jurisdiction import Jurisdiction
from graph.registry import Registry, default_registry, normalize_name
from graph.store import GraphStore, TaskRow

AGENCY_LABELS = ("Agency", "AgencyGroup")
_LEVEL_OF_PREFIX = {"省": "provincial", "市": "city", "县": "county", "区": "county"}


# -- tasks of things ---------------------------------------------------------------------------------

def agency_tasks(store: GraphStore, agency_id: str, role: str | None = None) -> list[TaskRow]:
    """Return the tasks an agency is assigned to (`role`: lead or co), in document order."""
    return _sorted(store.task_rows(store.linked_task_ids(agency_id, role)))


def tasks_of(store: GraphStore, node_id: str) -> list[TaskRow]:
    """Return the tasks joined to a region, platform, problem, policy document or document."""
    return _sorted(store.task_rows(store.linked_task_ids(node_id)))


def shared_tasks(store: GraphStore, agency_ids: list[str]) -> list[TaskRow]:
    """Return the tasks every one of `agency_ids` is assigned to."""
    if not agency_ids:
        return []
    common = set(store.linked_task_ids(agency_ids[0], None))
    for agency_id in agency_ids[1:]:
        common &= set(store.linked_task_ids(agency_id, None))
    return _sorted(store.task_rows(sorted(common)))


@dataclass(frozen=True)
class Coordination:
    task: TaskRow
    leads: list[str]
    co: list[str]
    groups: list[str]  # collective units (各市、县(市、区) …)


def task_coordination(store: GraphStore, task_id: str) -> Coordination:
    """Return who must work together on one task: its leads, co-responsible agencies and groups."""
    rows = store.task_rows([task_id])
    if not rows:
        raise NotFound(f"no task with id {task_id!r}")
    task = rows[0]
    agencies = [a for a in task.assignments if a.label == "Agency"]
    return Coordination(task, [a.name for a in agencies if a.role == "lead"],
                        [a.name for a in agencies if a.role == "co"],
                        [a.name for a in task.assignments if a.label == "AgencyGroup"])


# -- load --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgencyLoad:
    agency: Node
    total: int
    by_role: dict[str, int]
    by_month: dict[str, int]
    by_list: dict[str, int]
    by_problem: dict[str, int]
    by_document: dict[str, int]
    co_agencies: list[tuple[str, str, int]]  # (id, name, shared tasks), most shared first
    overdue: int = 0
    due_soon: int = 0
    tasks: list[TaskRow] = field(default_factory=list)


def agency_load(store: GraphStore, agency_id: str, today: date | None = None, soon_days: int = 30) -> AgencyLoad:
    """Return an agency's cross-task load: counts by role, deadline month, list, problem and
    document, and the agencies it shares most tasks with."""
    node = store.node(agency_id)
    if node is None or node.label not in AGENCY_LABELS:
        raise NotFound(f"no agency with id {agency_id!r}")
    tasks = agency_tasks(store, agency_id)
    by_role: Counter[str] = Counter()
    partners: Counter[str] = Counter()
    names: dict[str, str] = {}
    for task in tasks:
        roles = {a.role for a in task.assignments if a.target == agency_id}
        by_role["lead" if "lead" in roles else "co"] += 1
        for a in task.assignments:
            if a.target != agency_id and a.label == "Agency":
                partners[a.target] += 1
                names[a.target] = a.name
    today = today or date.today()
    return AgencyLoad(
        agency=node, total=len(tasks), by_role={"lead": by_role["lead"], "co": by_role["co"]},
        by_month=dict(Counter(deadline_month(t) for t in tasks)),
        by_list=dict(Counter(t.props.get("list") or "—" for t in tasks)),
        by_problem=dict(Counter(t.problem_text or "—" for t in tasks)),
        by_document=dict(Counter(t.document_title or t.props.get("doc", "—") for t in tasks)),
        co_agencies=sorted(((a, names[a], n) for a, n in partners.items()), key=lambda x: (-x[2], x[1])),
        overdue=sum(is_overdue(t, today) for t in tasks),
        due_soon=sum(is_due_soon(t, today, soon_days) for t in tasks),
        tasks=tasks,
    )


def deadline_month(task: TaskRow) -> str:
    """Return the month a task falls due in, as YYYY-MM, ????-MM (year unknown), ongoing or none."""
    props = task.props
    if props.get("deadline_kind") in ("ongoing",):
        return "ongoing"
    month = props.get("due_month")
    if month is None:
        return "none"
    year = props.get("due_year")
    return f"{year:04d}-{month:02d}" if year else f"????-{month:02d}"


# -- deadlines ---------------------------------------------------------------------------------------

def _due_key(task: TaskRow) -> tuple[int | None, int, int] | None:
    props = task.props
    if props.get("deadline_kind") == "ongoing" or props.get("due_month") is None:
        return None
    return props.get("due_year"), props["due_month"], props.get("due_day") or 31


def tasks_due_by(store: GraphStore, month: int, year: int | None = None, day: int | None = None) -> list[TaskRow]:
    """Return tasks due by the end of `month` (or by `day`). Without `year`, deadlines compare by
    month alone; with it, deadlines whose year is unknown still compare by month."""
    limit = (month, day or 31)
    out = []
    for task in all_tasks(store):
        key = _due_key(task)
        if key is None:
            continue
        task_year, task_month, task_day = key
        if year is not None and task_year is not None:
            if (task_year, task_month, task_day) <= (year, *limit):
                out.append(task)
        elif (task_month, task_day) <= limit:
            out.append(task)
    return out


def is_overdue(task: TaskRow, today: date) -> bool:
    """True when the task's dated deadline (year known) is before `today`."""
    key = _due_key(task)
    if key is None or key[0] is None or task.props.get("deadline_kind") != "by":
        return False
    return _last_day(key) < today


def is_due_soon(task: TaskRow, today: date, days: int) -> bool:
    key = _due_key(task)
    if key is None or key[0] is None:
        return False
    remaining = (_last_day(key) - today).days
    return 0 <= remaining <= days


def _last_day(key: tuple[int | None, int, int]) -> date:
    year, month, day = key
    assert year is not None
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last = (next_month - date.resolution).day
    return date(year, month, min(day, last))


def overdue_tasks(store: GraphStore, as_of: date) -> list[TaskRow]:
    """Return tasks whose dated deadline passed before `as_of`."""
    return [t for t in all_tasks(store) if is_overdue(t, as_of)]


def unowned_tasks(store: GraphStore) -> list[TaskRow]:
    """Return tasks no unit is responsible for (often cut off before their marker)."""
    return [t for t in all_tasks(store) if not t.assignments]


def search_tasks(store: GraphStore, text: str) -> list[TaskRow]:
    """Return tasks whose title or text contains `text` (full/half width alike)."""
    needle = normalize_name(text)
    return [t for t in all_tasks(store) if needle in normalize_name(str(t.props.get("text", "")))]


def all_tasks(store: GraphStore) -> list[TaskRow]:
    return _sorted(store.task_rows(store.all_task_ids()))


def _sorted(rows: list[TaskRow]) -> list[TaskRow]:
    return sorted(rows, key=lambda t: (t.props.get("doc", ""), t.props.get("span", [0])[0]))


# -- which agency is meant ---------------------------------------------------------------------------

def find_agencies(store: GraphStore, query: str, registry: Registry | None = None) -> list[Node]:
    """Return the agencies `query` means: a canonical name or id, a short form (省财政厅, 财政厅),
    or English ("finance department"). Several results mean the query is ambiguous."""
    registry = registry or default_registry()
    agencies = [n for label in AGENCY_LABELS for n in store.nodes(label)]
    name = normalize_name(query)
    exact = [n for n in agencies if n.id == query or n.props.get("key") == name]
    if exact:
        return exact
    if re.search(r"[A-Za-z]", query) and not re.search(r"[\u4e00-\u9fff]", query):
        keys = registry.english_matches(query)
        return [n for n in agencies if n.props.get("department") in keys]
    return _by_chinese_short_form(agencies, name, registry)


def _by_chinese_short_form(agencies: list[Node], name: str, registry: Registry) -> list[Node]:
    level = next((lv for p, lv in _LEVEL_OF_PREFIX.items() if name.startswith(p)), None)
    bare = name[1:] if level else name
    guess = registry.resolve(name, Jurisdiction(None, scope="query"))
    found = []
    for node in agencies:
        props = node.props
        if level and props.get("level") not in (level, None):
            continue
        same_department = guess.department is not None and props.get("department") == guess.department
        if same_department or str(props.get("key", "")).endswith(bare):
            found.append(node)
    return found


def resolve_agency(store: GraphStore, query: str, registry: Registry | None = None) -> Node:
    """Return the one agency `query` means; raise Ambiguous (with candidates) or NotFound (with
    suggestions from fuzzy matching)."""
    found = find_agencies(store, query, registry)
    if len(found) == 1:
        return found[0]
    if found:
        names = sorted(str(n.props.get("name")) for n in found)
        raise Ambiguous(f"{query!r} matches {len(found)} agencies: {', '.join(names)}", names)
    agencies = [n for label in AGENCY_LABELS for n in store.nodes(label)]
    choices = {n.id: str(n.props.get("name", "")) for n in agencies}
    close = process.extract(normalize_name(query), choices, scorer=fuzz.WRatio, limit=5, score_cutoff=60)
    suggestions = [name for name, _, _ in close]
    raise NotFound(f"no agency matches {query!r}", suggestions)
