"""API throughput and latency from a separate process (wrk) on loopback, at 1, 8 and 32
concurrent clients, beside a trivial endpoint of the same server (/health) as the HTTP floor,
with one worker process and with several.

    python -m bench.bench_api --tasks 100000 --seconds 10 --workers 1 2
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from bench.common import machine, table
from bench.serving import Server, busy_agency, prepared

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def wrk(url: str, clients: int, seconds: int) -> dict[str, float]:
    """Run wrk against url; return requests/s, p50/p99 in ms and non-2xx count."""
    out = subprocess.run(["wrk", "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{seconds}s", "--latency",
                          url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat = {p: _ms(re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", out, re.M)) for p in ("50", "99")}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": lat["50"], "p99": lat["99"], "errors": int(errors.group(1)) if errors else 0}


def _ms(match: re.Match[str] | None) -> float:
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def endpoints(agency: str) -> dict[str, str]:
    name = quote(agency)
    return {"/health (floor)": "/health", "/agencies?sort=load": "/agencies?sort=load&limit=50",
            "/tasks?limit=50": "/tasks?limit=50", "/agencies/{name}/tasks": f"/agencies/{name}/tasks",
            "/agencies/{name}/load": f"/agencies/{name}/load"}


def measure(data_dir: Path, workers: int, agency: str, clients: list[int], seconds: int) -> list[list[object]]:
    server = Server(data_dir, workers)
    rows: list[list[object]] = []
    try:
        for path in endpoints(agency).values():  # warm every worker's caches and plans
            wrk(server.base + path, 4, 1)
        for count in clients:
            floor = None
            for label, path in endpoints(agency).items():
                r = wrk(server.base + path, count, seconds)
                floor = floor or r["rps"]
                rows.append([workers, label, count, f"{r['rps']:,.0f}", f"{r['rps'] / floor:.0%}", f"{r['p50']:.1f}",
                             f"{r['p99']:.1f}", r["errors"]])
    finally:
        server.stop()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, help="a prepared data directory (made here when missing)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = prepared(args.data_dir or Path(tmp) / "data", args.tasks)
        agency = busy_agency(data_dir)
        rows = [row for workers in args.workers for row in measure(data_dir, workers, agency, args.clients,
                                                                   args.seconds)]
    print(f"# API: {args.tasks:,} tasks on the embedded store (SQLite), agency {agency}, wrk {args.seconds} s "
          f"per cell ({machine()})\n")
    print(table(["workers", "endpoint", "clients", "requests/s", "vs floor", "p50 ms", "p99 ms", "non-2xx"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
