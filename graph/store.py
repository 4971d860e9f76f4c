"""The one GraphStore protocol both stores implement: writes by document, and reads at the level
of the questions the API asks (an agency's tasks, the load ranking, shared tasks, …), each
answered by the engine in one statement or a fixed few. The filters and rows those reads take and
give are here too; how a question is put together from them lives above, in graph.queries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, NamedTuple, Protocol

from graph.facts import DocumentFacts, Edge, Node
from graph.ledger import records
from graph.lineage.records import DocLink, LinkFilter, LinkOverride, TaskLink

Progress = Callable[[str], None]
AgencySort = Literal["load", "lead", "overdue", "name"]


# -- rows ---------------------------------------------------------------------------------------------

class AssignmentRow(NamedTuple):  # a tuple: a page builds hundreds of them
    target: str  # Agency or AgencyGroup node id
    label: str  # Agency | AgencyGroup
    name: str  # canonical name
    role: str  # lead | co
    order: int
    written: str  # the name as the document writes it (prefix/suffix restored)
    doc: str
    span: list[int] | None = None  # full rows only
    evidence: str = ""  # full rows only
    correction: str | None = None  # full rows only: the correction that added or changed it (graph.ledger.corrections)


class MentionRow(NamedTuple):
    target: str
    type: str  # CONCERNS | REFERS_TO
    label: str  # Region | Platform | PolicyDocument
    name: str


@dataclass(frozen=True)
class TaskRow:
    """A task as lists show it; full rows (`full=True`) add text, spans, evidence and mentions."""

    id: str
    props: dict[str, Any]
    assignments: tuple[AssignmentRow, ...] = ()
    mentions: tuple[MentionRow, ...] = ()
    problem_text: str | None = None
    document_title: str | None = field(default=None)
    leaders: tuple[tuple[str, str], ...] = ()  # (Person id, name) of who oversees it, in name order

    @property
    def leads(self) -> list[AssignmentRow]:
        return [a for a in self.assignments if a.role == "lead"]


@dataclass(frozen=True)
class TaskPage:
    total: int  # every task meeting the filter
    rows: list[TaskRow]  # the page asked for, in document order


@dataclass(frozen=True)
class NodePage:
    total: int
    nodes: list[Node]


@dataclass(frozen=True)
class AgencyRank:
    node: Node
    lead: int
    co: int
    due_soon: int
    overdue: int

    @property
    def tasks(self) -> int:
        return self.lead + self.co


@dataclass(frozen=True)
class AgencyPage:
    total: int
    rows: list[AgencyRank]


@dataclass(frozen=True)
class LoadFacts:
    """An agency's load, counted by the engine over the agency's tasks."""

    total: int
    by_role: dict[str, int]
    by_month: dict[str, int]
    by_list: dict[str, int]
    by_problem: dict[str, int]
    by_document: dict[str, int]
    co_agencies: list[tuple[str, str, int]]  # (id, name, shared tasks), most shared first
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class Pair:
    """Two agencies and the number of tasks they share."""

    a: str
    b: str
    shared: int


@dataclass(frozen=True)
class AgencyWeight:
    id: str
    label: str
    name: str
    load: int  # assignments on the tasks considered


@dataclass(frozen=True)
class CoordinationData:
    tasks: int  # tasks meeting the filter
    agencies: list[AgencyWeight]  # the busiest `top`, busiest first
    pairs: list[Pair]  # agencies (not groups) among them that share tasks


@dataclass(frozen=True)
class HubLink:
    """Aggregated whole-graph view: how many of an agency's tasks hang off one problem or document."""

    agency: str
    hub: str
    hub_label: str  # Problem | Document
    hub_name: str
    tasks: int


# -- filters ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DueWindow:
    """Deadlines falling on a day from `start` to `end`, both included (no start: any day up to
    `end`). Only deadlines whose year is known are compared: one whose year is unknown is never
    placed in a window by its month (graph.ledger.terms, `year unknown`), and is named apart."""

    end: date
    start: date | None = None

    @property
    def keys(self) -> tuple[int | None, int]:
        """Return (start, end) as the YYYYMMDD keys the stores index deadlines by."""
        def key(day: date) -> int:
            return day.year * 10000 + day.month * 100 + day.day

        return (key(self.start) if self.start else None), key(self.end)


