"""Text → records: the outline, its problems and lists, tasks with their responsibility markers,
leaders, deadlines and mentions, plus tasks in tables. The one entry point is `parse_text`."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from loaders.formats.read import DEFAULT_MAX_BYTES, read_document
from loaders.limits import current_limits
from loaders.outline.citations import with_citations
from loaders.outline.headings import is_list, problem_text
from loaders.outline.noise import body_end, noise_ranges
from loaders.outline.preamble import find_issuer, find_province, find_title
from loaders.outline.reflow import reflow
from loaders.outline.structure import Heading, build_tree, find_headings, title_span
from loaders.outline.tables import Table, TableTask, find_tables
from loaders.outline.warnings import document_warnings
from loaders.phrases.clauses import MarkedUnit
from loaders.phrases.deadlines import document_year, find_deadline, with_year
from loaders.phrases.leaders import Leader
from loaders.phrases.markers import Marker, find_markers
from loaders.phrases.mentions import find_mentions
from loaders.phrases.notes import SharedDuty, section_leader, section_units, shared_duties
from loaders.provenance import with_locations
from loaders.records import Assignment, CellLocation, Deadline, Document, Mention, ParsedDocument, Problem, Span, Task
from loaders.text import content_end, normalize

T = TypeVar("T")

_TERMINAL = tuple("。;!?)]〕】.")


@dataclass(frozen=True)
class _Context:
    original: str
    norm: str
    doc_id: str
    year: int | None
    province_code: str | None
    stops: tuple[int, ...]  # item starts: a field's value never runs past the next item
    duties: tuple[SharedDuty, ...]


def parse_file(path: Path, year: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Read and parse one file; raise a LoaderError naming the file when it cannot be read."""
    read = read_document(path, max_bytes)
    return parse_text(read.text, source=path.name, year=year, locations=read.locations)


def parse_text(text: str, source: str = "document.txt", year: int | None = None,
               locations: tuple[CellLocation, ...] = ()) -> ParsedDocument:
    """Return the records of one document's text. `year` overrides the year found in the text.
    `locations` say which spreadsheet cell each span of the text came from (loaders.formats.sheets).

    Lines a PDF broke at the page width are joined first (not a spreadsheet's: its lines are its
    rows, and its locations point into the text as read); every span points into that text."""
    sha256 = hashlib.sha256(text.encode()).hexdigest()
    text = text if locations else reflow(text)
    norm = normalize(text)
    end = body_end(norm)
    tables = find_tables(norm, 0, end)
    skip = noise_ranges(norm, end) + [(t.span.start, t.span.end) for t in tables]
    max_tasks = current_limits().max_tasks
    headings = find_headings(norm, 0, end, skip, limit=4 * max_tasks)  # bounded work: see the warning below
    roots = build_tree(headings, end)
    _clamp_to_tables(headings, tables)
    first = min([h.start for h in headings] + [t.span.start for t in tables] + [end])
    title = find_title(text, norm[:end], first, Path(source).stem)
    issuer = _as_written(text, norm, find_issuer(norm[:end], title))
    province = find_province(issuer, title, norm[:end])
    doc_year, year_source = (year, "option") if year else document_year(norm[:end], title)
    doc_id = document_id(source)
    ctx = _Context(text, norm, doc_id, doc_year, province.code if province else None,
                   tuple(h.start for h in headings), tuple(shared_duties(norm, 0, end)))
    problems: dict[str, Problem] = {}
    tasks = _paragraph_tasks(ctx, min([h.start for h in headings] + [end]), skip, max_tasks)
    tasks += _outline_tasks(ctx, roots, headings, problems, max_tasks - len(tasks))
    tasks += _table_tasks(ctx, tables, problems, headings)[: max(0, max_tasks - len(tasks))]
    tasks = _flag_truncation(ctx, tasks)
    tasks = with_locations(tasks, source, locations)
    document = with_citations(Document(doc_id, title, issuer, doc_year, source, sha256, year_source,
                                       province.name if province else None, province.code if province else None),
                              norm, first)
    warnings = document_warnings(norm, tasks, tables, headings)
    if len(tasks) >= max_tasks or len(headings) >= 4 * max_tasks:
        warnings.insert(0, f"over {max_tasks:,} tasks or {4 * max_tasks:,} numbered items: the rest of the "
                           "document was not read (DUTYGRAPH_MAX_TASKS)")
    return ParsedDocument(document, tuple(problems.values()), tuple(tasks), tuple(warnings), text, locations)


