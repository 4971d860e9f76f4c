"""Questions in Chinese or English, read by rules into a structured query and answered from the
graph. The rules are data (graph/data/questions.yaml). A question no rule reads gets None — never
a guess. The reading travels with the answer so a person can check it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from graph import queries
from graph.compare import normalize_name
from graph.errors import NotFound
from graph.facts import Node
from graph.ledger.lights import year_unknown_of
from graph.lineage.questions import INTENTS as LINEAGE_INTENTS
from graph.lineage.questions import LineageReading, answer_lineage, read_lineage_question
from graph.store import DueBy, GraphStore, TaskFilter
from loaders.outline.structure import cn_to_int

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_ORG_END = "厅局委办部行会府院署室处队站所"
_FRAGMENT = re.compile(r"\{([A-Z_]+)\}")
_NEEDS_SUBJECTS = ("tasks_of", "shared_tasks", "load", "co_agencies", "count")


@dataclass(frozen=True)
class Reading:
    """What a question was read as."""

    intent: str  # tasks_of | shared_tasks | due_by | unowned | overdue | load | co_agencies | count | search
    #              | agencies_of_kind | undecomposed | leads_by_place (graph.lineage.questions)
    subjects: tuple[str, ...] = ()
    role: str | None = None
    month: int | None = None
    year: int | None = None
    text: str | None = None
    level: str | None = None  # leads_by_place: the level of the plan whose task is asked about …
    number: int | None = None  # … and the task's number


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    intent: str
    role: str | None


@dataclass(frozen=True)
class Rules:
    zh: tuple[Rule, ...]
    en: tuple[Rule, ...]
    examples: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> Rules:
    """Return the reading rules of graph/data/questions.yaml, fragments put in, compiled once."""
    with resources.files("graph").joinpath("data", "questions.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    fragments: dict[str, str] = data["fragments"]

    def compiled(entries: list[list[str]]) -> tuple[Rule, ...]:
        expand = lambda pattern: _FRAGMENT.sub(lambda m: fragments[m[1]], pattern)  # noqa: E731
        return tuple(Rule(re.compile(expand(e[1])), e[0], e[2] if len(e) > 2 else None) for e in entries)

    return Rules(compiled(data["zh"]), compiled(data["en"]), tuple(data["examples"]))


def examples() -> list[str]:
    """Return questions to show a person whose question was not understood."""
    return list(rules().examples)


def read_question(question: str) -> Reading | None:
    """Return what `question` asks, or None when no rule reads it."""
    text = question.strip().rstrip("?？。.!！ ")
    if not text:
        return None
    lineage = read_lineage_question(text)  # tried first: its rules are narrow (分解, 第N项…各省由谁牵头)
    if lineage is not None:
        return Reading(lineage.intent, (lineage.place,) if lineage.place else (), level=lineage.level,
                       number=lineage.number)
    if re.match(r"[A-Za-z]", text):
        return _read(re.sub(r"\s+", " ", text.lower()), rules().en, english=True)
    return _read(normalize_name(text).rstrip("?"), rules().zh, english=False)


def _read(text: str, found_in: tuple[Rule, ...], english: bool) -> Reading | None:
    for rule in found_in:
        m = rule.pattern.search(text)
        if m is None:
            continue
        reading = _reading(rule, m.groupdict(), english)
        if reading is not None:
            return reading
    return None


def _reading(rule: Rule, groups: dict[str, str | None], english: bool) -> Reading | None:
    """Return the reading a matched rule gives, or None when its groups do not make sense (the
    next rule is tried)."""
    if rule.intent == "due_by":
        return _due_reading(groups)
    if rule.intent == "search":
        return Reading("search", text=str(groups["t"]).strip())
    if rule.intent == "agencies_of_kind":
        kind = str(groups["k"]).strip()
        return Reading("agencies_of_kind", text=kind) if _is_kind(kind) else None
    subjects = _subjects(groups, english, rule.intent)
    if rule.intent in _NEEDS_SUBJECTS and not (subjects and all(len(s) >= (1 if english else 2) for s in subjects)):
        return None  # no unit's name is one character: 所有任务 is not "the tasks 所 has"
    if rule.intent == "shared_tasks" and len(subjects) < 2:
        return None
    return Reading(rule.intent, subjects, rule.role)


def _is_kind(text: str) -> bool:
    from graph.registry.agencies import default_registry

    registry = default_registry()
    return registry.kind_named(text) is not None or registry.department_of_kind(text) is not None


def _subjects(groups: dict[str, str | None], english: bool, intent: str) -> tuple[str, ...]:
    names = [_clean_subject(g, english) for g in (groups.get("a"), groups.get("b")) if g]
    if intent == "shared_tasks" and len(names) == 1 and not english:
        names = split_agency_pair(names[0])
    return tuple(names)


def _clean_subject(raw: str, english: bool) -> str:
    if english:
        return re.sub(r"^(?:the )", "", raw.strip())
    # what a lazy subject group keeps of the frame: 由省科技厅牵头, 省科技厅作为牵头单位, 省财政厅负责的
    return re.sub(r"(?:作为|负责)$", "", re.sub(r"^(?:请问|请列出|列出|查询|查一下|请|由)", "", raw.strip()))


def split_agency_pair(text: str) -> list[str]:
    """Split 省科技厅和省经信厅 at a 和/与/、 that follows the end of a unit's name, so
    住房和城乡建设厅 stays whole."""
    for m in re.finditer(r"[和与、同跟及]", text):
        if m.start() > 0 and text[m.start() - 1] in _ORG_END and m.end() < len(text):
            return [text[: m.start()], text[m.end():]]
    return [text]


def _due_reading(groups: dict[str, str | None]) -> Reading:
    if groups.get("year_end"):
        return Reading("due_by", month=12)
    year = int(str(groups["y"])) if groups.get("y") else None
    if groups.get("mname"):
        return Reading("due_by", month=_MONTHS.index(str(groups["mname"])) + 1, year=year)
    raw = str(groups["m"])
    return Reading("due_by", month=int(raw) if raw.isdigit() else cn_to_int(raw), year=year)


# -- answering ---------------------------------------------------------------------------------------

def answer(store: GraphStore, reading: Reading, today: date, limit: int | None = None,
           offset: int = 0) -> dict[str, Any]:
    """Return the answer to a reading, with the reading and the nodes its names resolved to; task
    answers carry their total and the page of rows asked for (`limit`, `offset`)."""
    out: dict[str, Any] = {"reading": asdict(reading)}
    if reading.intent in LINEAGE_INTENTS:
        asked = LineageReading(reading.intent, reading.subjects[0] if reading.subjects else None, reading.level,
                               reading.number)
        return {**out, **answer_lineage(store, asked, limit, offset)}
    if reading.intent == "agencies_of_kind":
        ranked = queries.agency_summaries(store, today, queries.agency_filter(kind=reading.text), "load", limit, offset)
        return {**out, "total": ranked.total, "agencies": ranked.rows}
    if reading.intent in ("unowned", "overdue", "due_by", "search"):
        if reading.intent == "overdue":
            out["as_of"] = today.isoformat()
        where = _task_filter(reading, today)
        if reading.intent == "overdue" or reading.year is not None:
            total, named = year_unknown_of(store, where)
            out["year_unknown"] = {"total": total, "tasks": named}
        return {**out, **_page(store, where, limit, offset)}
    nodes = [_resolve_subject(store, s, agency_only=reading.intent != "tasks_of") for s in reading.subjects]
    out["resolved"] = [{"id": n.id, "label": n.label, "name": n.props.get("name")} for n in nodes]
    if reading.intent == "shared_tasks":
        return {**out, **_page(store, TaskFilter(shared=tuple(n.id for n in nodes)), limit, offset)}
    if reading.intent == "tasks_of":
        node = nodes[0]
        where = (TaskFilter(agency=node.id, role=reading.role) if node.label in queries.AGENCY_LABELS
                 else queries.filter_of(node))
        return {**out, **_page(store, where, limit, offset)}
    return {**out, **_about_agency(store, reading, nodes[0], today)}


def _task_filter(reading: Reading, today: date) -> TaskFilter:
    if reading.intent == "unowned":
        return TaskFilter(unowned=True)
    if reading.intent == "overdue":
        return TaskFilter(overdue_as_of=today)
    if reading.intent == "due_by":
        assert reading.month is not None
        # with a year, deadlines whose year is unknown are named apart (year_unknown), not compared by month
        return TaskFilter(due_by=DueBy(reading.month, reading.year), year_unknown=False if reading.year else None)
    return TaskFilter(q=reading.text or "")


def _page(store: GraphStore, where: TaskFilter, limit: int | None, offset: int) -> dict[str, Any]:
    found = store.tasks(where, limit, offset)
    return {"total": found.total, "tasks": found.rows}


def _about_agency(store: GraphStore, reading: Reading, node: Node, today: date) -> dict[str, Any]:
    load = queries.agency_load(store, node.id, today)
    if reading.intent == "count":
        return {"count": load.by_role.get(reading.role, 0) if reading.role else load.total, "by_role": load.by_role}
    if reading.intent == "co_agencies":
        return {"co_agencies": [{"id": i, "name": n, "shared_tasks": c} for i, n, c in load.co_agencies]}
    return {"load": {"total": load.total, "by_role": load.by_role, "by_month": load.by_month,
                     "by_list": load.by_list, "by_document": load.by_document, "overdue": load.overdue}}


def _resolve_subject(store: GraphStore, subject: str, agency_only: bool) -> Node:
    """An agency first; for 'tasks of X', a region or a platform when no agency is named, and only
    then a part of an agency's name (杭州 is the city, not the 人行杭州中心支行 that holds it)."""
    try:
        return queries.resolve_agency(store, subject, partial=agency_only)
    except NotFound:
        if agency_only:
            raise
        for label in ("Region", "Platform"):
            try:
                return queries.find_node(store, label, subject)
            except NotFound:
                continue
        return queries.resolve_agency(store, subject)
