"""`dutygraph neo4j start|stop|status`: a local Neo4j for users without Docker, from the Maven-built
launcher, detached, with its database, log and pid file in DATA_DIR/neo4j."""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from api.cli.common import Sub
from graph.settings import StoreSettings
from loaders.errors import DutygraphError

EXIT_NOT_RUNNING = 3  # what `service … status` answers for a stopped service (LSB)


def add_neo4j_command(commands: Sub) -> None:
    from graph.stores.neo4j_launcher import DEFAULT_PORT

    p = commands.add_parser("neo4j", help="run a local Neo4j without Docker: start, stop, status",
                            description="A local Neo4j 5.26 from the Maven-built launcher (make neo4j-launcher; "
                                        "needs Java 17), on 127.0.0.1 without authentication, detached: its "
                                        "database, log and pid file are in DATA_DIR/neo4j.")
    actions = p.add_subparsers(title="actions", metavar="ACTION")
    start = actions.add_parser("start", help="start it and wait until it answers; prints its NEO4J_URI",
                               parents=[_home_flag()])
    start.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"Bolt port (default {DEFAULT_PORT})")
    start.add_argument("--heap", default="512m", help="Java heap (default 512m)")
    start.set_defaults(run=_run_start)
    actions.add_parser("stop", help="stop it cleanly", parents=[_home_flag()]).set_defaults(run=_run_stop)
    actions.add_parser("status", help="say whether it runs (exit 3 when not)",
                       parents=[_home_flag()]).set_defaults(run=_run_status)


def _home_flag() -> argparse.ArgumentParser:
    flags = argparse.ArgumentParser(add_help=False)
    flags.add_argument("--data-dir", type=Path, help="Neo4j lives in DATA_DIR/neo4j ($DUTYGRAPH_DATA, default ./data)")
    return flags


def _home(args: argparse.Namespace) -> Path:
    return StoreSettings.from_env(None, args.data_dir).data_dir / "neo4j"


def _run_start(args: argparse.Namespace) -> int:
    from graph.stores.neo4j_launcher import LaunchError, launcher_problem, running, start_detached

    home = _home(args)
    problem = launcher_problem()
    if problem:
        raise DutygraphError(f"cannot start Neo4j: {problem}")
    already = running(home)
    if already is not None:
        print(f"Neo4j is already running at {already.uri} (pid {already.pid}, data in {already.data_dir})")
        return 0
    _require_free(args.port)
    print(f"starting Neo4j on port {args.port} (data and log in {home}); this takes about 20 s", file=sys.stderr)
    try:
        record = start_detached(home, args.port, args.heap)
    except LaunchError as exc:
        raise DutygraphError(f"Neo4j did not start: {exc}") from exc
    print(f"Neo4j is running at {record.uri} (pid {record.pid}; log {record.log})\n"
          f"use it:  NEO4J_URI={record.uri} dutygraph serve --store neo4j\n"
          f"stop it: dutygraph neo4j stop{_data_flag(args)}")
    return 0


def _require_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise DutygraphError(f"port {port} on 127.0.0.1 is taken (another Neo4j?): choose another with "
                                 f"--port {port + 1}, then NEO4J_URI=bolt://127.0.0.1:{port + 1}") from exc


def _run_stop(args: argparse.Namespace) -> int:
    from graph.stores.neo4j_launcher import stop_detached

    stopped = stop_detached(_home(args))
    print(f"stopped Neo4j at {stopped.uri} (pid {stopped.pid})" if stopped else f"Neo4j is not running ({_home(args)})")
    return 0


def _run_status(args: argparse.Namespace) -> int:
    from graph.stores.neo4j_launcher import running

    record = running(_home(args))
    if record is None:
        print(f"Neo4j is not running (nothing started from {_home(args)})")
        return EXIT_NOT_RUNNING
    print(f"Neo4j is running at {record.uri} (pid {record.pid}; data in {record.data_dir}; log {record.log})")
    return 0


def _data_flag(args: argparse.Namespace) -> str:
    return f" --data-dir {args.data_dir}" if args.data_dir else ""