def _as_written(text: str, norm: str, found: str | None) -> str | None:
    """A name found in the normalised text, in the characters the document writes it with."""
    if not found:
        return found
    at = norm.find(found)
    return text[at:at + len(found)] if at != -1 else found


def document_id(source: str) -> str:
    """Return the stable id of a document: the same source name gives the same id on every run."""
    return "d" + hashlib.sha1(Path(source).name.encode("utf-8")).hexdigest()[:10]


def _clamp_to_tables(headings: list[Heading], tables: list[Table]) -> None:
    for heading in headings:
        for table in tables:
            if heading.content_start <= table.span.start < heading.end:
                heading.end = table.span.start
            if heading.content_start <= table.span.start < heading.subtree_end:
                heading.subtree_end = max(heading.end, min(heading.subtree_end, table.span.start))


# -- the outline ---------------------------------------------------------------------------------------

def _outline_tasks(ctx: _Context, roots: list[Heading], headings: list[Heading],
                   problems: dict[str, Problem], limit: int) -> list[Task]:
    own = {id(h): find_markers(ctx.norm, h.content_start, h.end, ctx.stops) for h in headings}
    _lift_closing_markers(ctx, headings, own)
    marked_below = {id(h): _has_marked_descendant(h, own) for h in headings}
    # an item with its own marker is a task, even when its children have markers too
    task_nodes = [h for h in headings if own[id(h)]]
    task_styles = {h.style for h in task_nodes if not marked_below[id(h)]}
    gated = {id(_root(h)) for h in task_nodes}
    marked_ids = {id(h) for h in task_nodes}
    for heading in headings:
        if (heading.style in task_styles and not own[id(heading)] and not marked_below[id(heading)]
                and id(_root(heading)) in gated and not heading.children and not _is_heading_only(ctx, heading)
                and (not _has_task_ancestor(heading, task_nodes) or _has_marked_sibling(heading, marked_ids))):
            task_nodes.append(heading)
    if not task_nodes:
        task_nodes = _items_under_problems(ctx, headings)
    task_nodes.sort(key=lambda h: h.start)
    return [_outline_task(ctx, h, own, problems) for h in task_nodes[: max(0, limit)]]


def _lift_closing_markers(ctx: _Context, headings: list[Heading], own: dict[int, list[Marker]]) -> None:
    """A bracket marker alone on the line after an item's last child speaks for the item:
    1.完善预案体系 / (1)… / (4)… / (责任单位:…)."""
    for heading in headings:
        parent = heading.parent
        if parent is None or parent.children[-1] is not heading or own[id(parent)]:
            continue
        markers = own[id(heading)]
        if len(markers) == 1 and markers[0].style != "lines" and _alone_on_line(ctx.norm, markers[0].span):
            own[id(parent)] = markers
            own[id(heading)] = []


def _alone_on_line(norm: str, span: Span) -> bool:
    line_start = norm.rfind("\n", 0, span.start) + 1
    line_end = norm.find("\n", span.end)
    line_end = len(norm) if line_end == -1 else line_end
    return not norm[line_start:span.start].strip() and not norm[span.end:line_end].strip(" 。;\t")


def _items_under_problems(ctx: _Context, headings: list[Heading]) -> list[Heading]:
    """A rectification list that names no unit anywhere: its items under problem headings are its
    tasks, unowned (整改进展清单: 一、关于“…”的问题 / 1.… / 2.…)."""
    return [h for h in headings if not h.children and h.parent is not None
            and any(problem_text(_title(ctx, a)) for a in h.ancestors())]


