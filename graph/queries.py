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
from graph.registry import Registry, default_registry, normalize_name, place_english
from graph.store import GraphStore, TaskRow

AGENCY_LABELS = ("Agency", "AgencyGroup")
_LEVEL_OF_PREFIX = {"省": "provincial", "市": "city", "县": "county", "区": "county"}


# -- tasks of things ---------------------------------------------------------------------------------

def agency_tasks(store: GraphStore, agency_id: str, role: str | None = None) -> list[TaskRow]:
    """Return the tasks an agency is assigned to (`role`: lead or co), in document order."""
    return rows_of(store, store.linked_task_ids(agency_id, role))


def rows_of(store: GraphStore, task_ids: list[str], limit: int | None = None, offset: int = 0) -> list[TaskRow]:
    """Return the rows of `task_ids` in document order — only the page asked for is read."""
    ordered = sorted(task_ids, key=task_order)
    return store.task_rows(ordered[offset:offset + limit] if limit is not None else ordered[offset:])


def task_order(task_id: str) -> tuple[str, tuple[int, ...]]:
    """Document order from a task id alone: its document, then its outline numbers (1.2 < 1.10);
    unnumbered paragraphs (-l) before the outline (-t) before table rows (-r)."""
    doc, _, rest = task_id.rpartition("-")
    kind = {"l": 0, "t": 1, "r": 2}.get(rest[:1], 3)
    numbers = tuple(int(n) for n in rest[1:].split(".") if n.isdigit())
    return doc, (kind, *numbers)


def tasks_of(store: GraphStore, node_id: str) -> list[TaskRow]:
    """Return the tasks joined to a region, platform, problem, policy document or document."""
    return rows_of(store, store.linked_task_ids(node_id))


def shared_tasks(store: GraphStore, agency_ids: list[str]) -> list[TaskRow]:
    """Return the tasks every one of `agency_ids` is assigned to."""
    if not agency_ids:
        return []
    common = set(store.linked_task_ids(agency_ids[0], None))
    for agency_id in agency_ids[1:]:
        common &= set(store.linked_task_ids(agency_id, None))
    return rows_of(store, list(common))


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
    return rows_of(store, store.task_ids_due_by(month, year, day))


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
    return rows_of(store, store.all_task_ids())


# -- which agency is meant ---------------------------------------------------------------------------

def all_agencies(store: GraphStore) -> list[Node]:
    """Return every Agency and AgencyGroup node."""
    return [n for label in AGENCY_LABELS for n in store.nodes(label)]


def find_agencies(store: GraphStore, query: str, registry: Registry | None = None) -> list[Node]:
    """Return the agencies `query` means: a canonical name or id, a short form (省财政厅, 财政厅),
    or English ("finance department"). Several results mean the query is ambiguous."""
    return _matching(all_agencies(store), query, registry or default_registry())


def _matching(agencies: list[Node], query: str, registry: Registry) -> list[Node]:
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
    registry = registry or default_registry()
    agencies = all_agencies(store)  # read once: matching and typo scoring share it
    found = _matching(agencies, query, registry)
    if len(found) == 1:
        return found[0]
    if found:
        names = sorted(str(n.props.get("name")) for n in found)
        raise Ambiguous(f"{query!r} matches {len(found)} agencies: {', '.join(names)}", names)
    scored = _typo_scores(agencies, query, registry)
    if scored and scored[0][0] >= TYPO_SCORE and (len(scored) == 1 or scored[1][0] <= scored[0][0] - 10):
        return scored[0][1]  # one clear best: a small typo (省财政听 → 浙江省财政厅)
    suggestions = [str(node.props.get("name")) for score, node in scored[:5] if score >= 50]
    raise NotFound(f"no agency matches {query!r}", suggestions)


TYPO_SCORE = 75  # one wrong character in a four-character name


