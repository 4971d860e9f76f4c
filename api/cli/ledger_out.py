"""The ledger's outputs on the command line: `dutygraph export --format xlsx` (the ledger workbook,
with the ledger's filters) and `dutygraph progress FILE` (a progress sheet: all rows or none; the
`progress` command itself is api.cli.ledger's, which hands a sheet file here)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.ledger.rows import LedgerQuery
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
    group.add_argument("--as-of", type=_day, help="lights as of this day, YYYY-MM-DD (default today)")
    return flags


def _day(text: str) -> date:
    from graph import dates

    day = date.fromisoformat(text)
    if not dates.FIRST_YEAR <= day.year <= dates.LAST_YEAR:
        raise ValueError(f"{text} is outside {dates.FIRST_YEAR}–{dates.LAST_YEAR}")
    return day


def ledger_query(store: GraphStore, args: argparse.Namespace) -> LedgerQuery:
    """Return the ledger the export flags ask for."""
    from graph import queries
    from graph.ledger.leaders import resolve_leader
    from graph.ledger.rows import LedgerQuery

    where = queries.TaskFilter(
        agency=queries.resolve_agency(store, args.agency).id if args.agency else None,
        document=queries.find_node(store, "Document", args.document).id if args.document else None,
        leader=resolve_leader(store, args.leader).id if args.leader else None)
    return LedgerQuery(where, args.as_of or date.today(), yellow_days(), args.by, args.light)


def yellow_days() -> int:
    """Return DUTYGRAPH_YELLOW_DAYS (days before a deadline a task turns yellow), read as the API reads it."""
    from api.settings import ApiSettings

    return ApiSettings.from_env().yellow_days


def run_export_xlsx(args: argparse.Namespace, store: GraphStore) -> bytes:
    """Return the ledger workbook `dutygraph export --format xlsx` writes."""
    from graph.ledger.rows import build_ledger
    from graph.ledger.xlsx import ledger_xlsx

    return ledger_xlsx(build_ledger(store, ledger_query(store, args)))


# -- progress ----------------------------------------------------------------------------------------

def run_progress_sheet(args: argparse.Namespace) -> int:
    """Record a progress sheet (`dutygraph progress FILE`): print every row's verdict; exit 2, recording
    nothing, when any row has an error."""
    from api.cli.common import open_store  # the store the --store/--data-dir flags name
    from graph.ledger.progress_sheet import apply_progress, read_progress, read_sheet_file
    from loaders.limits import current_limits

    sheets = read_sheet_file(_sheet_bytes(args.sheet), args.sheet.name, current_limits())
    with open_store(args) as store:
        sheet = read_progress(store, sheets, args.sheet.name, args.by, date.today())
        recorded = 0 if args.dry_run or sheet.errors else apply_progress(store, sheet)
    if args.json:
        print(json.dumps({"recorded": recorded, **sheet.as_json()}, ensure_ascii=False, indent=2))
    else:
        for verdict in sheet.verdicts:
            print(verdict.text())
        print(sheet.summary() + (f"; {recorded} recorded" if not sheet.errors else "; nothing recorded"))
    if sheet.errors:
        print(f"dutygraph: error: {args.sheet.name}: {len(sheet.errors)} rows cannot be recorded, so nothing was",
              file=sys.stderr)
        return 2
    return 0


def _sheet_bytes(path: Path) -> bytes:
    """Return a progress sheet's bytes: a spreadsheet or .csv, no larger than a document may be."""
    from loaders.errors import DocumentTooLarge, UnsupportedFormat
    from loaders.formats.read import DEFAULT_MAX_BYTES
    from loaders.formats.sheets import SHEET_SUFFIXES

    if path.suffix.lower() not in SHEET_SUFFIXES:
        raise UnsupportedFormat(f"{path.name}: a progress sheet is one of {', '.join(sorted(SHEET_SUFFIXES))}")
    size = path.stat().st_size
    if size > DEFAULT_MAX_BYTES:
        raise DocumentTooLarge(f"{path.name}: {size:,} bytes is over the {DEFAULT_MAX_BYTES:,}-byte limit")
    return path.read_bytes()
