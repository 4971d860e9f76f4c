"""Questions the graph answers, written once above the GraphStore protocol so both stores give
the same answers: an agency's tasks and load, shared tasks, coordination, due dates, unowned
tasks, text search, the load ranking, and resolving the agency (or place, platform, problem,
document) a person means. The stores' engines do the counting and paging; this module decides
what to ask them and in which order."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from graph import dates
from graph.cache import cached
from graph.compare import normalize_name
from graph.errors import Ambiguous, NotFound
from graph.facts import Node

if TYPE_CHECKING:
    from graph.registry.agencies import Registry

from graph.store import (
    AgencyFilter,
    AgencyMatch,
    AgencyPage,
    AgencySort,
    DueWindow,
    GraphStore,
    TaskFilter,
    TaskPage,
    TaskRow,
)

__all__ = ["AgencyFilter", "DueWindow", "TaskFilter", "TaskPage"]  # the filters callers build come from here too

AGENCY_LABELS = ("Agency", "AgencyGroup")
SOON_DAYS = 30
_LEVEL_OF_PREFIX = {"省": "provincial", "市": "city", "县": "county", "区": "county"}
_FILTER_OF_LABEL: dict[str, Callable[[str], TaskFilter]] = {
    "Agency": lambda i: TaskFilter(agency=i), "AgencyGroup": lambda i: TaskFilter(agency=i),
    "Region": lambda i: TaskFilter(region=i), "Platform": lambda i: TaskFilter(platform=i),
    "Problem": lambda i: TaskFilter(problem=i), "Document": lambda i: TaskFilter(document=i),
    "PolicyDocument": lambda i: TaskFilter(policy=i), "Person": lambda i: TaskFilter(leader=i),
}
_SUGGEST_LABELS = ("Region", "Platform", "PolicyDocument")  # small vocabularies: fuzzy suggestions on a miss


# -- tasks of things ---------------------------------------------------------------------------------
# The lists below are every matching task as a full row (provenance, mentions): the CLI and
# tests use them. The API pages with task_page.

def task_page(store: GraphStore, where: TaskFilter, limit: int | None = None, offset: int = 0,
              full: bool = False) -> TaskPage:
    """Return the tasks meeting `where`: their total and the page asked for, in document order."""
    return store.tasks(where, limit, offset, full)


def agency_tasks(store: GraphStore, agency_id: str, role: str | None = None, full: bool = True) -> list[TaskRow]:
    """Return the tasks an agency is assigned to (`role`: lead or co), in document order."""
    return store.tasks(TaskFilter(agency=agency_id, role=role), None, 0, full).rows


def filter_of(node: Node) -> TaskFilter:
    """Return the filter selecting the tasks joined to a node (agency, place, platform, problem, document)."""
    make = _FILTER_OF_LABEL.get(node.label)
    if make is None:
        raise NotFound(f"{node.id!r} is a {node.label}, which has no tasks")
    return make(node.id)


def tasks_of(store: GraphStore, node: Node | str, full: bool = True) -> list[TaskRow]:
    """Return the tasks joined to a region, platform, problem, policy document or document."""
    found = store.node(node) if isinstance(node, str) else node
    if found is None:
        raise NotFound(f"no node with id {node!r}")
    return store.tasks(filter_of(found), None, 0, full).rows


def shared_tasks(store: GraphStore, agency_ids: list[str]) -> list[TaskRow]:
    """Return the tasks every one of `agency_ids` is assigned to."""
    if not agency_ids:
        return []
    return store.tasks(TaskFilter(shared=tuple(agency_ids)), None, 0, full=True).rows


def tasks_due(store: GraphStore, window: DueWindow) -> list[TaskRow]:
    """Return the tasks whose deadline falls in `window` (deadlines whose year is unknown never do:
    year_unknown_of names them)."""
    return store.tasks(TaskFilter(due=window), None, 0, full=True).rows


def year_unknown_in_month(store: GraphStore, month: int, by: bool = False) -> list[TaskRow]:
    """Return the tasks whose deadline falls in `month` (or, `by`, in any month up to it) of a year
    the document does not give: named apart beside a month's answer, never placed in a year."""
    months = (1 if by else month, month)
    return store.tasks(TaskFilter(year_unknown_months=months), None, 0, full=True).rows


def overdue_tasks(store: GraphStore, as_of: date) -> list[TaskRow]:
    """Return the tasks overdue as of `as_of`: a dated deadline before it, and not done as of that
    day (graph.ledger.terms)."""
    return store.tasks(TaskFilter(overdue_as_of=as_of), None, 0, full=True).rows


def unowned_tasks(store: GraphStore) -> list[TaskRow]:
    """Return tasks no unit is responsible for (often cut off before their marker)."""
    return store.tasks(TaskFilter(unowned=True), None, 0, full=True).rows


def search_tasks(store: GraphStore, text: str) -> list[TaskRow]:
    """Return tasks whose text contains `text` (full/half width alike)."""
    return store.tasks(TaskFilter(q=text), None, 0, full=True).rows


def all_tasks(store: GraphStore) -> list[TaskRow]:
    """Return every task (exports: their size is the graph's)."""
    return store.tasks(TaskFilter(), None).rows


