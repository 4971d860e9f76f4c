"""Small helpers for reading parse results in tests."""

from __future__ import annotations

from loaders import parse_text
from loaders.records import ParsedDocument, Task


def parse(text: str, **kwargs: object) -> ParsedDocument:
    return parse_text(text, source="t.txt", **kwargs)  # type: ignore[arg-type]


def units(task: Task) -> list[tuple[str, str]]:
    return [(a.name, a.role) for a in task.assignments]


def only_task(text: str, **kwargs: object) -> Task:
    parsed = parse(text, **kwargs)
    assert len(parsed.tasks) == 1, [t.title for t in parsed.tasks]
    return parsed.tasks[0]
