"""Text → records: the outline, its problems and lists, tasks with their responsibility markers,
deadlines and mentions, plus tasks in tables. The one entry point is `parse_text`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from loaders.deadlines import document_year, find_deadline, with_year
from loaders.markers import MarkedUnit, Marker, find_markers
from loaders.mentions import find_mentions
from loaders.noise import body_end, noise_ranges
from loaders.preamble import find_issuer, find_province, find_title
from loaders.read import DEFAULT_MAX_BYTES, read_document
from loaders.records import Assignment, Deadline, Document, Mention, ParsedDocument, Problem, Span, Task
from loaders.structure import Heading, build_tree, find_headings, title_of
from loaders.tables import Table, TableTask, find_tables
from loaders.text import normalize
from loaders.vocab import load_yaml

_TERMINAL = tuple("。;!?)]〕】.")


@dataclass(frozen=True)
class _Context:
    original: str
    norm: str
    doc_id: str
    year: int | None
    province_code: str | None


def parse_file(path: Path, year: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Read and parse one file; raise a LoaderError naming the file when it cannot be read."""
    read = read_document(path, max_bytes)
    return parse_text(read.text, source=path.name, year=year)


def parse_text(text: str, source: str = "document.txt", year: int | None = None) -> ParsedDocument:
    """Return the records of one document's text. `year` overrides the year found in the text."""
    norm = normalize(text)
    end = body_end(norm)
    tables = find_tables(norm, 0, end)
    skip = noise_ranges(norm, end) + [(t.span.start, t.span.end) for t in tables]
    headings = find_headings(norm, 0, end, skip)
    roots = build_tree(headings, end)
    _clamp_to_tables(headings, tables)
    first = min([h.start for h in headings] + [t.span.start for t in tables] + [end])
    preamble = text[:first]
    title = find_title(preamble, norm[:end], Path(source).stem)
    issuer = find_issuer(preamble, norm[:end])
    province = find_province(issuer, title, norm[:end])
    doc_year, year_source = (year, "option") if year else document_year(norm[:end], title)
    doc_id = document_id(source)
    ctx = _Context(text, norm, doc_id, doc_year, province.code if province else None)
    problems: dict[str, Problem] = {}
    tasks = _paragraph_tasks(ctx, 0, min([h.start for h in headings] + [end]), skip)
    tasks += _outline_tasks(ctx, roots, headings, problems)
    tasks += _table_tasks(ctx, tables, problems)
    tasks = _flag_truncation(ctx, tasks)
    document = Document(doc_id, title, issuer, doc_year, source, hashlib.sha256(text.encode()).hexdigest(),
                        year_source, province.name if province else None, province.code if province else None)
    return ParsedDocument(document, tuple(problems.values()), tuple(tasks), tuple(_warnings(tasks)), text)


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


@lru_cache(maxsize=1)
def _heading_patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    data = load_yaml("headings.yaml")
    return ([re.compile(p) for p in data["problem_patterns"]], [re.compile(p) for p in data["list_patterns"]])


def _problem_text(title: str) -> str | None:
    problems, _ = _heading_patterns()
    for pattern in problems:
        m = pattern.search(title)
        if m:
            return re.sub(r"^(?:关于|针对)", "", m["p"].strip()).strip("“”\"‘’「」 ")
    return None


def _is_list(title: str) -> bool:
    _, lists = _heading_patterns()
    return any(p.search(title) for p in lists)


def _outline_tasks(ctx: _Context, roots: list[Heading], headings: list[Heading],
                   problems: dict[str, Problem]) -> list[Task]:
    own = {id(h): find_markers(ctx.norm, h.content_start, h.end) for h in headings}
    marked_below = {id(h): _has_marked_descendant(h, own) for h in headings}
    task_nodes = [h for h in headings if own[id(h)] and not marked_below[id(h)]]
    task_styles = {h.style for h in task_nodes}
    gated = {id(_root(h)) for h in task_nodes}
    for heading in headings:
        if (heading.style in task_styles and not own[id(heading)] and not marked_below[id(heading)]
                and id(_root(heading)) in gated and not heading.children and not _is_heading_only(ctx, heading)
                and not _has_task_ancestor(heading, task_nodes)):
            task_nodes.append(heading)
    task_nodes.sort(key=lambda h: h.start)
    return [_outline_task(ctx, h, own, problems) for h in task_nodes]


