"""Graph commands of the CLI: load, query, export, documents, delete."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.cli.common import Sub, open_store, print_rows, require_existing, store_flags, summary_text
from api.cli.ledger_out import ledger_flags, run_export_xlsx
from loaders.errors import DutygraphError

if TYPE_CHECKING:
    from graph.queries import TaskFilter
    from graph.store import GraphStore, TaskRow

EXPORT_FORMATS = ("graphml", "json", "csv", "raci", "xlsx")  # graph.export.FORMATS (a test keeps them equal)


def add_graph_commands(commands: Sub) -> None:
    """Register load, query, export, documents and delete."""
    _add_load(commands)
    _add_query(commands)
    p = commands.add_parser("export", help="export the whole graph, or the ledger as xlsx",
                            parents=[store_flags(), ledger_flags()],
                            description="Export the graph: graphml, json, csv (one row per assignment), "
                                        "raci (one row per task, one column per agency, L=lead, C=co), or "
                                        "xlsx: the supervision ledger (督办台账) as an Excel workbook.")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    p.set_defaults(run=_run_export)
    p = commands.add_parser("documents", help="list loaded documents", parents=[store_flags()])
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_run_documents)
    p = commands.add_parser("delete", help="remove a document and the facts only it gave", parents=[store_flags()])
    p.add_argument("doc_id", metavar="DOC_ID")
    p.set_defaults(run=_run_delete)


# -- load --------------------------------------------------------------------------------------------

def _add_load(commands: Sub) -> None:
    p = commands.add_parser("load", help="load documents (files or folders) into the graph", parents=[store_flags()],
                            description="Parse documents and load them into the graph. Reloading an unchanged "
                                        "file does nothing; a changed file with the same name replaces its facts.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--year", type=int, help="year for deadlines written without one")
    p.set_defaults(run=_run_load)


def _run_load(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from graph.service import expand_paths, load_paths

    require_existing(args.paths)
    files = list(expand_paths(args.paths))
    if not files:
        raise DutygraphError(f"no readable documents in {', '.join(map(str, args.paths))}")
    with open_store(args) as store, tqdm(total=len(files), unit="doc", file=sys.stderr, disable=None) as bar:
        summary = load_paths(store, files, year=args.year, on_file=lambda _: bar.update())
        agencies = store.counts().get("Agency", 0)
    print(summary_text(summary, agencies))
    for error in summary.errors:
        print(f"dutygraph: error: {error}", file=sys.stderr)
    return 2 if summary.errors else 0


# -- query -------------------------------------------------------------------------------------------

def _add_query(commands: Sub) -> None:
    p = commands.add_parser("query", help="ask the graph a question")
    questions = p.add_subparsers(title="questions", metavar="QUESTION")
    flags = [store_flags(), _json_flag()]
    q = questions.add_parser("agency", help="tasks of an agency (省财政厅, finance department …)", parents=flags)
    q.add_argument("name")
    q.add_argument("--role", choices=("lead", "co"))
    q.set_defaults(run=_run_agency)
    q = questions.add_parser("load", help="an agency's cross-task load", parents=flags)
    q.add_argument("name")
    q.set_defaults(run=_run_load_query)
    q = questions.add_parser("shared", help="tasks several agencies share", parents=flags)
    q.add_argument("names", nargs="+", metavar="NAME")
    q.set_defaults(run=_run_shared)
    q = questions.add_parser("due", help="tasks due in a month (of --year, default this year)", parents=flags)
    q.add_argument("--month", type=int, required=True)
    q.add_argument("--year", type=int)
    q.set_defaults(run=_run_due)
    q = questions.add_parser("unowned", help="tasks with no responsible unit", parents=flags)
    q.set_defaults(run=_run_unowned)


def _json_flag() -> argparse.ArgumentParser:
    flag = argparse.ArgumentParser(add_help=False)
    flag.add_argument("--json", action="store_true", help="print JSON")
    return flag


def _run_agency(args: argparse.Namespace) -> int:
    from graph import queries

    with open_store(args) as store:
        agency = queries.resolve_agency(store, args.name)
        return _print_tasks(args, store, queries.TaskFilter(agency=agency.id, role=args.role),
                            f"{agency.props.get('name')} ({args.role or 'any role'})", roles_of=(agency.id,))


def _run_shared(args: argparse.Namespace) -> int:
    from graph import queries

    with open_store(args) as store:
        agencies = [queries.resolve_agency(store, n) for n in args.names]
        names = "、".join(str(a.props.get("name")) for a in agencies)
        return _print_tasks(args, store, queries.TaskFilter(shared=tuple(a.id for a in agencies)),
                            f"shared by {names}", roles_of=tuple(a.id for a in agencies))


def _run_due(args: argparse.Namespace) -> int:
    from datetime import date

    from graph import queries
    from graph.ledger.lights import year_unknown_of
    from graph.periods import Period, window

    span = window(Period(month=args.month, year=args.year), date.today())
    if span.year_assumed:
        print(f"dutygraph: read as {span.text}; give --year for another", file=sys.stderr)
    where = queries.TaskFilter(due=queries.DueWindow(span.end, span.start))
    with open_store(args) as store:
        status = _print_tasks(args, store, where, f"due in {span.start:%Y-%m}")
        # never placed in a year: named instead, those of this month of an unknown year by id
        total, named = year_unknown_of(store, where, months=(args.month, args.month))
        if total:
            print(f"dutygraph: {total} tasks fall due in month {args.month} of a year the document does not give "
                  f"(not placed in {span.start.year}): {', '.join(t['id'] for t in named)}"
                  f"{' …' if total > len(named) else ''}; set the year with `dutygraph set-year`", file=sys.stderr)
        return status


def _run_unowned(args: argparse.Namespace) -> int:
    from graph import queries

    with open_store(args) as store:
        return _print_tasks(args, store, queries.TaskFilter(unowned=True), "with no responsible unit")


def _run_load_query(args: argparse.Namespace) -> int:
    from graph import queries

    with open_store(args) as store:
        agency = queries.resolve_agency(store, args.name)
        load = queries.agency_load(store, agency.id)
    data: dict[str, Any] = {
            "agency": agency.props.get("name"), "id": agency.id, "total": load.total, "by_role": load.by_role,
            "by_month": load.by_month, "by_list": load.by_list, "by_problem": load.by_problem,
            "by_document": load.by_document, "overdue": load.overdue, "due_soon": load.due_soon,
            "co_agencies": [{"id": i, "name": n, "shared_tasks": c} for i, n, c in load.co_agencies]}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{data['agency']}: {load.total} tasks — lead {load.by_role['lead']}, co {load.by_role['co']}, "
          f"overdue {load.overdue}")
    for key in ("by_month", "by_list", "by_problem", "by_document"):
        print(f"  {key.replace('_', ' ')}: " + "; ".join(f"{k} {v}" for k, v in sorted(data[key].items())))
    print("  works most with: " + "; ".join(f"{n} ({c})" for _, n, c in load.co_agencies[:8]))
    return 0


def _print_tasks(args: argparse.Namespace, store: GraphStore, where: TaskFilter, heading: str,
                 roles_of: tuple[str, ...] = ()) -> int:
    """Print every task meeting `where` (full rows, with provenance, for --json): its number and
    title, then the role of each agency asked about, who leads and supports it, its deadline, and
    the document it comes from (title and id, for `dutygraph delete` or /documents/{id})."""
    from api.shapes import task_json
    from graph import queries

    rows = queries.task_page(store, where, full=args.json).rows
    if args.json:
        print(json.dumps([task_json(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    print(f"{len(rows)} tasks {heading}")
    for row in rows:
        print(f"  {row.props.get('number') or '-':>3}  {row.props.get('title')}")
        print(f"       {' | '.join(task_facts(row, roles_of))}")
    return 0


def task_facts(row: TaskRow, roles_of: tuple[str, ...] = ()) -> list[str]:
    """Return a task's facts for a listing: the asked agencies' roles, lead, co, due, document."""
    from graph.ledger.terms import display_deadline

    by_agency = {a.target: a for a in row.assignments}
    roles = [f"{by_agency[i].name if len(roles_of) > 1 else 'role'}: {by_agency[i].role}"
             for i in roles_of if i in by_agency]
    leads = "、".join(a.name for a in row.assignments if a.role == "lead") or "—"
    co = "、".join(a.name for a in row.assignments if a.role == "co") or "—"
    document = f"{row.document_title or '?'} [{row.props.get('doc')}]"
    return [*roles, f"lead: {leads}", f"co: {co}", f"due: {display_deadline(row.props) or '—'}", document]


# -- export, documents, delete -------------------------------------------------------------------------

def _run_export(args: argparse.Namespace) -> int:
    from graph.export import export

    if args.format == "xlsx" and not args.output:
        raise DutygraphError("an xlsx workbook is written to a file: add -o ledger.xlsx")
    with open_store(args) as store:
        data = run_export_xlsx(args, store) if args.format == "xlsx" else export(store, args.format).encode("utf-8")
    if args.output:
        args.output.write_bytes(data)
        print(f"wrote {args.output} ({args.format})", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _run_documents(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        docs = store.nodes("Document")
    rows = [{"id": d.id, "title": d.props.get("title"), "source": d.props.get("source"),
             "tasks": d.props.get("tasks"), "year": d.props.get("year")} for d in docs]
    print_rows(args, rows, lambda row: f"{row['id']}  {row['source']}  {row['tasks']} tasks  {row['title']}")
    return 0


def _run_delete(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if not store.delete_document(args.doc_id):
            raise DutygraphError(f"no document with id {args.doc_id!r} (see `dutygraph documents`)")
        from graph.ledger.corrections import orphan_document

        orphan_document(store, args.doc_id)  # its corrections are kept and reported, not dropped
    print(f"deleted {args.doc_id}")
    return 0
