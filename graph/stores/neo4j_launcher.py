"""A real Neo4j on 127.0.0.1 without Docker: the Maven-built embedded launcher (tests/neo4j_launcher,
`make neo4j-launcher`), run by the tests for a session (`Neo4jServer`) and by `dutygraph neo4j
start` for a user, detached, with its pid, port and log beside its data (`start_detached`,
`running`, `stop_detached`).

The launcher shuts down cleanly when its stdin closes, which is how a test's server never
outlives the test. A detached server is given a pipe whose write end it holds itself, so its stdin
never closes, and it is stopped with SIGTERM, which runs the same clean shutdown (its shutdown hook).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

LAUNCHER = Path(__file__).resolve().parents[2] / "tests" / "neo4j_launcher"
CLASSPATH = f"{LAUNCHER / 'target' / 'classes'}{os.pathsep}{LAUNCHER / 'target' / 'lib' / '*'}"
# The flags Neo4j's own launcher passes on Java 17.
JAVA_FLAGS = ["-XX:+UseG1GC", "--add-opens=java.base/java.nio=ALL-UNNAMED",
              "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
              "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
              "-Dfile.encoding=UTF-8"]
MAIN_CLASS = "dutygraph.Neo4jLauncher"
DEFAULT_PORT = 7687  # Bolt's own port: the default NEO4J_URI, bolt://127.0.0.1:7687
PID_FILE = "neo4j.json"
LOG_FILE = "neo4j.log"


def launcher_problem() -> str | None:
    """Return why the launcher cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "no java on PATH (Neo4j needs Java 17)"
    if not (LAUNCHER / "target" / "classes" / "dutygraph" / "Neo4jLauncher.class").exists():
        return "Neo4j launcher not built: run `make neo4j-launcher` (needs Maven)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def launcher_command(port: int, data_dir: Path, heap: str = "512m", pagecache_mb: int = 64) -> list[str]:
    return ["java", f"-Xmx{heap}", *JAVA_FLAGS, "-cp", CLASSPATH, MAIN_CLASS, str(port), str(data_dir),
            str(pagecache_mb)]


class Neo4jServer:
    """One embedded Neo4j process with its data in `data_dir`, living as long as this object holds it."""

    def __init__(self, data_dir: Path, port: int | None = None, heap: str = "512m", pagecache_mb: int = 64) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.heap = heap
        self.pagecache_mb = pagecache_mb
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir.parent / f"neo4j-{self.port}.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def start(self, timeout: float = 180.0) -> Neo4jServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(launcher_command(self.port, self.data_dir, self.heap, self.pagecache_mb),
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
        ready = threading.Event()
        assert self.process.stdout is not None
        stdout = self.process.stdout

        def watch() -> None:
            for line in stdout:
                if line.startswith(b"READY"):
                    ready.set()

        threading.Thread(target=watch, daemon=True).start()
        deadline = time.monotonic() + timeout
        while not ready.wait(0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log.read_text(errors="replace")[-2000:]
                self.kill()
                raise RuntimeError(f"Neo4j did not start on port {self.port}; log tail:\n{tail}")
        return self

    def stop(self) -> None:
        """Shut down cleanly: closing stdin makes the launcher exit."""
        if self.process is None:
            return
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def kill(self) -> None:
        """Stop the server abruptly, as a crash or a pulled plug would."""
        if self.process is None:
            return
        self.process.kill()
        self.process.wait(30)
        self.process = None


# -- detached: `dutygraph neo4j start|stop|status` -----------------------------------------------------

@dataclass(frozen=True)
class Detached:
    """A detached server as its pid file records it."""

    pid: int
    port: int
    data_dir: str
    log: str

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


class LaunchError(RuntimeError):
    """The detached server could not be started (the message says why, with the log's tail)."""


def running(home: Path) -> Detached | None:
    """Return the detached server whose pid file is in `home`, when that process is still the launcher."""
    try:
        record = Detached(**json.loads((home / PID_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return record if _is_launcher(record.pid) else None


def start_detached(home: Path, port: int = DEFAULT_PORT, heap: str = "512m", timeout: float = 180.0) -> Detached:
    """Start a Neo4j that outlives this process, its database in home/db, log in home/neo4j.log; wait
    until it answers. The caller checks first that none runs there and that the port is free."""
    home.mkdir(parents=True, exist_ok=True)
    log = home / LOG_FILE
    mark = log.stat().st_size if log.exists() else 0
    read_end, write_end = os.pipe()
    with log.open("ab") as out:
        process = subprocess.Popen(launcher_command(port, (home / "db").resolve(), heap), stdin=read_end, stdout=out,
                                   stderr=out, pass_fds=(write_end,), start_new_session=True, close_fds=True)
    os.close(read_end)
    os.close(write_end)  # only the server holds the write end now: its stdin never reaches end-of-file
    record = Detached(process.pid, port, str(home.resolve()), str(log.resolve()))
    (home / PID_FILE).write_text(json.dumps(asdict(record)), encoding="utf-8")
    _wait_ready(process, log, mark, port, timeout)
    return record


def _wait_ready(process: subprocess.Popen[bytes], log: Path, mark: int, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if f"READY {port}".encode() in _read_from(log, mark):
            return
        if process.poll() is not None:
            raise LaunchError(f"Neo4j exited with status {process.returncode}; log tail:\n{_tail(log, mark)}")
        time.sleep(0.3)
    process.terminate()
    raise LaunchError(f"Neo4j did not answer within {timeout:.0f} s; log tail:\n{_tail(log, mark)}")


def stop_detached(home: Path, timeout: float = 60.0) -> Detached | None:
    """Stop the detached server of `home` (SIGTERM: a clean shutdown) and wait for it; return what
    was stopped, or None when nothing ran."""
    record = running(home)
    if record is not None:
        os.kill(record.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _is_launcher(record.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _is_launcher(record.pid):
            os.kill(record.pid, signal.SIGKILL)
    (home / PID_FILE).unlink(missing_ok=True)
    return record


def _is_launcher(pid: int) -> bool:
    """True when `pid` is alive and is our launcher (a pid the system reused for another program is not)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return MAIN_CLASS.encode() in cmdline and state != "Z"


def _read_from(log: Path, mark: int) -> bytes:
    with log.open("rb") as fh:
        fh.seek(mark)
        return fh.read()


def _tail(log: Path, mark: int) -> str:
    return _read_from(log, mark)[-2000:].decode(errors="replace")
