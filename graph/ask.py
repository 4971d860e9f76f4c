"""Questions in Chinese or English, read by rules into a structured query and answered from the
graph. A question no rule reads gets None — never a guess. The reading travels with the answer
so a person can check it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from graph import queries
from graph.compare import normalize_name
from graph.errors import NotFound
from graph.facts import Node
from graph.lights import year_unknown_of
from graph.store import DueBy, GraphStore, TaskFilter
from loaders.structure import cn_to_int

EXAMPLES = (
    "财政厅参与了哪些任务", "省科技厅牵头的任务", "省科技厅和省经信厅共同负责哪些任务", "6月底前到期的任务",
    "哪些任务没有责任单位", "谁和省科技厅合作最多", "省科技厅的工作量", "涉及杭州的任务",
    "which tasks involve the finance department", "who works most with the Department of Science and Technology",
    "tasks due by the end of June", "which tasks have no owner",
)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_ORG_END = "厅局委办部行会府院署室处队站所"
_TASK = r"(?:任务|工作|事项|事情)"
_WHICH = r"(?:哪些|什么|哪几项|几项|多少)?"
_MONTH_ZH = (r"(?:(?P<y>\d{4})年)?(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?"
             r"(?P<end>底|末)?(?:前|之前|以前)?")
_MONTH_EN = r"(?P<mname>" + "|".join(_MONTHS) + r")(?:\s+(?P<y>\d{4}))?"


@dataclass(frozen=True)
class Reading:
    """What a question was read as."""

    intent: str  # tasks_of | shared_tasks | due_by | unowned | overdue | load | co_agencies | count | search
    subjects: tuple[str, ...] = ()
    role: str | None = None
    month: int | None = None
    year: int | None = None
    text: str | None = None


# (pattern, intent, role); subjects come from groups a and b
_ZH_RULES: tuple[tuple[str, str, str | None], ...] = (
    (r"(?:没有|无|缺少|没)(?:明确)?(?:责任单位|牵头单位|负责单位|责任部门|主责单位|人负责|责任主体)",
     "unowned", None),
    (r"(?:无主|没人管)的?" + _TASK, "unowned", None),
    (r"(?:逾期|超期|过期|超时|延期)", "overdue", None),
    (r"^(?:谁|哪些单位|哪些部门|哪个部门|哪个单位)(?:和|与|同|跟)(?P<a>.+?)(?:合作|协同|配合|共事|一起工作|共同负责)"
     r"(?:得)?(?:最多|最频繁|最密切)", "co_agencies", None),
    (r"^(?P<a>.+?)(?:和|与|同|跟)(?:谁|哪些单位|哪些部门)(?:合作|协同|配合|共事)(?:得)?(?:最多|最频繁)?",
     "co_agencies", None),
    (r"^(?P<a>.+?)的?(?:工作量|任务量|工作负荷|负荷|负担|任务负担|工作负担|忙不忙|有多忙)", "load", None),
    (r"^(?P<a>.+?)(?:有|共有|一共有|承担了?|负责了?)(?:多少|几)(?:项|个|条)?" + _TASK, "count", None),
    (r"^" + _MONTH_ZH + r"(?:到期|截止|完成|要完成|需完成|需要完成|需要办结|办结)的?" + _TASK, "due_by", None),
    (r"^(?:哪些|什么)" + _TASK + r"(?:在|于)?" + _MONTH_ZH + r"(?:到期|截止|完成|前完成)", "due_by", None),
    (r"^(?P<year_end>年底|年末)(?:前|之前)?(?:到期|截止|完成)的?" + _TASK, "due_by", None),
    (r"^(?:哪些" + _TASK + r"(?:由|是))?(?P<a>.+?)(?:牵头|主办|主责|领衔)(?:负责|落实)?的?(?:了)?"
     + _WHICH + _TASK + "?", "tasks_of", "lead"),
    (r"^(?P<a>.+?)(?:配合|协办|协助|参与配合)的?" + _WHICH + _TASK, "tasks_of", "co"),
    (r"^(?P<a>.+?)(?:共同|一起|都)(?:负责|参与|承担|牵头)的?(?:了)?" + _WHICH + _TASK, "shared_tasks", None),
    (r"^(?:涉及|关于|有关)(?P<a>.+?)的" + _WHICH + _TASK, "tasks_of", None),
    (r"^(?P<a>.+?)(?:参与|负责|承担|涉及|参加|有)(?:了)?" + _WHICH + _TASK, "tasks_of", None),
    (r"^(?P<a>.+?)(?:的|相关的?)" + _TASK + r"(?:有哪些)?", "tasks_of", None),
    (r"^(?:谁|哪个单位|哪些单位|哪个部门)(?:负责|牵头)(?P<t>.+)", "search", None),
)
_EN_RULES: tuple[tuple[str, str, str | None], ...] = (
    (r"\b(?:no|without an?|missing) (?:owner|responsible (?:unit|agency|department)s?|lead(?:ing)? (?:unit|agency))"
     r"|\bunowned\b", "unowned", None),
    (r"\b(?:overdue|past due|late)\b", "overdue", None),
    (r"^(?:which |what )?tasks (?:are )?(?:shared by|shared between|common to) (?P<a>.+?) and (?P<b>.+)$",
     "shared_tasks", None),
    (r"^(?:which|what) tasks do (?P<a>.+?) and (?P<b>.+?) (?:share|have in common|work on together|both work on)$",
     "shared_tasks", None),
    (r"^who (?:works|cooperates|coordinates|collaborates) (?:the )?most (?:often )?with (?P<a>.+)$",
     "co_agencies", None),
    (r"^who (?:works|cooperates|coordinates|collaborates) with (?P<a>.+?) (?:the )?most$", "co_agencies", None),
    (r"^which (?:agencies|departments|units) work (?:most )?with (?P<a>.+)$", "co_agencies", None),
    (r"^how many tasks (?:does|do|has|have) (?P<a>.+?)(?: have| got)?$", "count", None),
    (r"^(?:what is |show |show me )?(?:the )?(?:work)?load of (?P<a>.+)$", "load", None),
    (r"^how (?:busy|loaded) is (?P<a>.+)$", "load", None),
    (r"^(?:which |what )?tasks (?:are |fall )?(?:due|falling due|ending) (?:by|before|in|at) (?:the )?(?:end of )?"
     + _MONTH_EN + "$", "due_by", None),
    (r"^what (?:falls|is) due (?:by|before|in) (?:the )?(?:end of )?" + _MONTH_EN + "$", "due_by", None),
    (r"^(?:which|what) tasks (?:does|do) (?P<a>.+?) lead$", "tasks_of", "lead"),
    (r"^(?:tasks|what is) led by (?P<a>.+)$", "tasks_of", "lead"),
    (r"^(?:which|what) tasks (?:does|do) (?P<a>.+?) (?:support|assist with|co-operate on|cooperate on)$", "tasks_of",
     "co"),
    (r"^(?:which |what |all |list |show )?(?:the )?tasks (?:that )?(?:involve|involving|include|including|concern|"
     r"concerning|for|of|assigned to|in) (?P<a>.+)$", "tasks_of", None),
    (r"^(?:which|what) tasks (?:is|are|does|do) (?P<a>.+?) (?:involved in|responsible for|take part in|work on|have)$",
     "tasks_of", None),
)


def read_question(question: str) -> Reading | None:
    """Return what `question` asks, or None when no rule reads it."""
    text = question.strip().rstrip("?？。!！ ")
    if not text:
        return None
    if re.match(r"[A-Za-z]", text):
        return _read(re.sub(r"\s+", " ", text.lower()), _EN_RULES, english=True)
    return _read(normalize_name(text).rstrip("?"), _ZH_RULES, english=False)


def _read(text: str, rules: tuple[tuple[str, str, str | None], ...], english: bool) -> Reading | None:
    for pattern, intent, role in rules:
        m = re.search(pattern, text)
        if m is None:
            continue
        groups = m.groupdict()
        if intent == "due_by":
            return _due_reading(groups)
        if intent == "search":
            return Reading("search", text=groups["t"].strip())
        subjects = _subjects(groups, english, intent)
        if intent in ("tasks_of", "shared_tasks", "load", "co_agencies", "count") and not all(subjects):
            continue
        if intent == "shared_tasks" and len(subjects) < 2:
            continue
        return Reading(intent, subjects, role)
    return None


def _subjects(groups: dict[str, str | None], english: bool, intent: str) -> tuple[str, ...]:
    names = [_clean_subject(g, english) for g in (groups.get("a"), groups.get("b")) if g]
    if intent == "shared_tasks" and len(names) == 1 and not english:
        names = split_agency_pair(names[0])
    return tuple(names)


def _clean_subject(raw: str, english: bool) -> str:
    if english:
        return re.sub(r"^(?:the )", "", raw.strip())
    return re.sub(r"^(?:请问|请列出|列出|查询|查一下)", "", raw.strip())


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
        return {"count": load.total, "by_role": load.by_role}
    if reading.intent == "co_agencies":
        return {"co_agencies": [{"id": i, "name": n, "shared_tasks": c} for i, n, c in load.co_agencies]}
    return {"load": {"total": load.total, "by_role": load.by_role, "by_month": load.by_month,
                     "by_list": load.by_list, "by_document": load.by_document, "overdue": load.overdue}}


def _resolve_subject(store: GraphStore, subject: str, agency_only: bool) -> Node:
    """An agency first; for 'tasks of X', a region or a platform when no agency is meant."""
    try:
        return queries.resolve_agency(store, subject)
    except NotFound as missing:
        if agency_only:
            raise
        for label in ("Region", "Platform"):
            try:
                return queries.find_node(store, label, subject)
            except NotFound:
                continue
        raise missing
