"""Ledger commands of the CLI: `dutygraph export --format xlsx` (the ledger workbook, with the
ledger's filters) and `dutygraph progress FILE` (record a progress sheet: all rows or none)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.ledger_rows import LedgerQuery
    from graph.store import GraphStore

def ledger_flags() -> argparse.ArgumentParser:
    """The filters of a ledger export (the same as /ledger.xlsx takes)."""
    flags = argparse.ArgumentParser(add_help=False)
    group = flags.add_argument_group("ledger (--format xlsx)")
    group.add_argument("--agency", help="only this agency's tasks (省科技厅, an id …)")
    group.add_argument("--leader", help="only the tasks this leader oversees")
    group.add_argument("--document", help="only this document's tasks (id or title)")
    group.add_argument("--light", choices=("red", "yellow", "green", "grey"), help="only rows with this light")
    group.add_argument("--by", choices=("agency", "leader", "document", "none"), default="none",
                       help="one sheet per agency, leader or document (default: one sheet)")
    group.add_argument("--as-of", type=date.fromisoformat, help="lights as of this day, YYYY-MM-DD (default today)")
    return flags


def ledger_query(store: GraphStore, args: argparse.Namespace) -> LedgerQuery:
    """Return the ledger the export flags ask for."""
    from graph import queries
    from graph.ledger_rows import LedgerQuery

    where = queries.TaskFilter(
        agency=queries.resolve_agency(store, args.agency).id if args.agency else None,
        document=queries.find_node(store, "Document", args.document).id if args.document else None)
    return LedgerQuery(where, args.as_of or date.today(), yellow_days(), args.by, args.light, args.leader)


def yellow_days() -> int:
    """Return DUTYGRAPH_YELLOW_DAYS (days before a deadline a task turns yellow), read as the API reads it."""
    from api.settings import ApiSettings

    return ApiSettings.from_env().yellow_days


def run_export_xlsx(args: argparse.Namespace, store: GraphStore) -> bytes:
    """Return the ledger workbook `dutygraph export --format xlsx` writes."""
    from graph.ledger_rows import build_ledger
    from graph.ledger_xlsx import ledger_xlsx

    return ledger_xlsx(build_ledger(store, ledger_query(store, args)))


# -- progress ----------------------------------------------------------------------------------------

def add_progress_command(commands: argparse._SubParsersAction, store_flags: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "progress", help="record a progress sheet (xlsx, xls, ods, csv): every row or none",
        parents=[store_flags],
        description="Read a progress sheet — 任务编号 or 序号 [+ 来源文件], 状态, 进展情况 [, 报告日期, 报告人] — "
                    "and record each row's report. Every row gets a verdict; when any row has an error, "
                    "nothing is recorded and the exit status is 2.")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--by", help="who reports, for rows without a 报告人")
    p.add_argument("--dry-run", action="store_true", help="check the sheet, record nothing")
    p.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    p.set_defaults(run=run_progress)


def run_progress(args: argparse.Namespace) -> int:
    from api.cli_graph import _opened as opened_store  # the store the --store/--data-dir flags name
    from graph.progress_sheet import apply_progress, read_progress, read_sheet_file
    from loaders.limits import current_limits

    sheets = read_sheet_file(_sheet_bytes(args.file), args.file.name, current_limits())
    with opened_store(args) as store:
        sheet = read_progress(store, sheets, args.file.name, args.by, date.today())
        recorded = 0 if args.dry_run or sheet.errors else apply_progress(store, sheet)
    if args.json:
        print(json.dumps({"recorded": recorded, **sheet.as_json()}, ensure_ascii=False, indent=2))
    else:
        for verdict in sheet.verdicts:
            print(verdict.text())
        print(sheet.summary() + (f"; {recorded} recorded" if not sheet.errors else "; nothing recorded"))
    if sheet.errors:
        print(f"dutygraph: error: {args.file.name}: {len(sheet.errors)} rows cannot be recorded, so nothing was",
              file=sys.stderr)
        return 2
    return 0


def _sheet_bytes(path: Path) -> bytes:
    """Return a progress sheet's bytes: a spreadsheet or .csv, no larger than a document may be."""
    from loaders.errors import DocumentTooLarge, UnsupportedFormat
    from loaders.read import DEFAULT_MAX_BYTES
    from loaders.sheets import SHEET_SUFFIXES

    if path.suffix.lower() not in SHEET_SUFFIXES:
        raise UnsupportedFormat(f"{path.name}: a progress sheet is one of {', '.join(sorted(SHEET_SUFFIXES))}")
    size = path.stat().st_size
    if size > DEFAULT_MAX_BYTES:
        raise DocumentTooLarge(f"{path.name}: {size:,} bytes is over the {DEFAULT_MAX_BYTES:,}-byte limit")
    return path.read_bytes()
