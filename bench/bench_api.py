"""API throughput and latency from a separate process (wrk) on loopback, at 1, 8 and 32
concurrent clients, beside a trivial endpoint of the same app (/health) as the HTTP floor.

    python -m bench.bench_api --tasks 10000 --seconds 10
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.bench_load import make_facts
from bench.bench_query import busiest_agencies
from bench.common import machine, table
from graph.stores.sqlite import SqliteStore
from tests.neo4j_server import free_port

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2
    facts = make_facts(args.tasks)
    agency = busiest_agencies(facts, 5)[2]  # a busy agency, not the single busiest
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp))
        for i in range(0, len(facts), 100):
            store.write_documents(facts[i:i + 100])
        store.close()
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--data-dir", tmp, "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base)
            name = quote(agency.removeprefix("agency:"))
            paths = {"/health (floor)": "/health", "/agencies/{name}/tasks": f"/agencies/{name}/tasks",
                     "/agencies/{name}/load": f"/agencies/{name}/load"}
            rows: list[list[object]] = []
            floor: dict[int, float] = {}
            for clients in args.clients:
                for label, path in paths.items():
                    r = wrk(base + path, clients, args.seconds)
                    floor.setdefault(clients, r["rps"])
                    rows.append([label, clients, f"{r['rps']:,.0f}", f"{r['rps'] / floor[clients]:.0%}",
                                 f"{r['p50']:.1f}", f"{r['p99']:.1f}", r["errors"]])
        finally:
            server.terminate()
            server.wait(10)
    print(f"# API: {args.tasks:,} tasks on the embedded store, agency {agency.removeprefix('agency:')}, "
          f"one uvicorn process, wrk {args.seconds} s per cell ({machine()})\n")
    print(table(["endpoint", "clients", "requests/s", "vs floor", "p50 ms", "p99 ms", "non-2xx"], rows))
    return 0


def _wait(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the API did not start")


if __name__ == "__main__":
    sys.exit(main())
