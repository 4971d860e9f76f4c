"""Pages served by the running API, opened in a real headless Chromium (Debian's, driven by
Playwright): the network canvas draws, no JavaScript error, nothing is fetched from elsewhere,
injected markup never runs. Screenshots land in test-artifacts/."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from api.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file, parse_text
from tests.conftest import DATA, IN_CI
from tests.served import CHROMIUM_FLAGS, ServedApp
from tests.visualizations.test_viz import EVIL

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        if IN_CI:
            pytest.fail("CI must run the browser tests, but there is no chromium (apt-get install chromium)")
        pytest.skip("no chromium here (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = SqliteStore(tmp_path_factory.mktemp("site"))
    load_parsed(store, parse_file(DATA / "seed.txt"))
    evil = parse_text(EVIL, source="evil.txt")
    load_parsed(store, evil)
    with ServedApp(create_app(ApiSettings(), store)) as served:
        yield served.url, evil.document.id


def open_page(browser, url: str, shot: str) -> dict:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    seen = {"errors": [], "dialogs": [], "foreign": []}
    origin = url.split("/viz")[0]
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: seen["foreign"].append(r.url) if not r.url.startswith((origin, "data:")) else None)
    response = page.goto(url, wait_until="load")
    seen["status"] = response.status if response else None
    if "/charts/" not in url:
        page.wait_for_selector("#mynetwork canvas", timeout=15000)
        page.wait_for_timeout(300)
        seen["painted"] = page.evaluate("""() => {
            const c = document.querySelector('#mynetwork canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
            return n; }""")
        box = page.evaluate("() => { const ids = network.body.nodeIndices; return ids.length; }")
        seen["nodes"] = box
        page.mouse.move(640, 450)  # hover: tooltips open where nodes are
        page.wait_for_timeout(200)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot))
    page.close()
    return seen


@pytest.mark.parametrize("path, shot", [
    ("/viz/agency/" + quote("省科技厅"), "agency.png"), ("/viz/coordination", "coordination.png"),
    ("/viz/graph", "graph.png"), ("/viz/graph?budget=12", "graph-aggregated.png"),
])
def test_pages_draw_without_errors(browser, site, path, shot):
    seen = open_page(browser, site[0] + path, shot)
    assert seen["status"] == 200, seen
    assert seen["errors"] == [] and seen["dialogs"] == [] and seen["foreign"] == [], seen
    assert seen["painted"] > 1000 and seen["nodes"] > 3
    assert (ARTIFACTS / shot).stat().st_size > 10_000


def test_injected_markup_never_runs(browser, site):
    url, evil_id = site
    for path in (f"/viz/document/{evil_id}", f"/viz/task/{evil_id}-t1.1", "/viz/charts/load.svg"):
        seen = open_page(browser, url + path, f"evil-{path.split('/')[2]}.png")
        assert seen["status"] == 200, seen
        assert seen["dialogs"] == [] and seen["foreign"] == [] and seen["errors"] == [], seen


@pytest.mark.parametrize("chart", ["load.svg", "heatmap.svg"])
def test_charts_render(browser, site, chart):
    seen = open_page(browser, f"{site[0]}/viz/charts/{chart}", chart.replace(".svg", ".png"))
    assert seen["status"] == 200 and seen["errors"] == [] and seen["foreign"] == []


def test_coordination_page_names_hubs_and_communities(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site[0] + "/viz/coordination", wait_until="load")
    page.wait_for_selector("#mynetwork canvas", timeout=15000)
    notes = page.inner_text("#dg-notes")
    assert "Hubs 枢纽单位" in notes and "浙江省科学技术厅" in notes and "Communities 协作群" in notes
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "coordination-hubs.png"))
    page.close()


EDGE_MIDPOINT = """() => {
    const e = network.body.edges[network.body.edgeIndices[0]];
    const at = network.getPositions([e.fromId, e.toId]);
    const mid = network.canvasToDOM({x: (at[e.fromId].x + at[e.toId].x) / 2, y: (at[e.fromId].y + at[e.toId].y) / 2});
    const box = document.querySelector('#mynetwork').getBoundingClientRect();
    return {x: mid.x + box.left, y: mid.y + box.top}; }"""


def test_resting_on_an_edge_raises_nothing(browser, site):
    """The flake of test_injected_markup_never_runs, made certain: pyvis's popup hook read
    nodes.get(edgeId).title when the pointer rested on an edge of a page whose tooltips held "href"."""
    url, evil_id = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{url}/viz/task/{evil_id}-t1.1", wait_until="load")
    page.wait_for_selector("#mynetwork canvas", timeout=15000)
    point = page.evaluate(EDGE_MIDPOINT)
    page.mouse.move(point["x"], point["y"])
    page.mouse.move(point["x"] + 1, point["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)  # the edge's own tooltip shows
    page.close()
    assert errors == []
