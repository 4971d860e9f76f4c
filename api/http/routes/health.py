"""`/health`: whether the store answers, told at once, whatever else the server is doing.

The route never calls the store. A monitor thread of its own pings the store every `interval`
and keeps the last answer; the route reads it. A ping still out after `deadline` counts as an
answer — "not answering" — so a Neo4j that died (the driver retries a refused connection for
seconds) is reported within interval + deadline, well under a second."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.http.errors import error_response
from graph.errors import StoreError
from graph.store import GraphStore

router = APIRouter()


@dataclass(frozen=True)
class StoreState:
    answers: bool
    error: str = ""


class HealthMonitor:
    def __init__(self, store: GraphStore, interval: float = 0.25, deadline: float = 0.5) -> None:
        self.store = store
        self.interval = interval
        self.deadline = deadline
        self._last: StoreState | None = None
        self._ping_started: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start pinging in the background (again after `stop`); idempotent."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, daemon=True, name="dutygraph-health")
                self._thread.start()

    def stop(self, wait: float = 10.0) -> None:
        """Stop pinging and wait (at most `wait` seconds) for a ping still out: whoever closes the
        store next must not close it under a ping (the Neo4j driver fails with a BufferError)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(wait)

    def state(self) -> StoreState | None:
        """Return the store's state now; None before the first ping has had its chance."""
        started = self._ping_started
        if started is not None and time.monotonic() - started > self.deadline:
            return StoreState(False, f"the {self.store.kind} store is not answering: no reply to a ping within "
                                     f"{self.deadline:g} s")
        return self._last

    def _run(self) -> None:
        while not self._stop.is_set():
            self._ping_started = time.monotonic()
            self._last = self._ping()
            self._ping_started = None
            self._stop.wait(self.interval)

    def _ping(self) -> StoreState:
        try:
            self.store.ping()
        except StoreError as exc:
            return StoreState(False, str(exc))
        except Exception as exc:  # the monitor must outlive any surprise; it reports it instead
            return StoreState(False, f"the {self.store.kind} store failed a ping: {exc.__class__.__name__}: {exc}")
        return StoreState(True)


@router.get("/health", tags=["health"], summary="Store kind and whether it answers")
async def health(request: Request) -> Any:
    monitor: HealthMonitor = request.app.state.health
    monitor.start()  # already running when the app was started with its lifespan
    state = monitor.state()
    while state is None:  # only just after start-up: the first ping has under `deadline` to answer
        await asyncio.sleep(0.01)
        state = monitor.state()
    kind = monitor.store.kind
    if not state.answers:
        return error_response(503, state.error, store=kind, answers=False)
    return JSONResponse({"ok": True, "store": kind, "answers": True})
