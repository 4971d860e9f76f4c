"""`dutygraph serve`: the HTTP API with uvicorn, optionally loading documents first, in one
process or in several worker processes that all serve the same store (the SQLite file, or Neo4j)."""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.cli.common import Sub, open_store, require_existing, store_flags, summary_text
from graph.errors import StoreUnavailable
from graph.settings import StoreSettings
from loaders.errors import DutygraphError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from graph.store import GraphStore

FACTORY = "api.cli.serve:app_from_env"


def add_serve_command(commands: Sub) -> None:
    p = commands.add_parser("serve", help="serve the HTTP API", parents=[store_flags()],
                            description="Serve the HTTP API (OpenAPI docs at /docs). Writes need DUTYGRAPH_TOKEN; "
                                        "uploads are limited by DUTYGRAPH_MAX_UPLOAD (10MB, 1.5GB or bytes; "
                                        "default 10MB). Other limits: see README.md.")
    p.add_argument("--load", nargs="+", type=Path, default=[], metavar="PATH", help="documents to load first")
    p.add_argument("--year", type=int, help="year for deadlines written without one (with --load)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="worker processes (default 1); every worker serves the same store")
    p.set_defaults(run=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.http.app import create_app
    from api.http.protocol import uvicorn_config
    from api.settings import ApiSettings

    settings = ApiSettings.from_env()  # first: a bad setting is a one-line error, before any store opens
    if args.workers < 1:
        raise DutygraphError(f"--workers must be at least 1, not {args.workers}")
    if args.load:
        require_existing(args.load)
    listener = bind_listener(args.host, args.port)  # a taken port is said before anything loads
    with open_store(args) as store:
        if args.load:
            _load_first(store, args)
        print(f"dutygraph: serving the {store.kind} store on http://{args.host}:{args.port} with "
              f"{args.workers} worker{'s' if args.workers > 1 else ''} (docs at /docs)", file=sys.stderr)
        if args.workers == 1:
            app = create_app(settings, store)
            warm_up_in_background()
            uvicorn.Server(uvicorn_config(app, host=args.host, port=args.port, log_level="warning")).run(
                sockets=[listener])
            return 0
    # Workers are fresh processes: they read the store settings from the environment, as chosen here.
    store_settings = StoreSettings.from_env(args.store, args.data_dir)
    os.environ.update(store_settings.as_env())
    os.environ["DUTYGRAPH_DATA"] = str(store_settings.data_dir.resolve())
    _serve_workers(args.workers, args.host, args.port, listener)
    return 0


def bind_listener(host: str, port: int) -> socket.socket:
    """Return the server's TCP socket bound to host:port. A port in use (a second `make run`) is a
    one-line error here, before uvicorn, whose own message would come once per attempt and worker."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # Declared TCP: uvicorn binds with proto 0, so asyncio never sets TCP_NODELAY on the sockets it
    # accepts and every keep-alive answer waits ~40 ms for a delayed ACK (uvicorn issue #3149, open in 0.54).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: restart through TIME_WAIT
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise DutygraphError(f"port {port} on {host} is taken (is dutygraph already serving there?): stop "
                                 f"it, or choose another port: --port {port + 1} (make run PORT={port + 1})") from exc
        raise DutygraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock


def _serve_workers(workers: int, host: str, port: int, listener: socket.socket) -> None:
    """uvicorn's supervisor over `workers` processes sharing one listening socket."""
    from uvicorn.supervisors import Multiprocess

    from api.http.protocol import uvicorn_config

    config = uvicorn_config(FACTORY, factory=True, workers=workers, host=host, port=port, log_level="warning")
    Multiprocess(config, sockets=[listener]).run()


def app_from_env() -> FastAPI:
    """Return the app one worker process serves, with settings read here, at the edge."""
    from api.http.app import create_app
    from api.settings import ApiSettings
    from graph.settings import open_store

    app = create_app(ApiSettings.from_env(), open_store(StoreSettings.from_env()))
    app.add_middleware(NameTheWorker)
    warm_up_in_background()
    return app


def warm_up_in_background() -> None:
    """Load the parser, the division data and the agency vocabulary on a side thread once the
    server is up: /health answers at once, and the first upload does not pay for them."""
    import threading

    def warm() -> None:
        from graph.registry.agencies import default_registry, place_english
        from loaders.parse import parse_text

        default_registry()
        place_english("浙江省")
        parse_text("浙江省人民政府办公厅关于印发某方案的通知\n一、任务\n1.做好整改。(责任单位:省财政厅)\n",
                   source="warm.txt")

    threading.Thread(target=warm, name="dutygraph-warm-up", daemon=True).start()


class NameTheWorker:
    """Add `X-Dutygraph-Worker: <pid>` to every answer: which process answered (operations, tests).
    Plain ASGI, so the answer still leaves in one write (a streaming middleware would split it and
    meet the 40 ms delayed-ACK stall)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.header = (b"x-dutygraph-worker", str(os.getpid()).encode())

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        async def named(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), self.header]
            await send(message)

        await self.app(scope, receive, named if scope["type"] == "http" else send)


def _load_first(store: GraphStore, args: argparse.Namespace) -> None:
    from graph.service import expand_paths, load_paths

    files = list(expand_paths(args.load))
    try:
        summary = load_paths(store, files, year=args.year)
        agencies = store.counts().get("Agency", 0)
    except StoreUnavailable as exc:  # serve anyway: /health reports it, and the store may come back
        print(f"dutygraph: warning: could not load documents: {exc}", file=sys.stderr)
        return
    print(summary_text(summary, agencies), file=sys.stderr)
    for error in summary.errors:
        print(f"dutygraph: error: {error}", file=sys.stderr)
