"""Replace a document again and again while a load generator (a separate process) reads the API
at ~200 requests/s: every answer must be 200, and none may mix the old and new version.

    python -m bench.soak_reload --seconds 30 --rate 200
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
from urllib.parse import quote

import httpx

from api.http.app import create_app
from api.settings import ApiSettings
from bench.common import percentiles, table
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_text
from tests.served import ServedApp

TOKEN = "soak-token"
HEAD = "浙江省人民政府办公厅关于印发某方案的通知\n一、任务\n"
VERSIONS = {
    "甲": HEAD + "1.甲版任务一。(责任单位:省科技厅、省财政厅)\n2.甲版任务二。(责任单位:省科技厅)\n",
    "乙": HEAD + "1.乙版任务一。(责任单位:省科技厅、省教育厅)\n2.乙版任务二。(责任单位:省科技厅)\n"
         "3.乙版任务三。(责任单位:省科技厅)\n",
}
SIZES = {"甲": 2, "乙": 3}


def mixed(titles: list[str]) -> bool:
    """True when an answer holds tasks of both versions, or a version's tasks only in part."""
    versions = {t[0] for t in titles}
    return len(versions) != 1 or len(titles) != SIZES[versions.pop()]


def client(base: str, doc_id: str, seconds: float, rate: float) -> dict[str, object]:
    """The load generator: paced GETs from a pool of threads; returns counts and latencies."""
    paths = [f"/documents/{doc_id}", "/agencies/" + quote("省科技厅") + "/tasks?limit=500"]
    latencies: list[float] = []
    errors = mixes = 0
    lock = threading.Lock()

    def one(i: int, http: httpx.Client) -> None:
        nonlocal errors, mixes
        started = time.perf_counter()
        response = http.get(paths[i % 2])
        elapsed = time.perf_counter() - started
        body = response.json() if response.status_code == 200 else {}
        titles = [t["title"] for t in body.get("tasks", []) if t.get("document") == doc_id]
        with lock:
            latencies.append(elapsed)
            errors += response.status_code != 200
            mixes += bool(titles) and mixed(titles)

    end = time.perf_counter() + seconds
    with httpx.Client(base_url=base, timeout=10) as http, ThreadPoolExecutor(16) as pool:
        i = 0
        while time.perf_counter() < end:
            pool.submit(one, i, http)
            i += 1
            time.sleep(max(0.0, (i / rate) - (time.perf_counter() - (end - seconds))))
    p50, p99 = percentiles(latencies)
    return {"requests": len(latencies), "errors": errors, "mixed": mixes, "p50": p50, "p99": p99,
            "rate": len(latencies) / seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--client", nargs=2, metavar=("BASE", "DOC_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.client:
        print(json.dumps(client(args.client[0], args.client[1], args.seconds, args.rate)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        return _soak(args, SqliteStore(Path(tmp)))


def _soak(args: argparse.Namespace, store: SqliteStore) -> int:
    first = parse_text(VERSIONS["甲"], source="versioned.txt")
    load_parsed(store, first)
    writes = 0
    with ServedApp(create_app(ApiSettings(token=TOKEN), store)) as served:
        generator = subprocess.Popen([sys.executable, "-m", "bench.soak_reload", "--seconds", str(args.seconds),
                                      "--rate", str(args.rate), "--client", served.url, first.document.id],
                                     stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)
        with httpx.Client(base_url=served.url, timeout=30) as http:
            while generator.poll() is None:
                version = "乙" if writes % 2 == 0 else "甲"
                answer = http.post("/documents", headers={"Authorization": f"Bearer {TOKEN}"},
                                   files={"file": ("versioned.txt", VERSIONS[version].encode())})
                assert answer.status_code == 200, answer.text
                writes += 1
                time.sleep(0.25)
        result = json.loads(generator.stdout.read() if generator.stdout else "{}")
    print(f"# Reload while serving: {args.seconds:.0f} s, target {args.rate:.0f} requests/s, "
          f"the document replaced {writes} times\n")
    print(table(["requests", "achieved/s", "non-200", "mixed answers", "p50 ms", "p99 ms"],
                [[result["requests"], f"{result['rate']:.0f}", result["errors"], result["mixed"],
                  f"{result['p50']:.1f}", f"{result['p99']:.1f}"]]))
    return 0 if result["errors"] == 0 and result["mixed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