@dataclass(frozen=True)
class TaskFilter:
    """Conditions on tasks, all of which must hold; node filters are node ids, already resolved."""

    agency: str | None = None
    role: str | None = None  # with agency: lead | co
    shared: tuple[str, ...] = ()  # every one of these agencies is assigned
    any_agency: tuple[str, ...] = ()  # any of these agencies is assigned (a unit and its predecessors)
    region: str | None = None
    platform: str | None = None
    problem: str | None = None
    document: str | None = None
    policy: str | None = None
    leader: str | None = None  # a Person who oversees the task
    due: DueWindow | None = None
    overdue_as_of: date | None = None
    unowned: bool | None = None
    q: str | None = None  # text the task contains
    # True: only tasks dated by month whose year is unknown; False: none of them (a dated question
    # names those apart instead of comparing them by month in the year it asks about)
    year_unknown: bool | None = None
    # only tasks whose deadline falls in these months (from, to) of a year nobody knows (年6月底前):
    # named apart beside a month's answer, never placed in the year asked about
    year_unknown_months: tuple[int, int] | None = None

    @property
    def needle(self) -> str | None:
        """The search text in the form task text is stored for search (NFKC, no spaces)."""
        from graph.compare import normalize_name

        return normalize_name(self.q) if self.q else None


@dataclass(frozen=True)
class AgencyFilter:
    level: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None  # the registry's kind: government department, regulator …
    department: str | None = None  # a line of work across jurisdictions: finance (every 财政厅/财政局)


@dataclass(frozen=True)
class AgencyMatch:
    """One way of naming an agency, tried by graph.queries in turn (see resolve_agency)."""

    ident: str | None = None  # an id, or …
    key: str | None = None  # … a canonical name in compared form
    departments: tuple[str, ...] = ()  # vocabulary keys an English phrase means
    suffix: str | None = None  # a short form: the key ends with it, …
    department: str | None = None  # … or the agency is this department, …
    level: str | None = None  # … at this level (or level unknown)


@dataclass(frozen=True)
class CoordinationFilter:
    document: str | None = None
    jurisdiction: str | None = None  # a task counts when one of its units' names contains this
    due_from: tuple[int, int] | None = None  # (year, month); deadlines whose year is unknown pass
    due_to: tuple[int, int] | None = None
    agency: str | None = None  # only the tasks of this agency (its ego network)


def report(progress: Progress | None, message: str) -> None:
    """Tell `progress` (when given) that a step of a write is done."""
    if progress is not None:
        progress(message)


def dedupe_mentions(mentions: list[MentionRow]) -> tuple[MentionRow, ...]:
    """Return mentions with one row per (target, type), first kept."""
    seen: dict[tuple[str, str], MentionRow] = {}
    for m in mentions:
        seen.setdefault((m.target, m.type), m)
    return tuple(seen.values())


def load_facts(dims: dict[str, dict[str, int]], partners: list[tuple[str, str, int]]) -> LoadFacts:
    """Return an agency's load from counts per dimension (as both stores' engines give them)."""
    roles = dims.get("role", {})
    return LoadFacts(
        total=sum(roles.values()), by_role={"lead": roles.get("lead", 0), "co": roles.get("co", 0)},
        by_month=dims.get("month", {}), by_list=dims.get("list", {}), by_problem=dims.get("problem", {}),
        by_document=dims.get("document", {}), co_agencies=sorted(partners, key=lambda p: (-p[2], p[1])),
        overdue=sum(dims.get("overdue", {}).values()), due_soon=sum(dims.get("due_soon", {}).values()))


