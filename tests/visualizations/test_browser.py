"""Pages served by the running API, opened in a real headless Chromium (Debian's, driven by
Playwright): the network canvas draws, no JavaScript error, nothing is fetched from elsewhere,
injected markup never runs. Screenshots land in test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file, parse_text
from tests.conftest import DATA
from tests.served import ServedApp
from tests.visualizations.test_viz import EVIL

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"


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


NODE_POINT = """(id) => {
    const at = network.canvasToDOM(network.getPositions([id])[id]);
    const box = document.querySelector('#mynetwork').getBoundingClientRect();
    return {x: at.x + box.left, y: at.y + box.top}; }"""


@pytest.mark.parametrize("start, label", [("/viz/coordination", "Agency"), ("/viz/graph", "Task"),
                                          ("/viz/graph", "Region"), ("/viz/agency/" + quote("省科技厅"), "Problem")])
def test_clicking_a_node_opens_its_page(browser, site, start, label):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site[0] + start, wait_until="load")
    page.wait_for_selector("#mynetwork canvas", timeout=15000)
    target = page.evaluate(f"() => nodes.get({{filter: n => n.kind.startsWith('{label}')}})[0]")
    # the node alone in view, so no neighbour lies under the pointer
    page.evaluate("(id) => network.focus(id, {scale: 2, animation: false})", target["id"])
    point = page.evaluate(NODE_POINT, target["id"])
    with page.expect_navigation(timeout=15000):
        page.mouse.click(point["x"], point["y"])
    assert page.url == site[0] + target["url"]
    assert target["name"][:10] in page.inner_text("#dg-title")
    page.close()


DRAWN = """() => ({scale: network.getScale(),
    boxes: network.body.nodeIndices.map(id => { const b = network.getBoundingBox(id); return [id, b.left, b.top, b.right, b.bottom]; }),
    edges: edges.get().map(e => [e.from, e.to])})"""
GRAPH_PAGES = [("/viz/coordination", "layout-coordination.png"), ("/viz/graph", "layout-graph.png"),
               ("/viz/graph?budget=12", "layout-graph-aggregated.png"),
               ("/viz/agency/" + quote("省科技厅"), "layout-agency.png"), ("/viz/region/" + quote("杭州"), "layout-region.png")]


def drawn(browser, url: str, shot: str) -> dict:
    """Open a page at its default zoom; return vis-network's node boxes (with labels), scale and edges."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, wait_until="load")
    page.wait_for_selector("#mynetwork canvas", timeout=15000)
    page.wait_for_timeout(200)
    seen = page.evaluate(DRAWN)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    page.close()
    return seen


def overlapping(boxes: list[list]) -> list[tuple[str, str]]:
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


@pytest.mark.parametrize("path, shot", GRAPH_PAGES)
def test_no_two_labels_overlap_at_the_default_zoom(browser, site, path, shot):
    seen = drawn(browser, site[0] + path, shot)
    assert len(seen["boxes"]) > 3 and overlapping(seen["boxes"]) == []
    assert seen["scale"] * 14 >= 7, seen["scale"]  # labels drawn at 7 px or more: readable, not specks


def test_document_and_task_pages_keep_labels_apart(browser, site):
    url, _ = site
    docs = httpx.get(url + "/documents").json()["documents"]
    seed = next(d for d in docs if d["source"] == "seed.txt")
    task = httpx.get(url + "/tasks", params={"document": seed["id"], "limit": 1}).json()["tasks"][0]
    for path, shot in ((f"/viz/document/{seed['id']}", "layout-document.png"),
                       (f"/viz/task/{quote(task['id'], safe='')}", "layout-task.png")):
        seen = drawn(browser, url + path, shot)
        assert len(seen["boxes"]) > 3 and overlapping(seen["boxes"]) == [], path
        assert seen["scale"] * 14 >= 7, (path, seen["scale"])


def test_every_pair_sharing_a_task_has_an_edge(browser, site):
    """On the coordination page, collectives included (the store's pair counts leave them out)."""
    seen = drawn(browser, site[0] + "/viz/coordination", "layout-coordination-edges.png")
    drawn_ids = {b[0] for b in seen["boxes"]}
    joined = {frozenset(e) for e in seen["edges"]}
    tasks = httpx.get(site[0] + "/tasks", params={"limit": 500}).json()["tasks"]
    pairs = set()
    for task in tasks:
        full = httpx.get(f"{site[0]}/tasks/{quote(task['id'], safe='')}").json()
        units = sorted({a["agency_id"] for a in full["assignments"]} & drawn_ids)
        pairs |= {frozenset((a, b)) for i, a in enumerate(units) for b in units[i + 1:]}
    assert any(any(i.startswith("group:") for i in p) for p in pairs)  # a collective shares tasks here
    assert pairs and pairs - joined == set()


GLYPHS = """(font) => {
    const draw = (text) => {
        const c = document.createElement('canvas'); c.width = 80; c.height = 30;
        const ctx = c.getContext('2d'); ctx.font = '20px ' + font; ctx.fillText(text, 2, 22);
        return Array.from(ctx.getImageData(0, 0, 80, 30).data).join(','); };
    return {chinese: draw('中文'), missing: draw('\\uE000\\uE000'), blank: draw('')}; }"""


def test_chinese_labels_are_drawn_in_a_chinese_font(browser, site):
    """Without a CJK font (fonts-wqy-microhei or fonts-noto-cjk), Chromium draws 中文 as the same
    empty boxes as characters no font has: the pages' font stack must reach a real one."""
    page = browser.new_page()
    page.goto(site[0] + "/viz/agency/" + quote("省科技厅"), wait_until="load")
    page.wait_for_selector("#mynetwork canvas", timeout=15000)
    face = page.evaluate("() => network.body.nodes[network.body.nodeIndices[0]].options.font.face")
    drawn = page.evaluate(GLYPHS, face)
    body = page.evaluate("() => getComputedStyle(document.body).fontFamily")  # the CSS took: not escaped away
    page.close()
    assert "WenQuanYi Micro Hei" in face and "Noto Sans CJK SC" in face
    assert body.startswith('"WenQuanYi Micro Hei"') and "sans-serif" in body, body
    assert drawn["chinese"] != drawn["blank"] and drawn["chinese"] != drawn["missing"]
