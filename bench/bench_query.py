"""Query latency (p50/p99) at growing sizes, on both stores: an agency's tasks, its load, the
tasks two agencies share, tasks due by a date.

    python -m bench.bench_query --sizes 1000 10000 100000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.bench_load import make_facts
from bench.common import machine, percentiles, table
from graph import queries
from graph.facts import DocumentFacts
from graph.store import GraphStore
from graph.stores.sqlite import SqliteStore

REPEAT = 200


def busiest_agencies(facts: list[DocumentFacts], n: int = 20) -> list[str]:
    counts = Counter(e.target for f in facts for e in f.edges
                     if e.type == "ASSIGNED_TO" and e.target.startswith("agency:"))
    return [a for a, _ in counts.most_common(n)]


def common_pairs(facts: list[DocumentFacts], n: int = 20) -> list[tuple[str, str]]:
    """The agency pairs that share the most tasks (coordination questions worth asking)."""
    by_task: dict[str, list[str]] = {}
    for f in facts:
        for e in f.edges:
            if e.type == "ASSIGNED_TO" and e.target.startswith("agency:"):
                by_task.setdefault(e.source, []).append(e.target)
    pairs = Counter((a, b) for agencies in by_task.values() for i, a in enumerate(agencies) for b in agencies[i + 1:])
    return [p for p, _ in pairs.most_common(n)]


Pairs = list[tuple[str, str]]


def workload(store: GraphStore, agencies: list[str], pairs: Pairs) -> dict[str, Callable[[int], object]]:
    def first_page(where: queries.TaskFilter) -> list[object]:
        return list(store.tasks(where, 50).rows)

    return {
        "agency tasks (all rows)": lambda i: queries.agency_tasks(store, agencies[i % len(agencies)]),
        "agency tasks (first page of 50)": lambda i: first_page(queries.TaskFilter(agency=agencies[i % len(agencies)])),
        "agency load": lambda i: queries.agency_load(store, agencies[i % len(agencies)]),
        "coordination of two": lambda i: queries.shared_tasks(store, list(pairs[i % len(pairs)])),
        "due by a date (all rows)": lambda i: queries.tasks_due_by(store, 1 + i % 2, 2021),
        "due by a date (first page of 50)": lambda i: first_page(
            queries.TaskFilter(due_by=queries.DueBy(1 + i % 2, 2021))),
    }


def measure(store: GraphStore, agencies: list[str], pairs: Pairs) -> dict[str, tuple[float, float, int]]:
    out = {}
    for name, query in workload(store, agencies, pairs).items():
        for i in range(10):  # warm caches and plans
            query(i)
        samples, sizes = [], []
        for i in range(REPEAT):
            started = time.perf_counter()
            result = query(i)
            samples.append(time.perf_counter() - started)
            sizes.append(len(result) if isinstance(result, list) else getattr(result, "total", 0))
        p50, p99 = percentiles(samples)
        out[name] = (p50, p99, sorted(sizes)[len(sizes) // 2])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--stores", nargs="+", default=["sqlite", "neo4j"], choices=["sqlite", "neo4j"])
    args = parser.parse_args(argv)
    facts = make_facts(max(args.sizes))
    per_doc = [sum(1 for n in f.nodes if n.label == "Task") for f in facts]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        server = None
        if "neo4j" in args.stores:
            from tests.neo4j_server import Neo4jServer

            server = Neo4jServer(Path(tmp) / "neo4j", heap="3g", pagecache_mb=1024).start()
        try:
            for size in sorted(args.sizes):
                count, tasks = 0, 0
                while tasks < size and count < len(facts):
                    tasks += per_doc[count]
                    count += 1
                subset = facts[:count]
                agencies, pairs = busiest_agencies(subset), common_pairs(subset)
                for kind in args.stores:
                    store = _loaded(kind, subset, server.uri if server else "", Path(tmp) / f"sqlite-{size}")
                    for name, (p50, p99, median_rows) in measure(store, agencies, pairs).items():
                        rows.append([kind, f"{tasks:,}", name, f"{p50:.2f}", f"{p99:.2f}", median_rows])
                    store.close()
                print(f"measured {tasks:,} tasks", file=sys.stderr)
        finally:
            if server:
                server.stop()
    print(f"# Query latency, {REPEAT} runs each, busiest 20 agencies in turn ({machine()})\n")
    print(table(["store", "tasks", "query", "p50 ms", "p99 ms", "median rows"], rows))
    return 0


def _loaded(kind: str, facts: list[DocumentFacts], uri: str, folder: Path) -> GraphStore:
    if kind == "sqlite":
        embedded = SqliteStore(folder)
        for i in range(0, len(facts), 100):
            embedded.write_documents(facts[i:i + 100])
        return embedded
    from graph.stores.neo4j import Neo4jStore

    neo = Neo4jStore(uri)
    neo.clear()
    for i in range(0, len(facts), 100):
        neo.write_documents(facts[i:i + 100])
    return neo


if __name__ == "__main__":
    sys.exit(main())