def _has_marked_descendant(heading: Heading, own: dict[int, list[Marker]]) -> bool:
    return any(own[id(c)] or _has_marked_descendant(c, own) for c in heading.children)


def _has_marked_sibling(heading: Heading, marked_ids: set[int]) -> bool:
    siblings = heading.parent.children if heading.parent else []
    return any(id(s) in marked_ids for s in siblings if s is not heading)


def _has_task_ancestor(heading: Heading, task_nodes: list[Heading]) -> bool:
    ids = {id(t) for t in task_nodes}
    return any(id(a) in ids for a in heading.ancestors())


def _root(heading: Heading) -> Heading:
    ancestors = heading.ancestors()
    return ancestors[-1] if ancestors else heading


def _title(ctx: _Context, heading: Heading) -> str:
    a, b = title_span(ctx.norm, heading.content_start, heading.end)
    return ctx.norm[a:b]


def _is_heading_only(ctx: _Context, heading: Heading) -> bool:
    """A problem or list heading with nothing under it is not a task."""
    title = _title(ctx, heading)
    return problem_text(title) is not None or is_list(title)


def _outline_task(ctx: _Context, heading: Heading, own: dict[int, list[Marker]],
                  problems: dict[str, Problem]) -> Task:
    markers = own[id(heading)]
    inherited = False
    if not markers and not _cut_inside_marker(ctx, heading):
        markers = next((own[id(a)] for a in heading.ancestors() if own[id(a)]), [])
        inherited = bool(markers)
    start, end = heading.start, _trim_end(ctx.norm, heading.start, heading.subtree_end)
    first_marker = min([m.span.start for m in own[id(heading)]] + [heading.end])
    a, b = title_span(ctx.norm, heading.content_start, first_marker)
    problem = _problem_of(ctx, heading, problems)
    task_list = next((t for t in (_title(ctx, h) for h in heading.ancestors()) if is_list(t)), None)
    leaders = _section_leaders(ctx, heading)
    return _task(ctx, f"{ctx.doc_id}-t" + ".".join(str(h) for h in _values(heading)), heading.value, heading.path(),
                 ctx.original[a:b], Span(start, end), problem, task_list, markers, inherited, leaders,
                 _section_units(ctx, heading))


def _section_units(ctx: _Context, heading: Heading) -> list[MarkedUnit]:
    """The units the nearest heading at or above `heading` puts in the lead ((三)省编办牵头的工作)."""
    return [MarkedUnit(u, "lead") for u in _nearest_section(ctx, heading, section_units, include_self=True)]


def _cut_inside_marker(ctx: _Context, heading: Heading) -> bool:
    """True when the text ends inside this item's marker: it must not take its parent's units."""
    tail = ctx.norm[heading.content_start:heading.end]
    return heading.end >= content_end(ctx.norm) and tail.rfind("(") > tail.rfind(")")


def _section_leaders(ctx: _Context, heading: Heading, include_self: bool = False) -> list[Leader]:
    """The leader the nearest section heading above `heading` names (一、NAME县长牵头重点工作)."""
    return _nearest_section(ctx, heading, section_leader, include_self)


def _nearest_section(ctx: _Context, heading: Heading, read: Callable[[str, int], list[T]],
                     include_self: bool) -> list[T]:
    """What `read` finds in the title of the nearest heading above `heading` (or `heading` itself)
    whose title it reads anything from."""
    for section in ([heading] if include_self else []) + heading.ancestors():
        a, b = title_span(ctx.norm, section.content_start, section.end)
        found = read(ctx.norm[a:b], a)
        if found:
            return found
    return []


def _values(heading: Heading) -> list[int]:
    return [a.value for a in reversed(heading.ancestors())] + [heading.value]


def _problem_of(ctx: _Context, heading: Heading, problems: dict[str, Problem]) -> str | None:
    for ancestor in heading.ancestors():
        text = problem_text(_title(ctx, ancestor))
        if text:
            offset = ctx.norm.find(text, ancestor.content_start, ancestor.end)
            return _add_problem(ctx, problems, ctx.original[offset:offset + len(text)],
                                Span(offset, offset + len(text)))
    return None


