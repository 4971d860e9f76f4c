"""`dutygraph parse`: read documents and print their tasks, as a table or as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from api.cli.common import Sub, require_existing
from loaders.formats.read import DEFAULT_MAX_BYTES, NEEDS_SYSTEM_PACKAGE, SUPPORTED
from loaders.records import ParsedDocument
from loaders.serialize import parsed_to_json


def add_parse_command(commands: Sub) -> None:
    p = commands.add_parser(
        "parse", help="parse documents and print their tasks",
        description=f"Parse task documents ({', '.join(SUPPORTED)}) and print their tasks, "
                    "responsible units and deadlines. Bad files give a one-line error and exit 2. "
                    + " ".join(f"{suffix} needs a system package: {hint}."
                               for suffix, hint in NEEDS_SYSTEM_PACKAGE.items()),
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true",
                   help="print records as JSON (one object, or a list for several files)")
    p.add_argument("--year", type=int, help="the document's year, for deadlines written without one")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse files larger than this")
    p.set_defaults(run=_run_parse)


def _run_parse(args: argparse.Namespace) -> int:
    from loaders.parse import parse_file

    require_existing(args.files)
    parsed = [parse_file(path, year=args.year, max_bytes=args.max_bytes) for path in args.files]
    if args.json:
        data = [with_canonical_names(p) for p in parsed]
        print(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
        return 0
    for doc in parsed:
        print(render_table(doc))
    return 0


def with_canonical_names(parsed: ParsedDocument) -> dict[str, Any]:
    """Return the parse JSON with each assignment's canonical agency (resolved in the issuing
    jurisdiction) and whether the registry knows it."""
    from graph.registry.agencies import default_registry
    from graph.registry.jurisdiction import document_jurisdiction

    where = document_jurisdiction(parsed.document)
    registry = default_registry()
    data = parsed_to_json(parsed)
    for task in data["tasks"]:
        for assignment in task["assignments"]:
            agency = registry.resolve(assignment["name"], where)
            assignment.update(canonical=agency.name, agency_id=agency.id, resolved=agency.resolved)
    return data


def render_table(parsed: ParsedDocument) -> str:
    """Return a readable table of one document's tasks."""
    doc = parsed.document
    lines = [f"{doc.source}: {doc.title}  (issuer: {doc.issuer or '?'}, year: {doc.year or '?'}, "
             f"{len(parsed.tasks)} tasks, {len(parsed.problems)} problems)"]
    problems = {p.id: p.ordinal for p in parsed.problems}
    for task in parsed.tasks:
        lead = "、".join(a.name for a in task.assignments if a.role == "lead") or "—"
        co = "、".join(a.name for a in task.assignments if a.role == "co") or "—"
        due = task.deadline.raw if task.deadline else "—"
        flag = "  [truncated]" if task.truncated else ""
        problem = f"P{problems[task.problem]} " if task.problem else ""
        lines.append(f"  {'/'.join(task.path):<14} {problem}{task.title}{flag}")
        lines.append(f"      lead: {lead} | co: {co} | due: {due}")
    for warning in parsed.warnings:
        lines.append(f"  warning: {warning}")
    return "\n".join(lines)
