"""`dutygraph serve`: the HTTP API with uvicorn, optionally loading documents first, in one
process or in several worker processes that all serve the same store (the SQLite file, or Neo4j)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from api.cli_graph import Sub, _opened, _store_flags, _summary_text
from graph.errors import StoreUnavailable
from graph.settings import StoreSettings
from loaders.errors import DutygraphError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from graph.store import GraphStore

FACTORY = "api.cli_serve:app_from_env"


def add_serve_command(commands: Sub) -> None:
    p = commands.add_parser("serve", help="serve the HTTP API", parents=[_store_flags()],
                            description="Serve the HTTP API (OpenAPI docs at /docs). Writes need DUTYGRAPH_TOKEN; "
                                        "uploads are limited by DUTYGRAPH_MAX_UPLOAD (bytes, default 10 MB).")
    p.add_argument("--load", nargs="+", type=Path, default=[], metavar="PATH", help="documents to load first")
    p.add_argument("--year", type=int, help="year for deadlines written without one (with --load)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="worker processes (default 1); every worker serves the same store")
    p.set_defaults(run=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from api.settings import ApiSettings

    if args.workers < 1:
        raise DutygraphError(f"--workers must be at least 1, not {args.workers}")
    with _opened(args) as store:
        if args.load:
            _load_first(store, args)
        print(f"dutygraph: serving the {store.kind} store on http://{args.host}:{args.port} with "
              f"{args.workers} worker{'s' if args.workers > 1 else ''} (docs at /docs)", file=sys.stderr)
        if args.workers == 1:
            uvicorn.run(create_app(ApiSettings.from_env(), store), host=args.host, port=args.port, log_level="warning")
            return 0
    # Workers are fresh processes: they read the store settings from the environment, as chosen here.
    settings = StoreSettings.from_env(args.store, args.data_dir)
    os.environ.update(settings.as_env())
    os.environ["DUTYGRAPH_DATA"] = str(settings.data_dir.resolve())
    uvicorn.run(FACTORY, factory=True, workers=args.workers, host=args.host, port=args.port, log_level="warning")
    return 0


def app_from_env() -> FastAPI:
    """Return the app one worker process serves, with settings read here, at the edge."""
    from fastapi import Request, Response
    from starlette.middleware.base import RequestResponseEndpoint

    from api.app import create_app
    from api.settings import ApiSettings
    from graph.settings import open_store

    app = create_app(ApiSettings.from_env(), open_store(StoreSettings.from_env()))
    worker = str(os.getpid())

    @app.middleware("http")
    async def name_the_worker(request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers["X-Dutygraph-Worker"] = worker  # which process answered (operations, tests)
        return response

    return app


def _load_first(store: GraphStore, args: argparse.Namespace) -> None:
    from graph.service import expand_paths, load_paths

    files = list(expand_paths(args.load))
    try:
        summary = load_paths(store, files, year=args.year)
        agencies = store.counts().get("Agency", 0)
    except StoreUnavailable as exc:  # serve anyway: /health reports it, and the store may come back
        print(f"dutygraph: warning: could not load documents: {exc}", file=sys.stderr)
        return
    print(_summary_text(summary, agencies), file=sys.stderr)
    for error in summary.errors:
        print(f"dutygraph: error: {error}", file=sys.stderr)