def _add_problem(ctx: _Context, problems: dict[str, Problem], text: str, span: Span) -> str:
    key = normalize(text)
    if key not in problems:
        ordinal = len(problems) + 1
        problems[key] = Problem(f"{ctx.doc_id}-p{ordinal}", ordinal, text, span)
    return problems[key].id


# -- one task ------------------------------------------------------------------------------------------

def _task(ctx: _Context, task_id: str, number: int | None, path: tuple[str, ...], title: str, span: Span,
          problem: str | None, task_list: str | None, markers: list[Marker], inherited: bool,
          extra_leaders: list[Leader] | None = None, section: list[MarkedUnit] | None = None) -> Task:
    units = (section or []) + [u for m in markers for u in m.units] + _shared_duty_units(ctx, span, markers)
    assignments = _assignments(ctx, units, inherited)
    deadline = next((m.deadline for m in reversed(markers) if m.deadline), None)
    if deadline is None and not inherited:
        deadline = find_deadline(_without(ctx.norm, span, markers), span.start)
    evidence_span = Span(markers[0].span.start, markers[-1].span.end) if markers and not inherited else None
    leaders = [leader for m in markers for leader in m.leaders] or (extra_leaders or [])
    # Agency and leader names inside the marker (人行杭州中心支行, 分管省领导:宁波) are not places or
    # platforms the task concerns.
    excluded = [m.span for m in markers if not inherited] + [leader.span for leader in leaders]
    mentions = _mentions(ctx, span, excluded)
    return Task(
        id=task_id, number=number, path=path, title=title.strip(), text=ctx.original[span.start:span.end],
        problem=problem, task_list=task_list, assignments=assignments,
        deadline=_finish_deadline(ctx, deadline), mentions=tuple(mentions), span=span,
        truncated=any(m.cut for m in markers) and not inherited,
        evidence=ctx.original[evidence_span.start:evidence_span.end] if evidence_span else "",
        evidence_span=evidence_span, leaders=tuple(dict.fromkeys(leader.name for leader in leaders)),
    )


def _without(norm: str, span: Span, markers: list[Marker]) -> str:
    """The task's text with its markers blanked (same length): dates there were read already."""
    text = norm[span.start:span.end]
    for m in markers:
        a, b = max(m.span.start, span.start) - span.start, min(m.span.end, span.end) - span.start
        if a < b:
            text = text[:a] + "\x00" * (b - a) + text[b:]
    return text


def _shared_duty_units(ctx: _Context, span: Span, markers: list[Marker]) -> list[MarkedUnit]:
    if not markers:
        return []
    k = bisect.bisect_right([d.start for d in ctx.duties], span.start)
    return [MarkedUnit(u, "co") for d in ctx.duties[:k] for u in d.units]


def _mentions(ctx: _Context, span: Span, excluded: list[Span]) -> list[Mention]:
    out = []
    for m in find_mentions(ctx.norm, span.start, span.end, ctx.province_code):
        if any(s.start <= m.span.start < s.end for s in excluded):
            continue
        out.append(m if m.kind == "region" else replace(m, name=ctx.original[m.span.start:m.span.end]))
    return out


def _assignments(ctx: _Context, units: list[MarkedUnit], inherited: bool) -> tuple[Assignment, ...]:
    seen: dict[str, int] = {}
    out: list[Assignment] = []
    for marked in units:
        unit = marked.unit
        written = ctx.original[unit.start:unit.start + len(unit.written)]
        name = unit.name.replace(unit.written, written, 1)
        key = normalize(name)
        if key in seen:
            if marked.role == "lead" and out[seen[key]].role == "co":
                out[seen[key]] = replace(out[seen[key]], role="lead")
            continue
        seen[key] = len(out)
        out.append(Assignment(name, marked.role, unit.collective, Span(unit.start, unit.start + len(unit.written)),
                              len(out), written, inherited))
    return tuple(out)


