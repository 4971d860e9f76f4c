"""Start and stop the embedded Neo4j launcher (tests/neo4j_launcher) as a real server on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

LAUNCHER = Path(__file__).parent / "neo4j_launcher"
CLASSPATH = f"{LAUNCHER / 'target' / 'classes'}{os.pathsep}{LAUNCHER / 'target' / 'lib' / '*'}"
# The flags Neo4j's own launcher passes on Java 17.
JAVA_FLAGS = ["-XX:+UseG1GC", "--add-opens=java.base/java.nio=ALL-UNNAMED",
              "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
              "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
              "-Dfile.encoding=UTF-8"]


def launcher_problem() -> str | None:
    """Return why the launcher cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "no java on PATH (Neo4j tests need Java 17)"
    if not (LAUNCHER / "target" / "classes" / "dutygraph" / "Neo4jLauncher.class").exists():
        return "Neo4j launcher not built: run `make neo4j-launcher`"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Neo4jServer:
    """One embedded Neo4j process with its data in `data_dir`."""

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
            self.process = subprocess.Popen(
                ["java", f"-Xmx{self.heap}", *JAVA_FLAGS, "-cp", CLASSPATH, "dutygraph.Neo4jLauncher", str(self.port),
                 str(self.data_dir), str(self.pagecache_mb)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
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
