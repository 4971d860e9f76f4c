"""What the serving benchmarks share: a prepared SQLite data directory, `dutygraph serve` in a
process of its own (with N workers), and reading a process's memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.bench_load import make_facts
from graph.facts import DocumentFacts
from graph.stores.sqlite import SqliteStore
from tests.neo4j_server import free_port

TOKEN = "bench-token"


def prepared(data_dir: Path, tasks: int) -> Path:
    """Return a data directory holding `tasks` generated tasks (made once, then reused)."""
    if not (data_dir / "dutygraph.db").exists():
        fill(data_dir, make_facts(tasks))
    return data_dir


def fill(data_dir: Path, facts: list[DocumentFacts], per_transaction: int = 50) -> None:
    store = SqliteStore(data_dir)
    for i in range(0, len(facts), per_transaction):
        store.write_documents(facts[i:i + per_transaction])
    store.close()


def busy_agency(data_dir: Path, rank: int = 2) -> str:
    """Return the canonical name of a busy agency (not a group, and its name unambiguous)."""
    from datetime import date

    from graph import queries

    store = SqliteStore(data_dir)
    names = [r.node.props["name"] for r in queries.agency_summaries(store, date.today(), limit=200).rows
             if r.node.label == "Agency"]
    unique = [n for n in names if len(queries.find_agencies(store, n)) == 1]
    store.close()
    return str(unique[min(rank, len(unique) - 1)])


class Server:
    """`dutygraph serve` over a data directory, in its own process group."""

    def __init__(self, data_dir: Path, workers: int = 1, store: str = "sqlite") -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "DUTYGRAPH_TOKEN": TOKEN, "DUTYGRAPH_STORE": store}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--data-dir", str(data_dir), "--port", str(self.port),
             "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
            start_new_session=True)
        self.ready_after = self._wait()

    def _wait(self, timeout: float = 120.0) -> float:
        """Return seconds from the process start until /health answered 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/health", timeout=1).status_code == 200:
                    return time.perf_counter() - self.started
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.005)
        raise RuntimeError("dutygraph serve did not answer /health")

    def worker_pids(self) -> list[int]:
        """The processes answering requests: the server itself, or its uvicorn workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(c) for c in children if "spawn_main" in _cmdline(int(c))] or [self.process.pid]

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
