"""Records → graph facts: resolve agencies, places and platforms, and keep provenance on every edge."""

from __future__ import annotations

import hashlib
from typing import Any

from graph import dates, people
from graph.facts import DocumentFacts, Edge, Node
from graph.registry.agencies import Agency, Registry, agency_props, default_registry, normalize_name
from graph.registry.jurisdiction import Jurisdiction, document_jurisdiction
from loaders.phrases.leaders import title_in_text
from loaders.phrases.mentions import is_platform_kind
from loaders.phrases.regions import region_index
from loaders.records import Assignment, Deadline, Mention, ParsedDocument, Problem, Span, Task

_EVIDENCE_MAX = 300


class _Collector:
    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []

    def node(self, node_id: str, label: str, **props: Any) -> str:
        if node_id not in self.nodes:
            self.nodes[node_id] = Node(node_id, label, props)
        return node_id

    def edge(self, source: str, target: str, type_: str, span: Span | None, evidence: str, **props: Any) -> None:
        props.update(doc=self.doc_id, span=[span.start, span.end] if span else None, evidence=evidence)
        self.edges.append(Edge(source, target, type_, props))


def build_facts(parsed: ParsedDocument, registry: Registry | None = None) -> DocumentFacts:
    """Return the graph facts of one parsed document."""
    registry = registry or default_registry()
    doc = parsed.document
    where = document_jurisdiction(doc)
    out = _Collector(doc.id)
    out.node(doc.id, "Document", title=doc.title, issuer=doc.issuer, year=doc.year, source=doc.source,
             sha256=doc.sha256, province=doc.province, province_code=doc.province_code, level=where.level,
             tasks=len(parsed.tasks),
             warnings=list(parsed.warnings), number=doc.number, jurisdiction=_place_name(where),
             cited_numbers=[c.number for c in doc.cites if c.number] or None,
             cited_titles=[c.title for c in doc.cites if c.title] or None)
    for problem in parsed.problems:
        _add_problem(out, parsed, problem)
    for task in parsed.tasks:
        _add_task(out, parsed, task, registry, where)
    return DocumentFacts(doc.id, doc.sha256, doc.source, tuple(out.nodes.values()), tuple(out.edges))


def _place_name(where: Jurisdiction) -> str | None:
    """Return the most specific place a document is issued in (its county, city or province)."""
    place = where.county or where.city or where.province
    return place.name if place else ("中央" if where.level == "central" else None)


def _add_problem(out: _Collector, parsed: ParsedDocument, problem: Problem) -> None:
    out.node(problem.id, "Problem", text=problem.text, ordinal=problem.ordinal, doc=parsed.document.id)
    out.edge(parsed.document.id, problem.id, "CONTAINS", problem.span, problem.text)


def _add_task(out: _Collector, parsed: ParsedDocument, task: Task, registry: Registry, where: Jurisdiction) -> None:
    deadline = task.deadline
    out.node(task.id, "Task", number=task.number, path=list(task.path), title=task.title, text=task.text,
             list=task.task_list, problem=task.problem, doc=parsed.document.id, span=task.span.as_list(),
             truncated=task.truncated, evidence=task.evidence,
             deadline_raw=deadline.raw if deadline else None, due_year=deadline.year if deadline else None,
             due_month=deadline.month if deadline else None, due_day=deadline.day if deadline else None,
             deadline_kind=deadline.kind if deadline else None,
             year_inferred=deadline.year_inferred if deadline else False,
             owned=bool(task.assignments), leaders=list(task.leaders), **due_keys(deadline))
    out.edge(parsed.document.id, task.id, "CONTAINS", task.span, task.title)
    if task.problem:
        out.edge(task.problem, task.id, "ADDRESSED_BY", task.span, task.title)
    sentence = _evidence(parsed.text, task.evidence_span or task.span)
    for assignment in task.assignments:
        agency = registry.resolve(assignment.name, where)
        _add_agency(out, agency, assignment)
        out.edge(task.id, agency.id, "ASSIGNED_TO", assignment.span, sentence, role=assignment.role,
                 order=assignment.order, name=assignment.name, written=assignment.written,
                 inherited=assignment.inherited)
    for mention in task.mentions:
        _add_mention(out, parsed, task, mention, where)
    for name in task.leaders:
        _add_person(out, parsed, task, name, where)


