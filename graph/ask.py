"""Questions in Chinese or English, read by rules into a structured query and answered from the
graph. The rules are data (graph/data/questions.yaml). A question no rule reads gets None — never
a guess. The reading travels with the answer so a person can check it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from graph import queries
from graph.compare import normalize_name
from graph.errors import Ambiguous, NotFound
from graph.facts import Node
from graph.ledger.lights import year_unknown_of
from graph.lineage.questions import INTENTS as LINEAGE_INTENTS
from graph.lineage.questions import LineageReading, answer_lineage, read_lineage_question
from graph.periods import Period, relative_word, window
from graph.store import DueWindow, GraphStore, TaskFilter
from loaders.outline.structure import cn_to_int

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_ORG_END = "厅局委办部行会府院署室处队站所"
_FRAGMENT = re.compile(r"\{([A-Z_]+)\}")
_NEEDS_SUBJECTS = ("tasks_of", "shared_tasks", "load", "co_agencies", "count")
_ROLE_WORDS = {"牵头": "lead", "主办": "lead", "主责": "lead", "配合": "co", "协办": "co"}
# what a lazy subject group can catch that names nobody: 目前逾期的任务 is not "the tasks of 目前"
_NOT_SUBJECTS = re.compile(r"^(?:(?:目前|现在|当前|已经|已|哪些|什么|所有|全部|有|请问|请|查询|列出|我们|本单位|各单位|"
                           r"全市|全省)+(?:任务|工作|事项)?|the|all|any|which|what|our)$")


@dataclass(frozen=True)
class Reading:
    """What a question was read as."""

    intent: str  # tasks_of | shared_tasks | due_by | unowned | overdue | load | co_agencies | count | search
    #              | agencies_of_kind | undecomposed | leads_by_place (graph.lineage.questions)
    subjects: tuple[str, ...] = ()  # agencies, places or people; due_by and overdue may name one
    role: str | None = None
    period: Period | None = None  # due_by: the period named (graph.periods), placed in time as of the day asked
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
    role = rule.role or _ROLE_WORDS.get(groups.get("r") or "")
    if rule.intent in ("due_by", "overdue"):
        subjects = tuple(s for s in _subjects(groups, english, rule.intent) if not _NOT_SUBJECTS.match(s))
        written = (groups.get("a") or "").strip()
        if written and not subjects and not _NOT_SUBJECTS.match(written):
            return None
        if rule.intent == "overdue":
            return Reading("overdue", subjects, role if subjects else None)
        return Reading("due_by", subjects, role if subjects else None, period=_period(groups))
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
    return Reading(rule.intent, subjects, role)


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
    # and 王强分管的, 王强主抓的 for a leader
    frame = re.sub(r"^(?:请问|请列出|列出|查询|查一下|请|由)", "", raw.strip())
    return re.sub(r"(?:作为|负责|分管|主抓|包抓)$", "", frame)


def split_agency_pair(text: str) -> list[str]:
    """Split 省科技厅和省经信厅 at a 和/与/、 that follows the end of a unit's name, so
    住房和城乡建设厅 stays whole."""
    for m in re.finditer(r"[和与、同跟及]", text):
        if m.start() > 0 and text[m.start() - 1] in _ORG_END and m.end() < len(text):
            return [text[: m.start()], text[m.end():]]
    return [text]


def _period(groups: dict[str, str | None]) -> Period:
    """Return the period a due_by rule's groups name."""
    if groups.get("year_end"):
        return Period(relative="year_end")
    if groups.get("rel"):
        word = str(groups["rel"])
        kind = relative_word(word) or relative_word(re.sub(r"^今年(?=.)", "", word)) or "this_year"
        return Period(relative=kind)
    if groups.get("n"):
        return Period(relative="days", days=int(str(groups["n"])))
    year = int(str(groups["y"])) if groups.get("y") else None
    day = int(str(groups["d"])) if groups.get("d") else None
    if groups.get("mname"):
        month = _MONTHS.index(str(groups["mname"])) + 1
    else:
        raw = str(groups["m"])
        month = int(raw) if raw.isdigit() else cn_to_int(raw)
    return Period(month=month, day=day, year=year, up_to=bool(groups.get("upto") or groups.get("by")))


# -- answering ---------------------------------------------------------------------------------------

