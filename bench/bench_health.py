"""How fast /health answers, and how fast it notices Neo4j is gone.

    python -m bench.bench_health

1. /health latency, idle and while the server is busy: 100 whole-graph page builds asked for and
   abandoned at once, and a 4 MB upload being parsed (target: < 100 ms).
2. Seconds until /health says 503: Neo4j at a port nothing listens on (first answer), and a
   Neo4j killed under a served API (from the kill to the first 503); target < 1 s.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from api.http.app import create_app
from api.settings import ApiSettings
from bench.bombs import large_valid_text
from bench.common import machine, percentiles, table
from bench.soak_upload import served_store
from graph.stores.neo4j import Neo4jStore
from tests.neo4j_server import Neo4jServer, free_port, launcher_problem
from tests.served import ServedApp

TOKEN = "health-token"


def health_latencies(http: httpx.Client, n: int = 200) -> list[float]:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        assert http.get("/health").status_code == 200
        samples.append(time.perf_counter() - started)
        time.sleep(0.005)
    return samples


def busy_rows(docs: int) -> list[list[object]]:
    app = create_app(ApiSettings(token=TOKEN, max_upload_bytes=8 * 1024 * 1024), served_store(docs))
    rows: list[list[object]] = []
    with ServedApp(app) as served, httpx.Client(base_url=served.url, timeout=60) as http:
        rows.append(["idle", *_ms(health_latencies(http))])
        for _ in range(100):
            with socket.create_connection(("127.0.0.1", served.port)) as sock:
                sock.sendall(b"GET /viz/graph?budget=5000 HTTP/1.1\r\nHost: x\r\n\r\n")
        big = large_valid_text(4 * 1024 * 1024).encode()
        upload = threading.Thread(target=lambda: httpx.post(f"{served.url}/documents", files={"file": ("b.txt", big)},
                                                            headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120))
        upload.start()
        rows.append(["100 page builds abandoned + a 4 MB upload parsing", *_ms(health_latencies(http))])
        upload.join()
    return rows


def _ms(samples: list[float]) -> list[str]:
    p50, p99 = percentiles(samples)
    return [f"{p50:.1f}", f"{p99:.1f}", f"{max(samples) * 1000:.1f}"]


def unreachable_seconds() -> float:
    store = Neo4jStore(f"bolt://127.0.0.1:{free_port()}")
    try:
        with ServedApp(create_app(ApiSettings(), store)) as served:
            started = time.perf_counter()
            assert httpx.get(f"{served.url}/health", timeout=60).status_code == 503
            return time.perf_counter() - started
    finally:
        store.close()


def killed_seconds() -> float | None:
    if launcher_problem():
        return None
    with tempfile.TemporaryDirectory() as folder:
        server = Neo4jServer(Path(folder) / "data").start()
        store = Neo4jStore(server.uri)
        try:
            with ServedApp(create_app(ApiSettings(), store)) as served, httpx.Client(base_url=served.url) as http:
                while http.get("/health").status_code != 200:
                    time.sleep(0.05)
                server.kill()
                killed = time.perf_counter()
                while http.get("/health").status_code == 200:
                    time.sleep(0.005)
                return time.perf_counter() - killed
        finally:
            store.close()
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=150, help="generated documents in the served graph")
    args = parser.parse_args(argv)
    rows = busy_rows(args.docs)
    print(f"# /health latency (200 calls each); {machine()}\n")
    print(table(["server state", "p50 ms", "p99 ms", "max ms"], rows))
    killed = killed_seconds()
    print("\n# Seconds until /health says 503\n")
    print(table(["Neo4j", "seconds"], [["nothing listening on its port (first answer)", f"{unreachable_seconds():.2f}"],
                                       ["killed under a served API", "skipped (no launcher)" if killed is None
                                        else f"{killed:.2f}"]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