def _has_marked_descendant(heading: Heading, own: dict[int, list[Marker]]) -> bool:
    return any(own[id(c)] or _has_marked_descendant(c, own) for c in heading.children)


def _has_task_ancestor(heading: Heading, task_nodes: list[Heading]) -> bool:
    ids = {id(t) for t in task_nodes}
    return any(id(a) in ids for a in heading.ancestors())


def _root(heading: Heading) -> Heading:
    ancestors = heading.ancestors()
    return ancestors[-1] if ancestors else heading


def _is_heading_only(ctx: _Context, heading: Heading) -> bool:
    """A problem or list heading with nothing under it is not a task."""
    title = title_of(ctx.norm, heading.content_start, heading.end)
    return _problem_text(title) is not None or _is_list(title)


def _outline_task(ctx: _Context, heading: Heading, own: dict[int, list[Marker]],
                  problems: dict[str, Problem]) -> Task:
    markers = own[id(heading)]
    inherited = False
    if not markers:
        markers = next((own[id(a)] for a in heading.ancestors() if own[id(a)]), [])
        inherited = bool(markers)
    start, end = heading.start, _trim_end(ctx.norm, heading.start, heading.subtree_end)
    first_marker = min([m.span.start for m in own[id(heading)]] + [heading.end])
    title = _orig(ctx, heading.content_start, heading.content_start
                  + len(title_of(ctx.norm, heading.content_start, first_marker)))
    problem = _problem_of(ctx, heading, problems)
    task_list = next((_clean_title(ctx, a) for a in heading.ancestors() if _is_list(_clean_title(ctx, a))), None)
    path = heading.path()
    return _task(ctx, f"{ctx.doc_id}-t" + ".".join(str(h) for h in _values(heading)), heading.value, path,
                 title, Span(start, end), problem, task_list, markers, inherited)


def _values(heading: Heading) -> list[int]:
    return [a.value for a in reversed(heading.ancestors())] + [heading.value]


def _clean_title(ctx: _Context, heading: Heading) -> str:
    return _orig(ctx, heading.content_start, heading.content_start
                 + len(title_of(ctx.norm, heading.content_start, heading.end)))


def _problem_of(ctx: _Context, heading: Heading, problems: dict[str, Problem]) -> str | None:
    for ancestor in heading.ancestors():
        title = title_of(ctx.norm, ancestor.content_start, ancestor.end)
        text = _problem_text(title)
        if text:
            offset = ctx.norm.find(text, ancestor.content_start, ancestor.end)
            return _add_problem(ctx, problems, _orig(ctx, offset, offset + len(text)),
                                Span(offset, offset + len(text)))
    return None


def _add_problem(ctx: _Context, problems: dict[str, Problem], text: str, span: Span) -> str:
    key = normalize(text)
    if key not in problems:
        ordinal = len(problems) + 1
        problems[key] = Problem(f"{ctx.doc_id}-p{ordinal}", ordinal, text, span)
    return problems[key].id


def _task(ctx: _Context, task_id: str, number: int | None, path: tuple[str, ...], title: str, span: Span,
          problem: str | None, task_list: str | None, markers: list[Marker], inherited: bool) -> Task:
    assignments = _assignments(ctx, [u for m in markers for u in m.units], inherited)
    deadline = next((m.deadline for m in reversed(markers) if m.deadline), None)
    if deadline is None and not inherited:
        deadline = find_deadline(ctx.norm[span.start:span.end], span.start)
    evidence_span = Span(markers[0].span.start, markers[-1].span.end) if markers and not inherited else None
    # Agency names inside the marker (人行杭州中心支行) are not places or platforms the task concerns.
    mentions = [m for m in find_mentions(ctx.norm, span.start, span.end, ctx.province_code)
                if not any(mk.span.start <= m.span.start < mk.span.end for mk in markers if not inherited)]
    return Task(
        id=task_id, number=number, path=path, title=title, text=_orig(ctx, span.start, span.end),
        problem=problem, task_list=task_list, assignments=assignments,
        deadline=_finish_deadline(ctx, deadline), mentions=tuple(_orig_mention(ctx, m) for m in mentions),
        span=span, truncated=False,
        evidence=_orig(ctx, evidence_span.start, evidence_span.end) if evidence_span else "",
        evidence_span=evidence_span,
    )


