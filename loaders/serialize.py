"""The `dutygraph parse --json` shape of a ParsedDocument."""

from __future__ import annotations

from typing import Any

from loaders.records import Assignment, Deadline, Mention, ParsedDocument, SourceLocation, Task


def parsed_to_json(parsed: ParsedDocument) -> dict[str, Any]:
    """Return the JSON-ready dict of one parsed document."""
    doc = parsed.document
    return {
        "document": {"id": doc.id, "title": doc.title, "issuer": doc.issuer, "year": doc.year,
                     "source": doc.source, "sha256": doc.sha256, "year_source": doc.year_source,
                     "province": doc.province, "number": doc.number,
                     "cites": [{"title": c.title, "number": c.number} for c in doc.cites]},
        "problems": [{"id": p.id, "ordinal": p.ordinal, "text": p.text, "span": p.span.as_list()}
                     for p in parsed.problems],
        "tasks": [task_to_json(t) for t in parsed.tasks],
        "warnings": list(parsed.warnings),
    }


def task_to_json(task: Task) -> dict[str, Any]:
    return {
        "id": task.id, "number": task.number, "path": list(task.path), "title": task.title, "text": task.text,
        "problem": task.problem, "list": task.task_list,
        "assignments": [assignment_to_json(a) for a in task.assignments],
        "leaders": list(task.leaders),
        "deadline": deadline_to_json(task.deadline),
        "mentions": {"regions": task.mention_names("region"), "platforms": task.mention_names("platform"),
                     "documents": task.mention_names("document")},
        "mention_details": [mention_to_json(m) for m in task.mentions],
        "span": task.span.as_list(), "truncated": task.truncated,
        "evidence": task.evidence,
        "evidence_span": task.evidence_span.as_list() if task.evidence_span else None,
        "source_location": location_to_json(task.source_location),
    }


def location_to_json(loc: SourceLocation | None) -> dict[str, Any] | None:
    """The cell a task came from (spreadsheets); None for other formats."""
    if loc is None:
        return None
    return {"file": loc.file, "sheet": loc.sheet, "row": loc.row, "column": loc.column}


def assignment_to_json(a: Assignment) -> dict[str, Any]:
    return {"name": a.name, "role": a.role, "collective": a.collective, "span": a.span.as_list(),
            "order": a.order, "written": a.written, "inherited": a.inherited}


def deadline_to_json(d: Deadline | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"raw": d.raw, "year": d.year, "month": d.month, "day": d.day, "kind": d.kind,
            "year_inferred": d.year_inferred, "span": d.span.as_list()}


def mention_to_json(m: Mention) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": m.kind, "name": m.name, "span": m.span.as_list()}
    if m.kind == "region":
        out.update(full=m.full, code=m.code)
    return out
