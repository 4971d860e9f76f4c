"""Uploads are read and parsed in worker processes, a bounded number at a time.

Why processes: a parse is CPU work under the GIL (one regex call can hold it for as long as the
input makes it run), so on a thread it slows every read the server answers; in a process it
holds no thread, lock or GIL of the server. And a process can be stopped: a parse that outlives
`timeout`, or whose client has gone away, is ended by killing its worker, and the next upload
gets a fresh one (`python -m api.parse_worker`, ready in about half a second). Workers are
plain subprocesses, not multiprocessing's: those re-import the server's main module in each
child, which a script without a main guard does not survive."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from loaders.errors import DocumentTooLarge, UnreadableDocument
from loaders.limits import ReadLimits
from loaders.records import ParsedDocument


@dataclass(frozen=True)
class ParseJob:
    data: bytes
    name: str
    year: int | None
    max_bytes: int
    limits: ReadLimits


class ParsePool:
    """At most `workers` parses at once; the rest wait their turn (and can be cancelled waiting)."""

    def __init__(self, workers: int = 1, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._slots = asyncio.Semaphore(workers)
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()

    async def parse(self, job: ParseJob) -> ParsedDocument:
        """Return the parsed upload; raise its LoaderError, or DocumentTooLarge past the timeout."""
        async with self._slots:
            worker = self._idle.pop() if self._idle else await asyncio.to_thread(_Worker)
            self._busy.add(worker)
            try:
                reply = await self._exchange(worker, job)
            except BaseException:  # timeout, cancellation (client gone), dead worker: end it
                worker.kill()
                raise
            finally:
                self._busy.discard(worker)
            self._idle.append(worker)
        return _result(reply, job.name)

    async def _exchange(self, worker: _Worker, job: ParseJob) -> tuple[str, Any]:
        try:
            await asyncio.to_thread(worker.conn.send, job)
            await asyncio.wait_for(_readable(worker.conn), self.timeout)
            reply: tuple[str, Any] = await asyncio.to_thread(worker.conn.recv)
        except TimeoutError:
            raise DocumentTooLarge(f"{job.name}: reading and parsing took longer than {self.timeout:g} s (limit "
                                   "DUTYGRAPH_PARSE_TIMEOUT)") from None
        except (EOFError, OSError):
            raise UnreadableDocument(f"{job.name}: the parser process died reading it (out of memory?)") from None
        return reply

    def parsing(self) -> list[int]:
        """Return the process ids of the workers parsing now."""
        return [w.process.pid for w in self._busy if w.process.pid is not None]

    def close(self) -> None:
        """Stop every worker, idle or busy."""
        for worker in [*self._idle, *self._busy]:
            worker.kill()
        self._idle.clear()


def _result(reply: tuple[str, Any], name: str) -> ParsedDocument:
    kind, value = reply
    if kind == "ok":
        parsed: ParsedDocument = value
        return parsed
    if kind == "error":
        raise value
    raise RuntimeError(f"parsing {name} failed: {value}")  # a parser bug: the API answers 500


async def _readable(conn: Connection) -> None:
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    fd = conn.fileno()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(fd, wake)
    try:
        await ready
    finally:
        loop.remove_reader(fd)


class _Worker:
    """One parser process and the socket to it."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen([sys.executable, "-m", "api.parse_worker", str(theirs.fileno())],
                                            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        self.conn = Connection(ours.detach())

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.conn.close()
