"""Time until pages are interactive in headless Chromium: an agency page and the coordination
page at about 100, 1,000 and 2,000 (the budget's) nodes, served by the running API.

    python -m bench.bench_pages
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from api.http.app import create_app
from api.settings import ApiSettings
from bench.bench_load import make_facts
from bench.common import machine, table
from graph.store import GraphStore
from graph.stores.sqlite import SqliteStore
from tests.served import CHROMIUM_FLAGS, ServedApp
from visualizations.pages import render_page
from visualizations.subgraphs import Subgraph, agency_ego, coordination_network

READY = ("() => typeof network !== 'undefined' && network.body && Object.keys(network.body.nodes).length > 0 "
         "&& document.querySelector('#mynetwork canvas') !== null")


def interactive_seconds(browser: object, url: str) -> float:
    """Open url and return seconds until the network is built and one frame has been drawn."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    started = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(READY, timeout=120_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    seconds = time.perf_counter() - started
    page.close()
    return seconds


def agency_with_about(store: GraphStore, target: int) -> tuple[str, int]:
    """Return the agency whose page has the node count closest to target."""
    best: tuple[int, str, int] | None = None
    for node in store.nodes("Agency"):
        size = len(agency_ego(store, node.id).nodes)
        gap = abs(size - target)
        if best is None or gap < best[0]:
            best = (gap, node.id, size)
    assert best is not None
    return best[1], best[2]


def _synthetic_row(browser: object, nodes: int) -> list[object]:
    """An agency page of exactly `nodes` nodes, rendered here and opened from a file: the
    browser's share alone (layout in Python + drawing), without building the subgraph."""
    graph = Subgraph(f"synthetic {nodes}")
    graph.node("agency:A", "Agency", "省财政厅", size=30)
    for i in range(nodes - 1):
        label = ("Task", "Agency", "Problem", "Region")[i % 4]
        graph.node(f"n{i}", label, f"节点{i}")
        graph.edge(f"n{i}", "agency:A" if i % 3 else f"n{max(0, i - 4)}", "ASSIGNED_TO", "lead" if i % 2 else "co")
    started = time.perf_counter()
    page = render_page(graph)
    render = time.perf_counter() - started
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as fh:
        fh.write(page)
    seconds = min(interactive_seconds(browser, f"file://{fh.name}") for _ in range(2))
    Path(fh.name).unlink()
    return [f"synthetic page (render {render:.2f} s in Python)", nodes, len(graph.nodes), f"{seconds:.2f}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=int, nargs="+", default=[100, 1000, 2000])
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        print("needs chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        for target, tasks in zip(args.targets, (300, 6000, 30000), strict=False):
            store = SqliteStore(Path(tempfile.mkdtemp(prefix="bench-pages-")))
            store.write_documents(make_facts(tasks, seed=9))
            agency, size = agency_with_about(store, target)
            coordination = len(coordination_network(store).nodes)
            with ServedApp(create_app(ApiSettings(), store)) as served:
                agency_url = f"{served.url}/viz/agency/{quote(agency)}"
                t_agency = min(interactive_seconds(browser, agency_url) for _ in range(2))
                t_coord = min(interactive_seconds(browser, f"{served.url}/viz/coordination") for _ in range(2))
            rows.append(["agency page", target, size, f"{t_agency:.2f}"])
            rows.append(["coordination page", target, coordination, f"{t_coord:.2f}"])
            print(f"measured target {target}", file=sys.stderr)
        for target in args.targets:
            rows.append(_synthetic_row(browser, target))
        browser.close()
    print(f"# Pages: seconds from navigation to the network drawn, headless Chromium, best of 2 ({machine()})\n")
    print(table(["page", "target nodes", "nodes drawn", "seconds to interactive"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
