"""`dutygraph serve`: the HTTP API with uvicorn, optionally loading documents first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.cli_graph import Sub, _opened, _store_flags, _summary_text
from graph.errors import StoreUnavailable
from graph.service import expand_paths, load_paths
from graph.store import GraphStore


def add_serve_command(commands: Sub) -> None:
    p = commands.add_parser("serve", help="serve the HTTP API", parents=[_store_flags()],
                            description="Serve the HTTP API (OpenAPI docs at /docs). Writes need DUTYGRAPH_TOKEN; "
                                        "uploads are limited by DUTYGRAPH_MAX_UPLOAD (10MB, 1.5GB or bytes; "
                                        "default 10MB). Other limits: see README.md.")
    p.add_argument("--load", nargs="+", type=Path, default=[], metavar="PATH", help="documents to load first")
    p.add_argument("--year", type=int, help="year for deadlines written without one (with --load)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(run=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from api.settings import ApiSettings

    settings = ApiSettings.from_env()  # first: a bad setting is a one-line error, before any store opens
    with _opened(args) as store:
        if args.load:
            _load_first(store, args)
        print(f"dutygraph: serving the {store.kind} store on http://{args.host}:{args.port} (docs at /docs)",
              file=sys.stderr)
        uvicorn.run(create_app(settings, store), host=args.host, port=args.port, log_level="warning")
    return 0


def _load_first(store: GraphStore, args: argparse.Namespace) -> None:
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
