"""The parser process api.parse_pool starts: `python -m api.parse_worker FD`. It reads jobs from
the socket FD and answers each with ("ok", parsed) / ("error", LoaderError) / ("crash", text),
until the socket closes. It imports the readers and the parser only (no web, no store)."""

from __future__ import annotations

import os
import sys
from multiprocessing.connection import Connection
from typing import Any

from loaders.errors import DutygraphError, LoaderError, UnreadableDocument
from loaders.formats.read import read_bytes
from loaders.parse import parse_text

# Parsing an upload is background work; reads are someone waiting. On a busy machine the
# scheduler should give the server's threads the CPU first.
NICENESS = 10


def serve_jobs(conn: Connection) -> None:
    """Answer jobs until the other end goes away."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run(job))


def run(job: Any) -> tuple[str, Any]:
    """Return the answer to one job (an api.parse_pool.ParseJob)."""
    try:
        read = read_bytes(job.data, job.name, job.max_bytes, job.limits)
        return "ok", parse_text(read.text, source=job.name, year=job.year, locations=read.locations)
    except LoaderError as exc:
        return "error", type(exc)(str(exc))  # bare: the traceback and cause stay here
    except DutygraphError as exc:
        return "error", UnreadableDocument(str(exc))
    except Exception as exc:  # a parser bug: reported, and the worker lives on
        return "crash", f"{exc.__class__.__name__}: {exc}"


if __name__ == "__main__":
    os.nice(NICENESS)
    serve_jobs(Connection(int(sys.argv[1])))
