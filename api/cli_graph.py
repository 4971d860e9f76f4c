"""Graph commands of the CLI (load, query, export) — filled in with the graph store."""

from __future__ import annotations

import argparse


def add_graph_commands(commands: argparse._SubParsersAction) -> None:
    """Register the graph commands (none yet)."""