def _add_person(out: _Collector, parsed: ParsedDocument, task: Task, name: str, where: Jurisdiction) -> None:
    """A leader becomes a Person (never an agency or a place), with the post the text gives beside the name."""
    person = people.person_node(name, where, title_in_text(parsed.text, name))
    out.node(person.id, person.label, **person.props)
    edge = people.overseen_by(task.id, person, parsed.document.id, task.evidence or task.title)
    out.edges.append(edge)


def due_keys(deadline: Deadline | None) -> dict[str, int]:
    """Return the sortable keys of a dated deadline (graph.dates.due_keys): due_md = MMDD and, when
    the year is a valid one, due_sort = YYYYMMDD. Ongoing or undated: none."""
    if deadline is None:
        return {}
    return dates.due_keys(deadline.year, deadline.month, deadline.day, deadline.kind)


def _add_agency(out: _Collector, agency: Agency, assignment: Assignment) -> None:
    out.node(agency.id, agency.label, **agency_props(agency))
    if agency.jurisdiction and not agency.collective:
        region_id = _region_node(out, agency.jurisdiction, agency.jurisdiction_code)
        out.edge(agency.id, region_id, "OF", assignment.span, assignment.name)


def _region_node(out: _Collector, name: str, code: str | None) -> str:
    region = region_index().by_code.get(code) if code else None
    short = region.short if region else name
    level = region.level if region else None
    return out.node(f"region:{code or name}", "Region", name=name, short=short, code=code, level=level)


def _add_mention(out: _Collector, parsed: ParsedDocument, task: Task, mention: Mention, where: Jurisdiction) -> None:
    sentence = _evidence(parsed.text, mention.span)
    if mention.kind == "region":
        target = _region_node(out, mention.full or mention.name, mention.code or None)
        out.edge(task.id, target, "CONCERNS", mention.span, sentence, written=mention.name)
    elif mention.kind == "platform":
        target = _platform_node(out, mention, where)
        out.edge(task.id, target, "CONCERNS", mention.span, sentence, written=mention.name)
    else:
        title = normalize_name(mention.name)
        target = out.node("policy:" + hashlib.sha1(title.encode()).hexdigest()[:12], "PolicyDocument",
                          title=mention.name, key=title)
        out.edge(task.id, target, "REFERS_TO", mention.span, sentence)


def _platform_node(out: _Collector, mention: Mention, where: Jurisdiction) -> str:
    name = normalize_name(mention.name)
    province = where.province.code if where.province else None
    hits = region_index().find(name, province)
    located = hits[0] if hits and hits[0].start == 0 else None
    # A generic platform kind (高新区, 实验室) is one node; a named one is scoped by its place.
    node_id = out.node("platform:" + name, "Platform", name=mention.name, key=name, generic=is_platform_kind(name))
    if located is not None:
        region_id = _region_node(out, located.region.name, located.region.code)
        out.edge(node_id, region_id, "LOCATED_IN", mention.span, mention.name)
    return node_id


def _evidence(text: str, span: Span) -> str:
    """Return the sentence around `span`, with the sentence before it when `span` starts one
    (a marker right after 。 belongs to the sentence it closes)."""
    before = span.start
    while before > 0 and text[before - 1] in " 。\t":
        before -= 1
    start = max(text.rfind("。", 0, before), text.rfind("\n", 0, before)) + 1
    ends = [p for p in (text.find("。", span.end), text.find("\n", span.end)) if p != -1]
    end = min(ends) + 1 if ends else len(text)
    sentence = text[start:end].strip()
    if len(sentence) > _EVIDENCE_MAX:
        lo = max(start, span.start - _EVIDENCE_MAX // 2)
        sentence = text[lo:lo + _EVIDENCE_MAX].strip()
    return sentence