def _assignments(ctx: _Context, units: list[MarkedUnit], inherited: bool) -> tuple[Assignment, ...]:
    seen: dict[str, int] = {}
    out: list[Assignment] = []
    for marked in units:
        unit = marked.unit
        written = _orig(ctx, unit.start, unit.start + len(unit.written))
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
    raw = _orig(ctx, deadline.span.start, deadline.span.end).strip()
    return with_year(replace(deadline, raw=raw or deadline.raw), ctx.year)


def _orig_mention(ctx: _Context, mention: Mention) -> Mention:
    if mention.kind == "region":
        return mention
    return replace(mention, name=_orig(ctx, mention.span.start, mention.span.end))


def _orig(ctx: _Context, start: int, end: int) -> str:
    return ctx.original[start:end]


def _trim_end(norm: str, start: int, end: int) -> int:
    while end > start and norm[end - 1].isspace():
        end -= 1
    return end


def _paragraph_tasks(ctx: _Context, start: int, end: int, skip: list[tuple[int, int]]) -> list[Task]:
    """Paragraphs outside any numbered item that still carry a marker are tasks of their own."""
    tasks: list[Task] = []
    for line in re.finditer(r"[^\n]+", ctx.norm[:end]):
        s, e = line.start(), line.end()
        if s < start or any(a <= s < b for a, b in skip) or len(line.group().strip()) < 8:
            continue
        markers = find_markers(ctx.norm, s, e)
        if not markers:
            continue
        k = len(tasks) + 1
        title = _orig(ctx, s, s + len(title_of(ctx.norm, s, min(m.span.start for m in markers))))
        span = Span(s, _trim_end(ctx.norm, s, e))
        task_id = f"{ctx.doc_id}-l{k}"
        tasks.append(_task(ctx, task_id, None, (f"¶{k}",), title.strip(), span, None, None, markers, False))
    return tasks


def _table_tasks(ctx: _Context, tables: list[Table], problems: dict[str, Problem]) -> list[Task]:
    tasks = []
    for t_index, table in enumerate(tables, start=1):
        for r_index, row in enumerate(table.tasks, start=1):
            tasks.append(_table_task(ctx, t_index, r_index, row, problems))
    return tasks


def _table_task(ctx: _Context, t_index: int, r_index: int, row: TableTask, problems: dict[str, Problem]) -> Task:
    problem = None
    if row.problem and row.problem_span:
        problem = _add_problem(ctx, problems, _orig(ctx, row.problem_span.start, row.problem_span.end).strip(),
                               row.problem_span)
    number = row.number if row.number is not None else r_index
    marker = Marker(row.span, row.units, row.deadline, "table")
    title = _orig(ctx, row.text_span.start, row.text_span.start
                  + len(title_of(ctx.norm, row.text_span.start, row.text_span.end)))
    task = _task(ctx, f"{ctx.doc_id}-r{t_index}.{number}", number, (f"表{t_index}", str(number)), title,
                 row.span, problem, None, [marker], False)
    return replace(task, evidence=_orig(ctx, row.span.start, row.span.end), evidence_span=row.span)


def _flag_truncation(ctx: _Context, tasks: list[Task]) -> list[Task]:
    """The last task, cut off before any marker and mid-sentence, is kept and flagged truncated."""
    if not tasks:
        return tasks
    last = max(tasks, key=lambda t: t.span.end)
    if not last.assignments and not ctx.norm[last.span.start:last.span.end].rstrip().endswith(_TERMINAL):
        tasks = [replace(t, truncated=True) if t is last else t for t in tasks]
    return tasks


def _warnings(tasks: list[Task]) -> list[str]:
    warnings = []
    if not tasks:
        warnings.append("no tasks found: no numbered item carries a responsibility marker")
    for task in tasks:
        where = f"task {'/'.join(task.path)} ({task.title[:20]})"
        if task.truncated:
            warnings.append(f"{where}: text is cut off before its responsibility marker (truncated)")
        elif not task.assignments:
            warnings.append(f"{where}: no responsible unit")
        elif task.assignments[0].inherited:
            warnings.append(f"{where}: responsible units taken from the enclosing item")
    return warnings