def answer(store: GraphStore, reading: Reading, today: date, limit: int | None = None,
           offset: int = 0) -> dict[str, Any]:
    """Return the answer to a reading, with the reading and the nodes its names resolved to; task
    answers carry their total and the page of rows asked for (`limit`, `offset`). A name several
    units answer to (财政局 with two cities loaded) is answered for each, in `groups`, with a note."""
    out: dict[str, Any] = {"reading": reading_json(reading)}
    if reading.intent in LINEAGE_INTENTS:
        asked = LineageReading(reading.intent, reading.subjects[0] if reading.subjects else None, reading.level,
                               reading.number)
        return {**out, **answer_lineage(store, asked, limit, offset)}
    if reading.intent == "agencies_of_kind":
        ranked = queries.agency_summaries(store, today, queries.agency_filter(kind=reading.text), "load", limit, offset)
        return {**out, "total": ranked.total, "agencies": ranked.rows}
    base = _base_filter(reading, today, out)
    if reading.intent in ("unowned", "search") or (base is not None and not reading.subjects):
        assert base is not None
        return {**out, **_dated(store, reading, base), **_page(store, base, limit, offset)}
    if reading.intent == "shared_tasks":
        nodes = [_one(store, s, reading) for s in reading.subjects]
        out["resolved"] = [_resolved(n) for n in nodes]
        return {**out, **_page(store, TaskFilter(shared=tuple(n.id for n in nodes)), limit, offset)}
    subject = reading.subjects[0]
    nodes = _candidates(store, subject, reading)
    if len(nodes) == 1:
        out["resolved"] = [_resolved(nodes[0])]
        return {**out, **_about(store, reading, nodes[0], base, today, limit, offset)}
    shown = nodes[:MAX_GROUPS]
    out["note"] = (f"{subject!r} names {len(nodes)} units; each is answered apart"
                   + (f" (the first {MAX_GROUPS})" if len(nodes) > MAX_GROUPS else ""))
    out["groups"] = [{"resolved": _resolved(n), **_about(store, reading, n, base, today, limit, offset)}
                     for n in shown]
    return out


MAX_GROUPS = 20  # units answered apart for one name; the note says how many there were


def reading_json(reading: Reading) -> dict[str, Any]:
    """Return a reading as the answer shows it."""
    data = asdict(reading)
    data["period"] = {k: v for k, v in data["period"].items() if v not in (None, False)} if reading.period else None
    return data


def _base_filter(reading: Reading, today: date, out: dict[str, Any]) -> TaskFilter | None:
    """Return the filter the reading puts on tasks before any subject (None: the subject decides),
    noting in `out` the day or period it was read as of."""
    if reading.intent == "unowned":
        return TaskFilter(unowned=True)
    if reading.intent == "search":
        return TaskFilter(q=reading.text or "")
    if reading.intent == "overdue":
        out["as_of"] = today.isoformat()
        return TaskFilter(overdue_as_of=today)
    if reading.intent == "due_by":
        assert reading.period is not None
        span = window(reading.period, today)
        out["as_of"], out["period"] = today.isoformat(), span.as_json()
        return TaskFilter(due=DueWindow(span.end, span.start))
    return None


def _dated(store: GraphStore, reading: Reading, where: TaskFilter) -> dict[str, Any]:
    """A dated question names the tasks whose deadline year is unknown apart: never placed, never
    missed. A question about one month also names, apart, those due in that month of an unknown
    year (年6月底前 for 6月底前到期的任务)."""
    if reading.intent not in ("overdue", "due_by"):
        return {}
    total, named = year_unknown_of(store, where)
    out: dict[str, Any] = {"total": total, "tasks": named}
    period = reading.period
    if period is not None and period.month is not None:
        months = (1 if period.up_to else period.month, period.month)
        in_month, tasks = year_unknown_of(store, where, months=months)
        out["in_month"] = {"months": list(months), "total": in_month, "tasks": tasks}
    return {"year_unknown": out}


def _about(store: GraphStore, reading: Reading, node: Node, base: TaskFilter | None, today: date,
           limit: int | None, offset: int) -> dict[str, Any]:
    """Return what the reading asks about one resolved node."""
    if base is not None or reading.intent == "tasks_of":
        where = replace(base or TaskFilter(), **_subject_filter(node, reading.role))
        return {**_dated(store, reading, where), **_page(store, where, limit, offset)}
    return _about_agency(store, reading, node, today)


def _subject_filter(node: Node, role: str | None) -> dict[str, Any]:
    if node.label in queries.AGENCY_LABELS:
        return {"agency": node.id, "role": role}
    if node.label == "Person":
        return {"leader": node.id}
    return asdict(queries.filter_of(node))  # a region, a platform …


def _resolved(node: Node) -> dict[str, Any]:
    return {"id": node.id, "label": node.label, "name": node.props.get("name")}


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


def _candidates(store: GraphStore, subject: str, reading: Reading) -> list[Node]:
    """Return the units (or the person, place or platform) a subject names: one, or several when a
    name is shared (a kind of unit in several jurisdictions) — never a guess between them."""
    agency_only = reading.intent in ("load", "count", "co_agencies")
    try:
        return [queries.resolve_agency(store, subject, partial=False)]
    except Ambiguous:
        return queries.agency_candidates(store, subject)
    except NotFound:
        pass
    for label in () if agency_only else ("Person", "Region", "Platform"):  # 李红负责哪些任务, 杭州有哪些任务
        try:
            return [queries.find_node(store, label, subject)]
        except (NotFound, Ambiguous):
            continue
    try:
        return [queries.resolve_agency(store, subject)]
    except Ambiguous:
        return queries.agency_candidates(store, subject)
    except NotFound as exc:
        what = "unit" if agency_only else "unit, leader, place or platform"
        raise NotFound(f"no {what} matches {subject!r}", exc.suggestions) from exc


def _one(store: GraphStore, subject: str, reading: Reading) -> Node:
    """Return the one unit a subject of a shared-tasks question names (several: a 409 listing them)."""
    return queries.resolve_agency(store, subject, partial=True)