@dataclass(frozen=True)
class Coordination:
    task: TaskRow
    leads: list[str]
    co: list[str]
    groups: list[str]  # collective units (各市、县(市、区) …)


def task_coordination(store: GraphStore, task_id: str) -> Coordination:
    """Return who must work together on one task: its leads, co-responsible agencies and groups."""
    task = store.task(task_id)
    if task is None:
        raise NotFound(f"no task with id {task_id!r}")
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


def agency_load(store: GraphStore, agency_id: str, today: date | None = None, soon_days: int = SOON_DAYS) -> AgencyLoad:
    """Return an agency's cross-task load: counts by role, deadline month, list, problem and
    document, and the agencies it shares most tasks with."""
    node = store.node(agency_id)
    if node is None or node.label not in AGENCY_LABELS:
        raise NotFound(f"no agency with id {agency_id!r}")
    facts = store.agency_load(agency_id, today or date.today(), soon_days)
    return AgencyLoad(node, facts.total, facts.by_role, facts.by_month, facts.by_list, facts.by_problem,
                      facts.by_document, facts.co_agencies, facts.overdue, facts.due_soon)


def predecessors(store: GraphStore, agency: Node) -> list[Node]:
    """Return the units a reform made `agency` from that the store holds (by department and place,
    whatever spelling of the place a document used), so its load can be read with theirs."""
    found: dict[str, Node] = {}
    for ref in agency.props.get("predecessor_refs") or []:
        department, _, code = str(ref).partition("@")
        if code:
            matches = store.agencies_matching(AgencyMatch(departments=(department,)))
            found.update((n.id, n) for n in matches if n.props.get("jurisdiction_code") == code)
        else:
            found.update((n.id, n) for n in find_agencies(store, department, _registry()))
    return sorted(found.values(), key=lambda n: str(n.props.get("name")))


def load_together(store: GraphStore, units: list[Node], today: date) -> dict[str, int]:
    """Return how many tasks any of `units` has, and how many of those are overdue, each task once."""
    ids = tuple(n.id for n in units)
    return {"total": store.tasks(TaskFilter(any_agency=ids), 0).total,
            "overdue": store.tasks(TaskFilter(any_agency=ids, overdue_as_of=today), 0).total}


def agency_summaries(store: GraphStore, today: date, where: AgencyFilter | None = None, sort: AgencySort = "load",
                     limit: int | None = None, offset: int = 0, soon_days: int = SOON_DAYS) -> AgencyPage:
    """Return agencies and groups with their load (tasks led, co-responsible, due soon, overdue),
    ranked by `sort` and paged."""
    return store.agency_ranking(where or AgencyFilter(), sort, today, soon_days, limit, offset)


def deadline_month(task: TaskRow) -> str:
    """Return the month a task falls due in, as YYYY-MM, ????-MM (year unknown), ongoing or none."""
    return dates.month_key(task.props)


# -- which agency is meant ---------------------------------------------------------------------------

def find_agencies(store: GraphStore, query: str, registry: Registry | None = None) -> list[Node]:
    """Return the agencies `query` means: a canonical name or id, a short form (省财政厅, 财政厅),
    or English ("finance department"). Several results mean the query is ambiguous."""
    name = normalize_name(query)
    exact = store.agencies_matching(AgencyMatch(ident=query, key=name))
    if exact:
        return exact
    from graph.registry.jurisdiction import Jurisdiction  # the vocabulary is loaded only when a name is not exact

    registry = registry or _registry()
    if re.search(r"[A-Za-z]", query) and not re.search(r"[\u4e00-\u9fff]", query):
        keys = registry.english_matches(query)
        return store.agencies_matching(AgencyMatch(departments=tuple(sorted(keys)))) if keys else []
    level = next((lv for p, lv in _LEVEL_OF_PREFIX.items() if name.startswith(p)), None)
    guess = registry.resolve(name, Jurisdiction(None, scope="query"))
    if guess.jurisdiction:  # a place written out (宁波市发展改革委): its canonical name is exact
        placed = store.agencies_matching(AgencyMatch(key=normalize_name(guess.name)))
        if placed:
            return placed
    found = store.agencies_matching(AgencyMatch(suffix=name[1:] if level else name, department=guess.department,
                                                level=level))
    stem = registry.stem_of(name[1:] if level else name)
    narrowed = [n for n in found if stem and str(n.props.get("name", "")).endswith(stem)]
    return narrowed or found  # 市自然资源规划局: the 自然资源和规划局, not every natural-resources unit