def _typo_scores(agencies: list[Node], query: str, registry: Registry) -> list[tuple[float, Node]]:
    """Return (best similarity of `query` to any typing form, agency), best first."""
    text = normalize_name(query).lower() if re.search(r"[\u4e00-\u9fff]", query) else query.lower().strip()
    scored = []
    for node in agencies:
        forms = registry.typing_forms(node.props)
        best = max((fuzz.ratio(text, f) for f in forms), default=0.0)
        scored.append((best, node))
    scored.sort(key=lambda s: -s[0])
    return scored


# -- filters and summaries for the API ---------------------------------------------------------------

@dataclass(frozen=True)
class TaskFilter:
    """Conditions on tasks; node filters are node ids, already resolved."""

    agency: str | None = None
    role: str | None = None
    region: str | None = None
    platform: str | None = None
    problem: str | None = None
    document: str | None = None
    due_before: date | None = None
    overdue_as_of: date | None = None
    unowned: bool | None = None
    q: str | None = None


def filter_tasks(store: GraphStore, where: TaskFilter) -> list[TaskRow]:
    """Return the tasks meeting every condition of `where`."""
    ids: set[str] | None = None
    for node_id, role in ((where.agency, where.role), (where.region, None), (where.platform, None),
                          (where.problem, None), (where.document, None)):
        if node_id is not None:
            linked = set(store.linked_task_ids(node_id, role))
            ids = linked if ids is None else ids & linked
    if where.due_before is not None:  # the deadline index narrows before any row is read
        by = where.due_before
        due_ids = set(store.task_ids_due_by(by.month, by.year, by.day))
        ids = due_ids if ids is None else ids & due_ids
    rows = rows_of(store, list(ids)) if ids is not None else all_tasks(store)
    needle = normalize_name(where.q) if where.q else None
    return [t for t in rows
            if (where.overdue_as_of is None or is_overdue(t, where.overdue_as_of))
            and (where.unowned is None or (not t.assignments) == where.unowned)
            and (needle is None or needle in normalize_name(str(t.props.get("text", ""))))]


def agency_summaries(store: GraphStore, today: date, soon_days: int = 30) -> list[dict[str, object]]:
    """Return every agency and group with its load: tasks led, co-responsible, due soon, overdue."""
    counts: dict[str, Counter[str]] = {}
    for task in all_tasks(store):
        overdue, soon = is_overdue(task, today), is_due_soon(task, today, soon_days)
        for a in task.assignments:
            c = counts.setdefault(a.target, Counter())
            c[a.role] += 1
            c["overdue"] += overdue
            c["due_soon"] += soon
    out = []
    for node in all_agencies(store):
        c = counts.get(node.id, Counter())
        out.append({"id": node.id, **{k: v for k, v in node.props.items() if k not in ("docs", "key")},
                    "tasks": c["lead"] + c["co"], "lead": c["lead"], "co": c["co"],
                    "due_soon": c["due_soon"], "overdue": c["overdue"]})
    return out


def find_node(store: GraphStore, label: str, name: str) -> Node:
    """Return the one node of `label` named `name` (id, name, short name); Ambiguous or NotFound
    (with suggestions) otherwise."""
    nodes = store.nodes(label)
    key = normalize_name(name).lower()
    found = [n for n in nodes if n.id == name or key in _node_names(n)]
    if len(found) == 1:
        return found[0]
    if found:
        names = sorted(_display(n) for n in found)
        raise Ambiguous(f"{name!r} matches {len(found)} {label} nodes: {', '.join(names)}", names)
    choices = {n.id: _display(n) for n in nodes}
    close = process.extract(key, choices, scorer=fuzz.WRatio, limit=5, score_cutoff=60)
    raise NotFound(f"no {label.lower()} matches {name!r}", [c[0] for c in close])


def _node_names(node: Node) -> set[str]:
    """The names a node answers to: its own, its short name, and the pinyin of a place (Hangzhou)."""
    names = {normalize_name(str(node.props.get(f, ""))).lower() for f in ("name", "short", "title", "text", "key")}
    if node.label == "Region":
        names.add(place_english(str(node.props.get("name", ""))).lower())
    return names - {""}


def _display(node: Node) -> str:
    return str(node.props.get("name") or node.props.get("title") or node.props.get("text") or node.id)
