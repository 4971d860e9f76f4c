"""Ledger commands of the CLI: correct a task, set a document's year, report progress, list
corrections and the audit log. The same checks as the API: bad input writes nothing."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from api.cli.common import Sub, open_store, print_rows, store_flags
from loaders.errors import DutygraphError


def add_ledger_commands(commands: Sub) -> None:
    """Register correct, set-year, progress, corrections and audit."""
    who = argparse.ArgumentParser(add_help=False)
    who.add_argument("--by", required=True, help="who makes the change (kept in the audit log)")
    who.add_argument("--reason", required=True, help="why (kept in the audit log)")
    p = commands.add_parser("correct", help="correct what the parser said about a task", parents=[store_flags(), who],
                            description="Correct a task: each option is one correction, kept apart from the parsed "
                                        "facts and applied again whenever the document is reloaded.")
    p.add_argument("task_id", metavar="TASK_ID")
    p.add_argument("--add", action="append", default=[], metavar="UNIT:ROLE", help="assign a unit (省审计厅:co)")
    p.add_argument("--role", action="append", default=[], metavar="UNIT:ROLE", help="change a unit's role")
    p.add_argument("--remove", action="append", default=[], metavar="UNIT", help="remove a unit")
    p.add_argument("--deadline", metavar="YYYY-MM-DD|none", help="set the deadline (none: no deadline)")
    p.add_argument("--leaders", metavar="NAME,NAME", help="set the leaders (empty: none)")
    p.add_argument("--not-a-task", action="store_true", help="the parser took something that is not a task")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_run_correct)
    p = commands.add_parser("set-year", help="set a document's year: its year-less deadlines fall in it",
                            parents=[store_flags(), who])
    p.add_argument("doc_id", metavar="DOC_ID")
    p.add_argument("year", type=int, metavar="YEAR")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_run_set_year)
    _add_progress(commands)
    p = commands.add_parser("corrections", help="list corrections (--orphaned: those whose task is gone or changed)",
                            parents=[store_flags()])
    p.add_argument("--orphaned", action="store_true")
    p.add_argument("--document", metavar="DOC_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_run_corrections)
    p = commands.add_parser("audit", help="the audit log of progress reports and corrections", parents=[store_flags()])
    p.add_argument("--by")
    p.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD")
    p.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD")
    p.add_argument("--document", metavar="DOC_ID")
    p.add_argument("--task", metavar="TASK_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_run_audit)


def _add_progress(commands: Sub) -> None:
    p = commands.add_parser("progress", help="report progress on a task, show its history, or record a progress sheet",
                            parents=[store_flags()],
                            description="With --status, record a progress report; without, print the history. "
                                        "Given a sheet file (xlsx, xls, ods, csv: 任务编号 or 序号 [+ 来源文件], 状态, "
                                        "进展情况 [, 报告日期, 报告人]), record every row or, when any row has an "
                                        "error, none (exit 2), printing each row's verdict.")
    p.add_argument("task_id", metavar="TASK_ID|FILE")
    p.add_argument("--status", help="未开始 / 推进中 / 已完成 / 已销号")
    p.add_argument("--note", default="", help="进展情况")
    p.add_argument("--by", help="who reports (needed with --status)")
    p.add_argument("--reported", type=date.fromisoformat, metavar="YYYY-MM-DD", help="day reported (default today)")
    p.add_argument("--dry-run", action="store_true", help="a sheet: check every row, record nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_run_progress)


def _is_sheet(value: str) -> bool:
    """True when `value` names a file (a task id is never a file, nor ends in .csv or .xlsx)."""
    from loaders.formats.sheets import SHEET_SUFFIXES

    return Path(value).suffix.lower() in SHEET_SUFFIXES or Path(value).is_file()


def _unit(value: str, flag: str) -> dict[str, str]:
    name, _, role = value.rpartition(":")
    if not name or role not in ("lead", "co"):
        raise DutygraphError(f"{flag} {value!r}: write UNIT:lead or UNIT:co (省审计厅:co)")
    return {"agency": name, "role": role}


def changes_of(args: argparse.Namespace) -> list[tuple[str, dict[str, Any]]]:
    """Return the corrections the options ask for, in the order the API applies them."""
    out: list[tuple[str, dict[str, Any]]] = [("add_assignment", _unit(v, "--add")) for v in args.add]
    out += [("set_role", _unit(v, "--role")) for v in args.role]
    out += [("remove_assignment", {"agency": v}) for v in args.remove]
    if args.deadline is not None:
        out.append(("set_deadline", {"deadline": None if args.deadline.lower() == "none" else args.deadline}))
    if args.leaders is not None:
        out.append(("set_leaders", {"leaders": [n for n in args.leaders.replace("、", ",").split(",") if n.strip()]}))
    if args.not_a_task:
        out.append(("not_a_task", {}))
    return out


def _run_correct(args: argparse.Namespace) -> int:
    from graph.ledger.corrections import correct

    with open_store(args) as store:
        row = store.task(args.task_id)
        if row is None:
            raise DutygraphError(f"no task with id {args.task_id!r}")
        made = correct(store, str(row.props.get("doc")), args.task_id, changes_of(args), args.by, args.reason)
    _print_corrections(args, [c.as_json() for c in made])
    return 0


def _run_set_year(args: argparse.Namespace) -> int:
    from graph.ledger.corrections import correct

    with open_store(args) as store:
        made = correct(store, args.doc_id, None, [("document_year", {"year": args.year})], args.by, args.reason)
    _print_corrections(args, [c.as_json() for c in made])
    return 0


def _run_progress(args: argparse.Namespace) -> int:
    from graph.ledger import records
    from graph.ledger.progress import record_progress

    if args.status is None and _is_sheet(args.task_id):  # a progress sheet: api.cli.ledger_out
        from api.cli.ledger_out import run_progress_sheet

        args.sheet = Path(args.task_id)
        return run_progress_sheet(args)
    with open_store(args) as store:
        if args.status is not None:
            entry = records.make_progress(args.task_id, args.status, args.note, args.reported or date.today(),
                                         args.by or "")
            record_progress(store, [entry])
        elif store.task(args.task_id) is None:
            raise DutygraphError(f"no task with id {args.task_id!r}")
        history = [p.as_json() for p in store.progress_history(args.task_id)]
    print_rows(args, history, lambda p: f"{p['reported']}  {p['status']}  {p['by']}  {p['note']}")
    return 0


def _run_corrections(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        found = store.corrections(doc=args.document, state="orphaned" if args.orphaned else None)
    _print_corrections(args, [c.as_json() for c in found])
    return 0


def _print_corrections(args: argparse.Namespace, rows: list[dict[str, Any]]) -> None:
    print_rows(args, rows, _correction_line)


def _correction_line(c: dict[str, Any]) -> str:
    state = f"  [{c['state']}: {c['state_reason']}]" if c["state"] != "active" else ""
    target = c["task_id"] or c["document"]
    return (f"{c['id']}  {target}  {c['kind']} {json.dumps(c['change'], ensure_ascii=False)}  "
            f"by {c['by']}: {c['reason']}{state}")


def _run_audit(args: argparse.Namespace) -> int:
    from graph.ledger.records import AuditFilter

    with open_store(args) as store:
        _, lines = store.audit(AuditFilter(args.by, args.since, args.until, args.document, args.task), None)
    rows = [e.as_json() for e in lines]
    print_rows(args, rows, lambda e: f"{e['at']}  {e['by']}  {e['action']}  {e['task_id'] or e['document'] or ''}  "
                                      f"{e['reason']}")
    return 0
