"""Loading many documents into each store: time, relationships per second, peak memory.

    python -m bench.bench_load --tasks 100000            # SQLite and Neo4j (started here)
    python -m bench.bench_load --tasks 10000 --stores sqlite
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

from bench.common import machine, table
from bench.corpus import Generator
from graph.build import build_facts
from graph.facts import DocumentFacts
from graph.stores.sqlite import FILE_NAME, SqliteStore
from loaders.parse import parse_text


def make_facts(tasks: int, seed: int = 3) -> list[DocumentFacts]:
    """Parse generated documents until they hold `tasks` tasks; return their graph facts (kept in
    $DUTYGRAPH_BENCH_CACHE, when set, so several benchmarks share one preparation)."""
    cache = os.environ.get("DUTYGRAPH_BENCH_CACHE")
    path = Path(cache) / f"facts-{tasks}-{seed}.pickle" if cache else None
    if path is not None and path.exists():
        with path.open("rb") as fh:
            return list(pickle.load(fh))
    facts = _generate(tasks, seed)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            pickle.dump(facts, fh)
    return facts


def _generate(tasks: int, seed: int) -> list[DocumentFacts]:
    gen, out, total, i = Generator(seed), [], 0, 0
    while total < tasks:
        doc = gen.document(i)
        parsed = parse_text(doc.text, source=doc.name)
        out.append(build_facts(parsed))
        total += len(parsed.tasks)
        i += 1
    return out


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def load_sqlite(facts: list[DocumentFacts], folder: Path, per_transaction: int) -> dict[str, float]:
    before = rss_mb()
    store = SqliteStore(folder)
    started = time.perf_counter()
    for i in range(0, len(facts), per_transaction):
        store.write_documents(facts[i:i + per_transaction])
    seconds = time.perf_counter() - started
    store.close()
    reopened_at = time.perf_counter()
    SqliteStore(folder).close()
    reopen = time.perf_counter() - reopened_at
    size = sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith(FILE_NAME))
    return {"seconds": seconds, "reopen": reopen, "peak_mb": rss_mb("VmHWM") - before, "file_mb": size / 2**20}


def load_neo4j(facts: list[DocumentFacts], uri: str, per_transaction: int) -> dict[str, float]:
    from graph.stores.neo4j import Neo4jStore

    store = Neo4jStore(uri)
    store.clear()
    store.ensure_schema()
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(facts), per_transaction):
        store.write_documents(facts[i:i + per_transaction])
    seconds = time.perf_counter() - started
    store.close()
    return {"seconds": seconds, "client_cpu": time.process_time() - cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--stores", nargs="+", default=["sqlite", "neo4j"], choices=["sqlite", "neo4j"])
    parser.add_argument("--per-transaction", type=int, default=50, help="documents per transaction")
    parser.add_argument("--neo4j-uri", help="use this server instead of starting one")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    facts = make_facts(args.tasks)
    rels = sum(len(f.edges) for f in facts)
    nodes = sum(len(f.nodes) for f in facts)
    print(f"prepared {len(facts):,} documents, {args.tasks:,}+ tasks, {rels:,} relationships in "
          f"{time.perf_counter() - started:.0f} s (not timed below)", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if "sqlite" in args.stores:
            r = load_sqlite(facts, Path(tmp) / "sqlite", args.per_transaction)
            rows.append([f"SQLite ({args.per_transaction} documents per transaction)", f"{r['seconds']:.1f}",
                         f"{rels / r['seconds']:,.0f}", f"{r['peak_mb']:,.0f} MB",
                         f"{r['file_mb']:.0f} MB file; reopen {r['reopen'] * 1000:.0f} ms"])
        if "neo4j" in args.stores:
            uri, server = args.neo4j_uri, None
            if uri is None:
                from tests.neo4j_server import Neo4jServer

                server = Neo4jServer(Path(tmp) / "neo4j", heap="3g", pagecache_mb=1024).start()
                uri = server.uri
            try:
                r = load_neo4j(facts, uri, args.per_transaction)
            finally:
                if server:
                    server.stop()
            rows.append([f"Neo4j 5.26 ({args.per_transaction} documents per transaction)", f"{r['seconds']:.1f}",
                         f"{rels / r['seconds']:,.0f}", "server heap ≤ 3 GB",
                         f"batched UNWIND, one tx per batch; client CPU {r['client_cpu']:.1f} s"])
    print(f"# Load: {len(facts):,} documents, {args.tasks:,}+ tasks, {nodes:,} node rows, {rels:,} relationships "
          f"({machine()})\n")
    print(table(["store", "seconds", "relationships/s", "peak memory", "notes"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
