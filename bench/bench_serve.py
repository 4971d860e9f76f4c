"""The embedded store in service, each figure beside a baseline measured in the same run (the same
thing on a store holding only the seed document):

- `dutygraph serve` from process start until /health answers;
- a CLI query in a fresh process (wall time and peak memory);
- one-document uploads (p50) while a separate process reads an agency's tasks, and those reads'
  p99 against the same reads without uploads;
- resident memory per worker after that traffic.

    python -m bench.bench_serve --tasks 100000 --workers 1 2
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import median
from typing import Any
from urllib.parse import quote

import httpx

from bench.common import machine, percentiles, table
from bench.corpus import Generator
from bench.serving import TOKEN, Server, busy_agency, fill, prepared, rss_mb
from graph.facts import DocumentFacts
from loaders.parse import parse_text

SEED_DOC = Path(__file__).parent.parent / "tests" / "data" / "seed.txt"


def ready_seconds(data_dir: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        server = Server(data_dir)
        times.append(server.ready_after)
        server.stop()
    return median(times)


def cli_query(data_dir: Path, agency: str, runs: int = 5) -> tuple[float, float]:
    """Return (median seconds, peak MB) of `dutygraph query agency … --json` in fresh processes.
    The peak is the process's own high-water mark (VmHWM: getrusage would count the forked parent)."""
    times, peaks = [], []
    script = ("import sys; from api.cli import main; code = main(sys.argv[1:]); "
              "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1], file=sys.stderr); "
              "sys.exit(code)")
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", script, "query", "agency", agency, "--json", "--data-dir",
                               str(data_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
    return median(times), median(peaks)


def reader(base: str, path: str, seconds: float, clients: int) -> dict[str, Any]:
    """Closed-loop GETs from `clients` threads for `seconds`; return count, p50, p99 (ms)."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    end = time.perf_counter() + seconds

    def loop(_: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.perf_counter() < end:
                started = time.perf_counter()
                answer = http.get(path)
                with lock:
                    latencies.append(time.perf_counter() - started)
                    if answer.status_code != 200:
                        failures.append(f"{answer.status_code} {answer.text[:200]}")

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(loop, range(clients)))
    p50, p99 = percentiles(latencies)
    return {"requests": len(latencies), "p50": p50, "p99": p99, "failed": len(failures), "first": failures[:3]}


def reads_in_other_process(base: str, path: str, seconds: float, clients: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bench.bench_serve", "--reader", base, path, str(seconds),
                             str(clients)], stdout=subprocess.PIPE, text=True)


def uploads(base: str, documents: list[tuple[str, bytes]]) -> list[float]:
    """Upload each document once, one after another; return each upload's seconds."""
    out = []
    with httpx.Client(base_url=base, timeout=120, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        for name, data in documents:
            started = time.perf_counter()
            answer = http.post("/documents", files={"file": (name, data)})
            out.append(time.perf_counter() - started)
            assert answer.status_code == 200 and answer.json()["status"] == "loaded", answer.text
    return out


_batches = iter(range(100, 10_000))


def new_documents(count: int) -> list[tuple[str, bytes]]:
    """Return `count` generated documents no earlier call returned."""
    gen = Generator(seed=next(_batches))
    docs = []
    for i in range(count):
        doc = gen.document(10_000 + i)
        parse_text(doc.text, source=doc.name)  # a document the parser reads
        docs.append((f"upload-{gen.rng.random():.12f}-{doc.name}", doc.data))
    return docs


def serving_rows(data_dir: Path, workers: int, agency: str, seconds: float, label: str) -> list[list[object]]:
    path = f"/agencies/{quote(agency)}/tasks"
    server = Server(data_dir, workers)
    try:
        quiet = reader(server.base, path, seconds / 2, 4)  # warms every worker, and the baseline p99
        readers = reads_in_other_process(server.base, path, seconds, 4)
        times = uploads(server.base, new_documents(20))
        busy = json.loads(readers.communicate()[0])
        assert busy["failed"] == 0, busy["first"]
        rss = [rss_mb(p) for p in server.worker_pids()]
    finally:
        server.stop()
    upload_p50, upload_p99 = percentiles(times)
    return [[label, workers, f"{upload_p50:.0f}", f"{upload_p99:.0f}", f"{quiet['p99']:.1f}", f"{busy['p99']:.1f}",
             busy["requests"], f"{max(rss):.0f}"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, help="a prepared data directory (made here when missing)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=float, default=20, help="length of the reads-with-uploads phase")
    parser.add_argument("--reader", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.reader:
        base, path, seconds, clients = args.reader
        print(json.dumps(reader(base, path, float(seconds), int(clients))))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        big = prepared(args.data_dir or Path(tmp) / "big", args.tasks)
        small = Path(tmp) / "small"
        fill(small, [_seed_facts()])
        agency = busy_agency(big)
        rows = [["serve until /health answers (s)", f"{ready_seconds(small):.2f}", f"{ready_seconds(big):.2f}"]]
        small_cli, big_cli = cli_query(small, "浙江省科学技术厅"), cli_query(big, agency)
        rows.append(["CLI query, fresh process (s)", f"{small_cli[0]:.2f}", f"{big_cli[0]:.2f}"])
        rows.append(["CLI query, peak memory (MB)", f"{small_cli[1]:.0f}", f"{big_cli[1]:.0f}"])
        serving = []
        for workers in args.workers:
            small_copy = Path(tmp) / f"small-{workers}"
            fill(small_copy, [_seed_facts()])
            serving += serving_rows(small_copy, workers, "浙江省科学技术厅", args.seconds, "seed only")
            serving += serving_rows(big, workers, agency, args.seconds, f"{args.tasks:,} tasks")
    print(f"# Serving the embedded store: {args.tasks:,} tasks vs the seed alone ({machine()})\n")
    print(table(["", "seed only (baseline)", f"{args.tasks:,} tasks"], rows))
    print(f"\nUploads of 20 new documents while another process reads /agencies/{{name}}/tasks "
          f"(agency {agency}, 4 clients); reads' p99 without and with uploads:\n")
    print(table(["store", "workers", "upload p50 ms", "upload p99 ms", "reads p99 ms, quiet",
                 "reads p99 ms, during uploads", "reads during uploads", "RSS per worker MB"], serving))
    return 0


def _seed_facts() -> DocumentFacts:
    from graph.build import build_facts
    from loaders.parse import parse_file

    return build_facts(parse_file(SEED_DOC))


if __name__ == "__main__":
    sys.exit(main())