def _finish_deadline(ctx: _Context, deadline: Deadline | None) -> Deadline | None:
    if deadline is None:
        return None
    raw = ctx.original[deadline.span.start:deadline.span.end].strip()
    return with_year(replace(deadline, raw=raw or deadline.raw), ctx.year)


def _trim_end(norm: str, start: int, end: int) -> int:
    """Return `end` moved back over blanks and a closing signature (issuer line, date line)."""
    while end > start and norm[end - 1].isspace():
        end -= 1
    m = _SIGNATURE_TAIL.search(norm, start, end)
    if m and m.end() == end and m.start() > start:
        end = m.start()
        while end > start and norm[end - 1].isspace():
            end -= 1
    return end


_SIGNATURE_TAIL = re.compile(r"\n[ \t]*(?:[\u4e00-\u9fff()]{2,30}\n[ \t]*)?"
                             r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})[ \t]*年[ \t]*"
                             r"[\d一二三四五六七八九十]{1,3}[ \t]*月[ \t]*[\d一二三四五六七八九十]{1,3}[ \t]*日[ \t]*$")


# -- paragraphs and tables -----------------------------------------------------------------------------

def _paragraph_tasks(ctx: _Context, end: int, skip: list[tuple[int, int]], limit: int) -> list[Task]:
    """Paragraphs outside any numbered item that still name units are tasks of their own."""
    tasks: list[Task] = []
    for line in re.finditer(r"[^\n]+", ctx.norm[:end]):
        if len(tasks) >= limit:
            break
        s, e = line.start(), line.end()
        if any(a <= s < b for a, b in skip) or len(line.group().strip()) < 8:
            continue
        markers = [m for m in find_markers(ctx.norm, s, e, ctx.stops) if m.units]
        if not markers:
            continue
        k = len(tasks) + 1
        a, b = title_span(ctx.norm, s, min(m.span.start for m in markers))
        tasks.append(_task(ctx, f"{ctx.doc_id}-l{k}", None, (f"¶{k}",), ctx.original[a:b],
                           Span(s, _trim_end(ctx.norm, s, e)), None, None, markers, False))
    return tasks


def _table_tasks(ctx: _Context, tables: list[Table], problems: dict[str, Problem],
                 headings: list[Heading]) -> list[Task]:
    tasks = []
    for t_index, table in enumerate(tables, start=1):
        # a table under 二、NAME常务副区长牵头重点工作: its rows have that leader unless they name one
        above = [h for h in headings if h.start < table.span.start]
        leaders = _section_leaders(ctx, above[-1], include_self=True) if above else []
        for r_index, row in enumerate(table.tasks, start=1):
            task = _table_task(ctx, t_index, r_index, row, problems)
            if not task.leaders and leaders:
                task = replace(task, leaders=tuple(dict.fromkeys(leader.name for leader in leaders)))
            tasks.append(task)
    return tasks


def _table_task(ctx: _Context, t_index: int, r_index: int, row: TableTask, problems: dict[str, Problem]) -> Task:
    problem = None
    if row.problem and row.problem_span:
        problem = _add_problem(ctx, problems, ctx.original[row.problem_span.start:row.problem_span.end].strip(),
                               row.problem_span)
    marker = Marker(row.span, row.units, row.deadline, "table", row.leaders)
    a, b = title_span(ctx.norm, row.title_start, row.text_span.end)
    task = _task(ctx, f"{ctx.doc_id}-r{t_index}.{r_index}", row.number, (f"表{t_index}", str(r_index)),
                 ctx.original[a:b], row.span, problem, None, [marker], False)
    return replace(task, evidence=ctx.original[row.span.start:row.span.end], evidence_span=row.span)


def _flag_truncation(ctx: _Context, tasks: list[Task]) -> list[Task]:
    """The last task, cut off before any marker and mid-sentence, is kept and flagged truncated."""
    if not tasks:
        return tasks
    last = max(tasks, key=lambda t: t.span.end)
    if not last.assignments and not ctx.norm[last.span.start:last.span.end].rstrip().endswith(_TERMINAL):
        tasks = [replace(t, truncated=True) if t is last else t for t in tasks]
    return tasks
