"""The `dutygraph` command line: `main` and the parser every command module adds itself to, one
module per command group (parse, graph, ledger, ledger_out, serve, viz, neo4j) over `common`.
May import loaders and graph (inside a command's run, where they are heavy), visualizations and
api.shapes; never api.http, except `serve`, which starts it."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from loaders.errors import DutygraphError
from loaders.limits import ReadLimits, using_limits

EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        with using_limits(ReadLimits.from_env()):  # DUTYGRAPH_MAX_* (loaders.limits)
            return int(args.run(args))
    except DutygraphError as exc:
        print(f"dutygraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `dutygraph query … | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit's flush
        return 0
    except OSError as exc:  # an output file that cannot be written, a folder that cannot be listed
        print(f"dutygraph: error: {exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("dutygraph: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dutygraph",
        description="Turn government task documents (整改方案, 分工方案, 任务清单) into a graph of "
                    "problems → tasks → responsible agencies, and query it.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    from api.cli.graph import add_graph_commands
    from api.cli.ledger import add_ledger_commands
    from api.cli.neo4j import add_neo4j_command
    from api.cli.parse import add_parse_command
    from api.cli.serve import add_serve_command
    from api.cli.viz import add_viz_command

    add_parse_command(commands)
    add_graph_commands(commands)
    add_ledger_commands(commands)
    add_serve_command(commands)
    add_viz_command(commands)
    add_neo4j_command(commands)
    return parser


