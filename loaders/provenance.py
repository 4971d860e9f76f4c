"""Which spreadsheet cell a task came from: its text's span looked up among the cell locations
the reader kept (loaders.formats.sheet_text), so a task read from a sheet says file, sheet, row and column."""

from __future__ import annotations

import bisect
from dataclasses import replace
from pathlib import Path

from loaders.records import CellLocation, SourceLocation, Task


def with_locations(tasks: list[Task], source: str, locations: tuple[CellLocation, ...]) -> list[Task]:
    """Return the tasks, each with the cell its title (or text) starts in; unchanged without locations."""
    if not locations:
        return tasks
    starts = [loc.span.start for loc in locations]
    return [replace(t, source_location=_cell_of(t, Path(source).name, starts, locations)) for t in tasks]


def _cell_of(task: Task, file: str, starts: list[int], locations: tuple[CellLocation, ...]) -> SourceLocation | None:
    at = task.span.start
    if task.title:
        at += max(task.text.find(task.title), 0)
    k = bisect.bisect_right(starts, at) - 1
    if k < 0 or at >= locations[k].span.end:
        return None
    cell = locations[k]
    return SourceLocation(file, cell.sheet, cell.row, cell.column)
