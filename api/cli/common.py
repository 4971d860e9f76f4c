"""What every command shares: the store flags and the store they open, listings, the load summary,
and the check that named paths exist. Command modules import this, never each other."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.settings import STORE_KINDS, StoreSettings
from loaders.errors import DutygraphError

if TYPE_CHECKING:
    from graph.service import LoadSummary
    from graph.store import GraphStore

# A command imports what it needs when it runs: `dutygraph query …` in a fresh process must not
# pay for the web framework, the drawing code or the parser.
Sub = argparse._SubParsersAction


def store_flags() -> argparse.ArgumentParser:
    flags = argparse.ArgumentParser(add_help=False)
    flags.add_argument("--store", choices=STORE_KINDS,
                       help="sqlite = embedded, one file in the data dir (default, or $DUTYGRAPH_STORE); "
                            "neo4j = $NEO4J_URI")
    flags.add_argument("--data-dir", type=Path,
                       help="where the embedded store keeps its file ($DUTYGRAPH_DATA, default ./data)")
    return flags


def print_rows(args: argparse.Namespace, rows: list[dict[str, Any]], line: Callable[[dict[str, Any]], str]) -> None:
    """Print a listing: the rows as JSON with --json, else one `line(row)` each."""
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        print(line(row))


@contextmanager
def open_store(args: argparse.Namespace) -> Iterator[GraphStore]:
    from graph.settings import open_store as open_configured

    try:
        settings = StoreSettings.from_env(args.store, args.data_dir)
    except ValueError as exc:
        raise DutygraphError(str(exc)) from exc
    store = open_configured(settings)
    try:
        yield store
    finally:
        store.close()


def require_existing(paths: list[Path]) -> None:
    """Refuse the whole command, before anything is read or written, when a path named is not there."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise DutygraphError(f"{', '.join(missing)}: no such file or folder")


_WARNINGS_SHOWN = 10  # per document; the rest are counted


def summary_text(summary: LoadSummary, agencies: int) -> str:
    """Return the load summary, then each document's warnings (what the parser did not understand)."""
    status = {s: sum(r.status == s for r in summary.results) for s in ("loaded", "replaced", "unchanged", "duplicate")}
    duplicates = f", {status['duplicate']} duplicate" if status["duplicate"] else ""
    lines = [f"{len(summary.results)} documents ({status['loaded']} new, {status['replaced']} replaced, "
             f"{status['unchanged']} unchanged{duplicates}), {summary.tasks} tasks, {agencies} agencies in the graph, "
             f"{summary.warnings} warnings, {len(summary.errors)} failed"]
    for result in summary.results:
        if result.duplicate_of is not None:
            twin = result.duplicate_of
            lines.append(f"duplicate: {result.source} is the same plan as {twin.props.get('source')} "
                         f"[{twin.id}] (same title, issuer and task texts); not loaded again")
    for result in summary.results:
        if result.warnings:
            lines.append(f"warnings in {result.source}:")
            lines += [f"  - {w}" for w in result.warnings[:_WARNINGS_SHOWN]]
            if len(result.warnings) > _WARNINGS_SHOWN:
                lines.append(f"  … and {len(result.warnings) - _WARNINGS_SHOWN} more (dutygraph parse {result.source})")
    return "\n".join(lines)
