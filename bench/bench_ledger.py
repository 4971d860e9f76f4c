"""The ledger's outputs at growing sizes (SQLite): seconds to build the ledger (every task, one
table per agency), to write it as xlsx and CSV and to render the /ledger page — beside the
baseline of reading the same full task rows from the store, measured in the same run. A tenth
of the tasks carry a progress report, so the latest-progress read does real work. The generated
corpus names hundreds of units, more than a workbook may have sheets, so the sheet-per-agency
workbook takes the busiest ones.

    python -m bench.bench_ledger --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from bench.bench_load import make_facts
from bench.common import machine, table
from graph.ledger.records import make_progress
from graph.ledger.rows import LedgerQuery, build_ledger
from graph.ledger.xlsx import MAX_SHEETS, ledger_csv, ledger_xlsx
from graph.store import TaskFilter
from graph.stores.sqlite import SqliteStore
from visualizations.ledger import render_ledger

AS_OF = date(2021, 6, 1)


def seconds(work: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def measure(tasks: int) -> list[object]:
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder))
        store.write_documents(make_facts(tasks))
        ids = [t.id for t in store.tasks(TaskFilter(), None).rows]
        store.add_progress([make_progress(i, "推进中", "已部署", AS_OF, "bench") for i in ids[::10]])
        base, _ = seconds(lambda: store.tasks(TaskFilter(), None, full=True))
        start = time.perf_counter()
        ledger = build_ledger(store, LedgerQuery(as_of=AS_OF, by="agency"))
        build = time.perf_counter() - start
        flat = build_ledger(store, LedgerQuery(as_of=AS_OF, by="none"))
        xlsx, data = seconds(lambda: ledger_xlsx(flat))
        busiest = sorted(ledger.tables, key=lambda t: -len(t.rows))[:MAX_SHEETS]  # a workbook holds at most these
        sheets, _ = seconds(lambda: ledger_xlsx(replace(ledger, tables=busiest)))
        csv_s, _ = seconds(lambda: ledger_csv(flat))
        page, _ = seconds(lambda: render_ledger(flat, {}))
        store.close()
    return [len(ids), f"{base:.2f}", f"{build:.2f}", f"{xlsx:.2f}", f"{sheets:.2f}", f"{csv_s:.2f}", f"{page:.2f}",
            f"{len(data) / 1e6:.1f}"]  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args(argv)
    rows = [measure(n) for n in args.sizes]
    print(machine())
    print(table(["tasks", "baseline: read full rows (s)", "build ledger by agency (s)", "xlsx, one sheet (s)",
                 f"xlsx, sheet per agency, busiest {MAX_SHEETS} (s)", "csv (s)", "page html (s)", "xlsx MB"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
