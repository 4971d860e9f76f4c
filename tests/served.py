"""Serve an app on a real loopback port for tests (uvicorn in a thread)."""

from __future__ import annotations

import threading
import time

import uvicorn
from fastapi import FastAPI

from api.http.protocol import uvicorn_config
from tests.neo4j_server import free_port

# Debian's Chromium as root in a closed network: no sandbox, no background traffic.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


class ServedApp:
    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn_config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServedApp:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the API did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        # the store is closed next: a server still answering would use it closed
        assert not self.thread.is_alive(), "the served app did not stop within 30 s"