class GraphStore(Protocol):
    """Holds the graph and answers its questions; queries above it are written once against these."""

    kind: str
    cache_key: str  # names the data this store reaches (file or server), for caches kept per version

    # -- writes: a document whole, or not at all ---------------------------------------------------

    def write_document(self, facts: DocumentFacts, progress: Progress | None = None) -> None:
        """Replace the document's facts with `facts`, whole or not at all."""

    def write_documents(self, batch: list[DocumentFacts], progress: Progress | None = None) -> None:
        """Write several documents as one unit: all of them or none (bulk loads)."""

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document's facts and every node no other document mentions; False when
        `doc_id` is not a loaded document (whatever else it may name)."""

    def document_hash(self, doc_id: str) -> str | None:
        """Return the content hash of the loaded document, or None."""

    # -- nodes -------------------------------------------------------------------------------------

    def node(self, node_id: str) -> Node | None:
        """Return one node, or None."""

    def nodes(self, label: str) -> list[Node]:
        """Return every node with `label`, in id order (exports and small vocabularies)."""

    def node_page(self, label: str, limit: int | None, offset: int = 0, document: str | None = None) -> NodePage:
        """Return one page of the nodes with `label` (those `document` contains, when given), in id order."""

    def nodes_named(self, label: str, ident: str, name: str) -> list[Node]:
        """Return the nodes of `label` whose id is `ident` or that answer to `name` (compared form,
        lower case: a name, short name, title, text or, for regions, pinyin)."""

    def names_of(self, label: str) -> list[tuple[str, str]]:
        """Return (id, display name) of every node with `label` (fuzzy suggestions on a miss)."""

    # -- agencies ----------------------------------------------------------------------------------

    def agencies_matching(self, match: AgencyMatch) -> list[Node]:
        """Return the agencies and groups `match` describes."""

    def agency_list(self) -> list[Node]:
        """Return every agency and group (typo scoring; callers cache it per version)."""

    def agency_ranking(self, where: AgencyFilter, sort: AgencySort, today: date, soon_days: int,
                       limit: int | None, offset: int = 0) -> AgencyPage:
        """Return agencies and groups meeting `where` with their load, ranked by `sort` (then name)."""

    def agency_load(self, agency_id: str, today: date, soon_days: int) -> LoadFacts:
        """Return an agency's load across its tasks."""

    def agency_months(self, agency_ids: list[str]) -> dict[str, dict[str, int]]:
        """Return, per agency, its assignments per deadline month (see graph.dates.month_key)."""

    def co_agencies(self, agency_ids: list[str]) -> list[Pair]:
        """Return, for each of `agency_ids`, every other agency it shares tasks with (a = the given one)."""

    def coordination(self, where: CoordinationFilter, top: int) -> CoordinationData:
        """Return the busiest `top` units on the tasks meeting `where` and the tasks agencies among them share."""

    def hub_links(self, agency_ids: list[str]) -> list[HubLink]:
        """Return, for each agency, how many of its tasks hang off each problem (or document)."""

    # -- tasks -------------------------------------------------------------------------------------

    def tasks(self, where: TaskFilter, limit: int | None, offset: int = 0, full: bool = False) -> TaskPage:
        """Return the tasks meeting `where`: their total, and one page of rows in document order."""

    def task(self, task_id: str) -> TaskRow | None:
        """Return one task's full row, or None."""

    def platform_ranking(self, limit: int | None, offset: int = 0) -> tuple[int, list[tuple[Node, int]]]:
        """Return the number of platforms and a page of them with their task counts, most first."""

    # -- the ledger: kept apart from the parsed facts; each write is durable before it returns ----

    def document_facts(self, doc_id: str) -> DocumentFacts | None:
        """Return a loaded document's facts as stored (corrections included), or None."""

    def existing_tasks(self, task_ids: Sequence[str]) -> set[str]:
        """Return those of `task_ids` that are tasks in the graph now."""

    def add_progress(self, entries: Sequence[records.Progress]) -> None:
        """Record progress reports, each with its audit line: all of them or none."""

    def progress_history(self, task_id: str) -> list[records.Progress]:
        """Return every progress report on a task, oldest first (by day reported, then recorded)."""

    def latest_progress(self, task_ids: Sequence[str], as_of: date | None = None) -> dict[str, records.Progress]:
        """Return the latest progress report of each of `task_ids` that has one (of those reported on or
        before `as_of`, when given: graph.ledger.terms)."""

    def audit(self, where: records.AuditFilter, limit: int | None,
              offset: int = 0) -> tuple[int, list[records.AuditEntry]]:
        """Return how many audit lines meet `where` and one page of them, oldest first."""

    def add_corrections(self, corrections: Sequence[records.Correction]) -> None:
        """Record corrections, each with its audit line, all or none (the store numbers them: `seq`)."""

    def corrections(self, doc: str | None = None, task: str | None = None,
                    state: str | None = None) -> list[records.Correction]:
        """Return the corrections meeting the conditions given, in the order they were made."""

    def set_correction_states(self, states: dict[str, tuple[str, str]]) -> None:
        """Set (state, why) of corrections by id: orphaned when their task is gone, active again when back."""

    # -- lineage (graph.lineage): links between documents and between tasks, written after the
    # documents they join; a task link goes with the task (a reload keeps the links of the tasks it
    # keeps), a document link with the document

    def write_lineage(self, doc_id: str, doc_links: Sequence[DocLink], task_links: Sequence[TaskLink]) -> None:
        """Replace every link touching document `doc_id` (and its tasks) with these, whole or not at all."""

    def doc_links(self, doc_id: str | None = None) -> list[DocLink]:
        """Return the links between documents: those touching `doc_id` when given, else every one."""

    def task_links(self, where: LinkFilter) -> list[TaskLink]:
        """Return the task links meeting `where`, by source task, then target."""

    def task_descent(self, task_id: str, depth: int) -> list[TaskLink]:
        """Return every parent → child link below `task_id`, `depth` levels down, in one statement."""

    def tasks_by_id(self, task_ids: Sequence[str]) -> list[TaskRow]:
        """Return the brief rows of the tasks among `task_ids` that exist, in document order."""

    def add_link_override(self, override: LinkOverride) -> None:
        """Record a document link made or undone by hand, with its audit line."""

    def link_overrides(self) -> list[LinkOverride]:
        """Return every link made or undone by hand, oldest first."""

    # -- the whole ---------------------------------------------------------------------------------

    def edges(self) -> list[Edge]:
        """Return every edge (exports)."""

    def counts(self) -> dict[str, int]:
        """Return the number of nodes per label and of edges (key 'edges')."""

    def version(self) -> int:
        """Return a number that changes whenever any process commits a write (cache keys)."""

    def ping(self) -> None:
        """Return when the store answers; raise StoreUnavailable otherwise."""

    def close(self) -> None:
        """Release connections and files."""
