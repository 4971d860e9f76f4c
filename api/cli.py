"""The `dutygraph` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from loaders.errors import DutygraphError
from loaders.limits import ReadLimits, using_limits
from loaders.read import DEFAULT_MAX_BYTES, NEEDS_SYSTEM_PACKAGE, SUPPORTED
from loaders.records import ParsedDocument

EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        with using_limits(ReadLimits.from_env()):  # DUTYGRAPH_MAX_* (loaders.limits)
            return int(args.run(args))
    except DutygraphError as exc:
        print(f"dutygraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `dutygraph query … | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit's flush
        return 0
    except OSError as exc:  # an output file that cannot be written, a folder that cannot be listed
        print(f"dutygraph: error: {exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("dutygraph: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dutygraph",
        description="Turn government task documents (整改方案, 分工方案, 任务清单) into a graph of "
                    "problems → tasks → responsible agencies, and query it.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_parse(commands)
    from api.cli_graph import add_graph_commands
    from api.cli_ledger import add_ledger_commands
    from api.cli_neo4j import add_neo4j_command
    from api.cli_serve import add_serve_command
    from api.cli_viz import add_viz_command

    add_graph_commands(commands)
    add_ledger_commands(commands)
    add_serve_command(commands)
    add_viz_command(commands)
    add_neo4j_command(commands)
    return parser


def _add_parse(commands: argparse._SubParsersAction) -> None:
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
    from api.cli_graph import require_existing
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
    from graph.jurisdiction import document_jurisdiction
    from graph.registry import default_registry

    where = document_jurisdiction(parsed.document)
    registry = default_registry()
    data = parsed.to_json()
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


if __name__ == "__main__":
    sys.exit(main())
