"""`dutygraph viz …`: write a page (HTML), its JSON twin, or a chart (SVG) to a file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from api.cli.common import Sub, open_store, store_flags

if TYPE_CHECKING:
    from graph.store import GraphStore

DEFAULT_BUDGET = 2000  # visualizations.subgraphs.DEFAULT_BUDGET (imported only when a page is drawn)
MAX_BUDGET = 5000  # visualizations.subgraphs.MAX_BUDGET


def add_viz_command(commands: Sub) -> None:
    p = commands.add_parser("viz", help="write a page or chart of the graph to a file",
                            description="Write an offline HTML page (or its JSON twin with --json) or an SVG chart.")
    views = p.add_subparsers(title="views", metavar="VIEW")
    common = [store_flags(), _output_flags()]
    v = views.add_parser("agency", help="an agency's network", parents=common)
    v.add_argument("name")
    v.set_defaults(run=_run, build="agency")
    v = views.add_parser("coordination", help="agencies linked by shared tasks", parents=common)
    v.set_defaults(run=_run, build="coordination")
    v = views.add_parser("task", help="a task's neighbourhood", parents=common)
    v.add_argument("task_id")
    v.set_defaults(run=_run, build="task")
    v = views.add_parser("document", help="a document's whole graph", parents=common)
    v.add_argument("doc_id")
    v.set_defaults(run=_run, build="document")
    v = views.add_parser("graph", help="the whole graph (aggregated above --budget nodes)", parents=common)
    v.add_argument("--budget", type=_budget, default=DEFAULT_BUDGET, help=f"10 to {MAX_BUDGET} nodes")
    v.set_defaults(run=_run, build="graph")
    v = views.add_parser("chart", help="an SVG chart: load (lead vs co) or heatmap (agency × month)",
                         parents=[store_flags()])
    v.add_argument("kind", choices=("load", "heatmap"))
    v.add_argument("-o", "--output", type=Path, required=True, help="the .svg file to write")
    v.set_defaults(run=_run_chart)


def _budget(text: str) -> int:
    if not text.isdigit() or not 10 <= int(text) <= MAX_BUDGET:
        raise argparse.ArgumentTypeError(f"the budget is a number of nodes from 10 to {MAX_BUDGET}, not {text!r}")
    return int(text)


def _output_flags() -> argparse.ArgumentParser:
    flags = argparse.ArgumentParser(add_help=False)
    flags.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    flags.add_argument("--json", action="store_true", help="write the page's JSON twin instead of HTML")
    return flags


def _run(args: argparse.Namespace) -> int:
    from visualizations import subgraphs
    from visualizations.pages import page_json, render_page

    builders: dict[str, Callable[[GraphStore], subgraphs.Subgraph]] = {
        "agency": lambda s: subgraphs.agency_ego(s, args.name),
        "coordination": subgraphs.coordination_network,
        "task": lambda s: subgraphs.task_neighbourhood(s, args.task_id),
        "document": lambda s: subgraphs.document_graph(s, args.doc_id),
        "graph": lambda s: subgraphs.whole_graph(s, args.budget)}
    with open_store(args) as store:
        graph = builders[args.build](store)
    text = json.dumps(page_json(graph), ensure_ascii=False, indent=1) if args.json else render_page(graph)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {len(graph.nodes)} nodes, {len(graph.edges)} edges", file=sys.stderr)
    return 0


def _run_chart(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        svg = _chart(store, args.kind)
    args.output.write_text(svg, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _chart(store: GraphStore, kind: str) -> str:
    from visualizations.charts import heatmap_svg, load_chart_svg

    return load_chart_svg(store) if kind == "load" else heatmap_svg(store)