def resolve_agency(store: GraphStore, query: str, registry: Registry | None = None, partial: bool = True) -> Node:
    """Return the one agency `query` means; raise Ambiguous (with candidates) or NotFound (with
    suggestions from fuzzy matching over the agency names, read once per store version). With
    `partial`, a part of a name or a kind of unit (财政, 财政部门) finds the agencies holding it."""
    registry = registry or _registry()
    found = agency_candidates(store, query, registry, partial)
    if len(found) == 1:
        return found[0]
    if found:
        names = sorted(str(n.props.get("name")) for n in found)
        shown = ", ".join(names[:_NAMED]) + (f" … and {len(names) - _NAMED} more" if len(names) > _NAMED else "")
        raise Ambiguous(f"{query!r} matches {len(found)} agencies: {shown}; name one of them", names[:MAX_CANDIDATES])
    scored = _typo_scores(store, query, registry)
    if scored and scored[0][0] >= TYPO_SCORE and (len(scored) == 1 or scored[1][0] <= scored[0][0] - 10):
        return scored[0][1]  # one clear best: a small typo (省财政听 → 浙江省财政厅)
    suggestions = [str(node.props.get("name")) for score, node in scored[:5] if score >= 50]
    raise NotFound(f"no agency matches {query!r}", suggestions)


def agency_candidates(store: GraphStore, query: str, registry: Registry | None = None,
                      partial: bool = True) -> list[Node]:
    """Return every agency `query` names: by name, alias or kind, then (with `partial`) by a part of
    a name. One is the answer; several are candidates a caller names or answers for each."""
    registry = registry or _registry()
    return find_agencies(store, query, registry) or (partial_matches(store, query, registry) if partial else [])


TYPO_SCORE = 75  # one wrong character in a four-character name
MAX_CANDIDATES = 200  # 科技 over every county of a province: the answer stays a list a person can read
_NAMED = 20  # candidates named in the message itself
_CJK = re.compile(r"[\u4e00-\u9fff]")


def partial_matches(store: GraphStore, query: str, registry: Registry) -> list[Node]:
    """Return the agencies a part of a name or a kind of unit means, by name: every agency of the
    line of work (财政, 财政部门 → every finance department) and every agency whose name holds the
    text (科技 → 浙江省科学技术厅 … and 杭州市科技局). Several are candidates, never "no match"."""
    department = registry.department_of_kind(query)
    found = {n.id: n for n in store.agencies_matching(AgencyMatch(departments=(department,)))} if department else {}
    text = normalize_name(query)
    if len(text) >= 2 and _CJK.search(text):  # one character (局, 厅) would match nearly everything
        for node in cached(store, "agency list", store.agency_list):
            if text in str(node.props.get("name", "")):
                found.setdefault(node.id, node)
    return sorted(found.values(), key=lambda n: (str(n.props.get("name")), n.id))


def agency_filter(level: str | None = None, jurisdiction: str | None = None, kind: str | None = None,
                  registry: Registry | None = None) -> AgencyFilter:
    """Return the filter for a listing of agencies. `kind` is the registry's kind (regulator,
    government department …) or a line of work in any jurisdiction: finance, 财政部门, finance department."""
    if kind is None:
        return AgencyFilter(level, jurisdiction)
    registry = registry or _registry()
    if registry.kind_named(kind) is not None:
        return AgencyFilter(level, jurisdiction, kind=registry.kind_named(kind))
    department = registry.department_of_kind(kind)
    if department is not None:
        return AgencyFilter(level, jurisdiction, department=department)
    choices = sorted(registry.kinds) + [d.key for d in registry.departments]
    close = [c[0] for c in process.extract(kind, choices, scorer=fuzz.WRatio, limit=5, score_cutoff=60)]
    raise NotFound(f"no kind of agency {kind!r}: give a kind ({', '.join(sorted(registry.kinds))}) "
                   "or a line of work (finance, 财政部门, finance department)", close)


def _registry() -> Registry:
    from graph.registry.agencies import default_registry

    return default_registry()


def _typo_scores(store: GraphStore, query: str, registry: Registry) -> list[tuple[float, Node]]:
    """Return (best similarity of `query` to any typing form, agency), best first."""
    text = normalize_name(query).lower() if re.search(r"[\u4e00-\u9fff]", query) else query.lower().strip()
    forms = cached(store, "typing forms", lambda: [(registry.typing_forms(n.props), n) for n in store.agency_list()])
    scored = [(max((fuzz.ratio(text, f) for f in typed), default=0.0), node) for typed, node in forms]
    scored.sort(key=lambda s: -s[0])
    return scored


def find_node(store: GraphStore, label: str, name: str) -> Node:
    """Return the one node of `label` named `name` (id, name, short name); Ambiguous or NotFound
    (with suggestions, for places and platforms) otherwise."""
    by_id = store.node(name)
    if by_id is not None and by_id.label == label:
        return by_id
    found = store.nodes_named(label, name, normalize_name(name).lower())
    if len(found) == 1:
        return found[0]
    if found:
        names = sorted(_display(n) for n in found)
        raise Ambiguous(f"{name!r} matches {len(found)} {label} nodes: {', '.join(names)}", names)
    suggestions: list[str] = []
    if label in _SUGGEST_LABELS:
        choices = dict(cached(store, "names " + label, lambda: store.names_of(label)))
        close = process.extract(normalize_name(name).lower(), choices, scorer=fuzz.WRatio, limit=5, score_cutoff=60)
        suggestions = [c[0] for c in close]
    raise NotFound(f"no {label.lower()} matches {name!r}", suggestions)


def _display(node: Node) -> str:
    return str(node.props.get("name") or node.props.get("title") or node.props.get("text") or node.id)
