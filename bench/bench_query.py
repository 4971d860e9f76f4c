"""Query latency (p50/p99) per question at growing sizes, on both stores — and, for Neo4j, the
same answer from a plain hand-written Cypher query in the same run, with the ratio. (Those
baselines live here on purpose: they are what the store's own statements, all in
graph/stores/cypher.py, are measured against.)

    python -m bench.bench_query --sizes 1000 10000 100000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench.bench_load import make_facts
from bench.common import machine, percentiles, table
from graph import queries
from graph.facts import DocumentFacts
from graph.store import AgencyFilter, DueWindow, GraphStore, TaskFilter
from graph.stores.sqlite import SqliteStore

REPEAT = 100
TODAY = date(2021, 6, 1)
Pairs = list[tuple[str, str]]


def busiest_agencies(facts: list[DocumentFacts], n: int = 20) -> list[str]:
    counts = Counter(e.target for f in facts for e in f.edges
                     if e.type == "ASSIGNED_TO" and e.target.startswith("agency:"))
    return [a for a, _ in counts.most_common(n)]


def common_pairs(facts: list[DocumentFacts], n: int = 20) -> Pairs:
    """The agency pairs that share the most tasks (coordination questions worth asking)."""
    by_task: dict[str, list[str]] = {}
    for f in facts:
        for e in f.edges:
            if e.type == "ASSIGNED_TO" and e.target.startswith("agency:"):
                by_task.setdefault(e.source, []).append(e.target)
    pairs = Counter((a, b) for agencies in by_task.values() for i, a in enumerate(agencies) for b in agencies[i + 1:])
    return [p for p, _ in pairs.most_common(n)]


def questions(store: GraphStore, agencies: list[str], pairs: Pairs) -> dict[str, Callable[[int], object]]:
    """Each question the API asks most, as the store answers it (first page of 50 where paged)."""
    return {
        "an agency's tasks (page of 50)": lambda i: store.tasks(TaskFilter(agency=agencies[i % len(agencies)]), 50),
        "an agency's load": lambda i: store.agency_load(agencies[i % len(agencies)], TODAY, 30),
        "load ranking (page of 50)": lambda i: store.agency_ranking(AgencyFilter(), "load", TODAY, 30, 50),
        "all tasks (page of 50)": lambda i: store.tasks(TaskFilter(), 50),
        "tasks two agencies share (page)": lambda i: store.tasks(TaskFilter(shared=pairs[i % len(pairs)]), 50),
        "due by a date (page of 50)": lambda i: store.tasks(TaskFilter(due=DueWindow(date(2021, 1 + i % 2, 28))), 50),
        "resolve a name": lambda i: queries.find_agencies(store, agencies[i % len(agencies)].removeprefix("agency:")),
    }


# Plain single Cypher queries giving the same answers (tallies of returned lists done client-side).
# The same fields the store returns for a list: the task's brief properties, its units (with how
# they are written), its problem's text and its document's title.
_UNITS = ("OPTIONAL MATCH (t)-[r:ASSIGNED_TO]->(g) "
          "WITH total, t, collect([g.id, labels(g), g.name, r.role, r.order, r.written, r.doc]) AS units "
          "OPTIONAL MATCH (p:Node {id: t.problem}) OPTIONAL MATCH (d:Node {id: t.doc}) ")
_ROW = ("RETURN total, t.id AS id, t {.number, .path, .title, .doc, .problem, .list, .truncated, .deadline_raw, "
        ".due_year, .due_month, .due_day, .deadline_kind, .year_inferred, .owned} AS props, units, "
        "p.text AS problem, d.title AS document")
HAND_WRITTEN = {
    "an agency's tasks (page of 50)": (
        "MATCH (:Node {id: $a})<-[:ASSIGNED_TO]-(t:Task) WITH DISTINCT t ORDER BY t.seq WITH collect(t) AS ts "
        "UNWIND ts[0..50] AS t WITH size(ts) AS total, t " + _UNITS + _ROW),
    "an agency's load": (
        "MATCH (a:Node {id: $a})<-[r:ASSIGNED_TO]-(t:Task) "
        "WITH a, t, max(CASE r.role WHEN 'lead' THEN 1 ELSE 0 END) AS lead "
        "OPTIONAL MATCH (p:Node {id: t.problem}) OPTIONAL MATCH (d:Node {id: t.doc}) "
        "OPTIONAL MATCH (t)-[:ASSIGNED_TO]->(b:Agency) WHERE b <> a "
        "WITH t, lead, p, d, collect([b.id, b.name]) AS partners "
        "RETURN count(t) AS total, sum(lead) AS leads, collect(t.month) AS months, collect(t.list) AS lists, "
        "collect(p.text) AS problems, collect(d.title) AS documents, collect(partners) AS partners, "
        "sum(CASE WHEN t.overdue_ymd < $today THEN 1 ELSE 0 END) AS overdue, "
        "sum(CASE WHEN t.due_ymd >= $today AND t.due_ymd <= $soon THEN 1 ELSE 0 END) AS soon"),
    "load ranking (page of 50)": (
        "MATCH (a:Agency|AgencyGroup) OPTIONAL MATCH (a)<-[r:ASSIGNED_TO]-(t:Task) "
        "WITH a, count(r) AS tasks, sum(CASE r.role WHEN 'lead' THEN 1 ELSE 0 END) AS lead, "
        "sum(CASE WHEN t.overdue_ymd < $today THEN 1 ELSE 0 END) AS overdue, "
        "sum(CASE WHEN t.due_ymd >= $today AND t.due_ymd <= $soon THEN 1 ELSE 0 END) AS soon "
        "ORDER BY tasks DESC, a.name WITH collect([a.id, a.name, tasks, lead, overdue, soon]) AS rows "
        "RETURN size(rows) AS total, rows[0..50] AS page"),
    "all tasks (page of 50)": (
        "MATCH (t:Task) WITH count(t) AS total MATCH (t:Task) WITH total, t ORDER BY t.seq LIMIT 50 " + _UNITS + _ROW),
    "tasks two agencies share (page)": (
        "MATCH (:Node {id: $a})<-[:ASSIGNED_TO]-(t:Task)-[:ASSIGNED_TO]->(:Node {id: $b}) WITH DISTINCT t "
        "ORDER BY t.seq WITH collect(t) AS ts UNWIND ts[0..50] AS t WITH size(ts) AS total, t " + _UNITS + _ROW),
    "due by a date (page of 50)": (
        "MATCH (t:Task) WHERE t.due_ymd <= $ymd OR t.undated_md <= $md WITH t ORDER BY t.seq "
        "WITH collect(t) AS ts UNWIND ts[0..50] AS t WITH size(ts) AS total, t " + _UNITS + _ROW),
    "resolve a name": ("MATCH (a:Agency|AgencyGroup) WHERE a.key = $key OR a.id = $ident "
                       "RETURN a.id, labels(a), properties(a)"),
}


def hand_written(driver: Any, agencies: list[str], pairs: Pairs) -> dict[str, Callable[[int], object]]:
    def run(name: str, **params: Any) -> object:
        records, _, _ = driver.execute_query(HAND_WRITTEN[name], routing_="r", today=20210601, soon=20210701,
                                             **params)
        return records

    def params(i: int, name: str) -> dict[str, Any]:
        agency, pair = agencies[i % len(agencies)], pairs[i % len(pairs)]
        month = 1 + i % 2
        return {"a": pair[0] if "share" in name else agency, "b": pair[1],
                "ymd": 20210000 + month * 100 + 31, "md": month * 100 + 31, "key": agency.removeprefix("agency:"),
                "ident": agency.removeprefix("agency:")}

    return {name: (lambda i, n=name: run(n, **params(i, n))) for name in HAND_WRITTEN}  # type: ignore[misc]


def measure(workload: dict[str, Callable[[int], object]]) -> dict[str, tuple[float, float]]:
    out = {}
    for name, query in workload.items():
        for i in range(10):  # warm caches and plans
            query(i)
        samples = []
        for i in range(REPEAT):
            started = time.perf_counter()
            query(i)
            samples.append(time.perf_counter() - started)
        out[name] = percentiles(samples)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--stores", nargs="+", default=["sqlite", "neo4j"], choices=["sqlite", "neo4j"])
    args = parser.parse_args(argv)
    facts = make_facts(max(args.sizes))
    per_doc = [sum(1 for n in f.nodes if n.label == "Task") for f in facts]
    rows: list[list[object]] = []
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
                    rows += _rows(kind, subset, tasks, agencies, pairs, server.uri if server else "",
                                  Path(tmp) / f"sqlite-{size}")
                print(f"measured {tasks:,} tasks", file=sys.stderr)
        finally:
            if server:
                server.stop()
    print(f"# Query latency per question, {REPEAT} runs each, the 20 busiest agencies and 20 busiest pairs in turn "
          f"({machine()})\n")
    print(table(["store", "tasks", "question", "p50 ms", "p99 ms", "hand-written p50 ms", "ratio"], rows))
    return 0


def _rows(kind: str, facts: list[DocumentFacts], tasks: int, agencies: list[str], pairs: Pairs, uri: str,
          folder: Path) -> list[list[object]]:
    store = _loaded(kind, facts, uri, folder)
    ours = measure(questions(store, agencies, pairs))
    plain: dict[str, tuple[float, float]] = {}
    if kind == "neo4j":
        from neo4j import GraphDatabase

        with GraphDatabase.driver(uri, notifications_min_severity="OFF") as driver:
            plain = measure(hand_written(driver, agencies, pairs))
    store.close()
    out: list[list[object]] = []
    for name, (p50, p99) in ours.items():
        base = plain.get(name)
        out.append([kind, f"{tasks:,}", name, f"{p50:.2f}", f"{p99:.2f}", f"{base[0]:.2f}" if base else "",
                    f"{p50 / base[0]:.2f}×" if base else ""])
    return out


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
