"""`dutygraph neo4j start|stop|status` for real: a detached Neo4j that outlives the command, found
by status and stopped by stop from other processes, keeping its data across a restart."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graph.stores.neo4j_launcher import PID_FILE, running
from tests.conftest import require_launcher
from tests.neo4j_server import free_port

DUTYGRAPH = str(Path(sys.executable).parent / "dutygraph")
pytestmark = pytest.mark.neo4j


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DUTYGRAPH, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def nobody_listens(port: int) -> bool:
    """Whether no socket listens on the port. Bound as a server binds (SO_REUSEADDR): the server's
    closed connections may sit in TIME_WAIT for a minute, which a plain bind takes for "in use"."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture
def home(tmp_path):
    require_launcher()
    yield tmp_path / "data"
    left = running(tmp_path / "data" / "neo4j")
    if left is not None:  # a failed test must not leave a server behind
        os.kill(left.pid, signal.SIGKILL)


def test_start_status_stop_from_separate_processes_and_the_data_stays(home, seed_path):
    port = free_port()
    uri = f"bolt://127.0.0.1:{port}"
    assert run("neo4j", "status", "--data-dir", str(home)).returncode == 3

    started = run("neo4j", "start", "--port", str(port), "--data-dir", str(home))
    assert started.returncode == 0, started.stderr
    assert f"Neo4j is running at {uri}" in started.stdout and f"NEO4J_URI={uri}" in started.stdout
    status = run("neo4j", "status", "--data-dir", str(home))
    assert status.returncode == 0 and uri in status.stdout and "neo4j.log" in status.stdout
    assert "already running" in run("neo4j", "start", "--port", str(port), "--data-dir", str(home)).stdout

    with_neo4j = {"NEO4J_URI": uri, "DUTYGRAPH_STORE": "neo4j"}
    assert run("load", str(seed_path), env=with_neo4j).returncode == 0
    assert run("neo4j", "stop", "--data-dir", str(home)).stdout.startswith(f"stopped Neo4j at {uri}")
    assert run("neo4j", "status", "--data-dir", str(home)).returncode == 3
    assert nobody_listens(port)  # the server is gone


    assert run("neo4j", "start", "--port", str(port), "--data-dir", str(home)).returncode == 0
    listed = run("query", "agency", "省财政厅", "--json", env=with_neo4j)
    assert [t["number"] for t in json.loads(listed.stdout)] == [1, 3]
    assert run("neo4j", "stop", "--data-dir", str(home)).returncode == 0
    assert "is not running" in run("neo4j", "stop", "--data-dir", str(home)).stdout


def test_start_on_a_taken_port_is_one_line(home):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = run("neo4j", "start", "--port", str(port), "--data-dir", str(home))
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and f"port {port} on 127.0.0.1 is taken" in done.stderr
    assert not (home / "neo4j" / PID_FILE).exists()


def test_a_stale_pid_file_is_not_a_running_server(home):
    (home / "neo4j").mkdir(parents=True)
    (home / "neo4j" / PID_FILE).write_text(json.dumps({"pid": os.getpid(), "port": 1, "data_dir": "x", "log": "y"}))
    assert run("neo4j", "status", "--data-dir", str(home)).returncode == 3  # our pid is alive, but not Neo4j
