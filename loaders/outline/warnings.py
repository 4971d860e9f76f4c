"""What a document's parse did not understand, said per document: numbered items with no unit,
table headers not classified, and labels (…:) near items that are not known field labels."""

from __future__ import annotations

import re

from loaders.outline.structure import Heading
from loaders.outline.tables import Table
from loaders.phrases.deadlines import YEARS
from loaders.phrases.labels import label_kind
from loaders.records import Task

_LINE_LABEL = re.compile(r"^[ \t]*(?P<key>[\u4e00-\u9fff]{2,8})[ \t]*:", re.M)
_MAX_PER_KIND = 20


def document_warnings(norm: str, tasks: list[Task], tables: list[Table], headings: list[Heading]) -> list[str]:
    """Return the warnings of one parse, most useful first."""
    out: list[str] = []
    if not tasks:
        out.append("no tasks found: no numbered item or table row carries a responsibility marker")
    out += _task_warnings(tasks)
    for index, table in enumerate(tables, start=1):
        if table.unclassified:
            out.append(f"table {index}: header cells not understood (columns skipped): "
                       f"{', '.join(table.unclassified)}")
    out += _unknown_labels(norm, tasks)
    return out


def _task_warnings(tasks: list[Task]) -> list[str]:
    out = []
    for task in tasks:
        where = f"task {'/'.join(task.path)} ({task.title[:20]})"
        if task.truncated:
            out.append(f"{where}: text is cut off inside or before its responsibility marker (truncated)")
        elif not task.assignments:
            out.append(f"{where}: no responsible unit")
        elif task.assignments[0].inherited:
            out.append(f"{where}: responsible units taken from the enclosing item")
        if task.deadline is not None and task.deadline.month is None and _ODD_YEAR.search(task.deadline.raw):
            out.append(f"{where}: deadline {task.deadline.raw!r} names a year outside "
                       f"{YEARS[0]}–{YEARS[1]}; kept as text, not a date")
    return out


_ODD_YEAR = re.compile(r"(?<!\d)(?!19[5-9]\d|20\d\d|2100)\d{4}(?!\d)\s*年")


def _unknown_labels(norm: str, tasks: list[Task]) -> list[str]:
    """Labels at a line start inside tasks that are not field labels (工作目标: …)."""
    seen: dict[str, int] = {}
    for task in tasks:
        for m in _LINE_LABEL.finditer(norm, task.span.start, task.span.end):
            if m.start() > task.span.start and label_kind(m["key"]) is None:
                seen[m["key"]] = seen.get(m["key"], 0) + 1
    return [f"label not understood near items: {key}: ({n}×)" for key, n in list(seen.items())[:_MAX_PER_KIND]]
