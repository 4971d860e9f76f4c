"""Pages and charts: content, legend, JSON twins, no external URL, escaped document text."""

from __future__ import annotations

import json
import re

import pytest

from graph.queries import all_tasks
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file, parse_text
from visualizations.charts import heatmap_svg, load_chart_svg
from visualizations.pages import render_page
from visualizations.subgraphs import (
    CoordinationFilter,
    agency_ego,
    coordination_network,
    document_graph,
    task_neighbourhood,
    whole_graph,
)

EVIL = ("一、任务\n1.<script>alert(1)</script>整改<a href='https://evil.example/x'>点这里</a>。"
        "(责任单位:省<img src=x onerror=alert(2)>局、省财政厅)\n")
_EXTERNAL = re.compile(r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//|url\(\s*[\"']?(?:https?:)?//|@import", re.I)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from tests.conftest import DATA

    s = SqliteStore(tmp_path_factory.mktemp("viz"))
    load_parsed(s, parse_file(DATA / "seed.txt"))
    return s


def nodes_data(page: str) -> list[dict]:
    return json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))


def test_agency_page_content(store):
    graph = agency_ego(store, "省科技厅")
    page = render_page(graph)
    labels = {n["label"] for n in graph.nodes.values()}
    assert {"Agency", "Task", "Problem", "AgencyGroup", "Region", "Platform"} <= labels
    assert sum(n["label"] == "Task" for n in graph.nodes.values()) == 7
    roles = {e["role"] for e in graph.edges if e["type"] == "ASSIGNED_TO"}
    assert roles == {"lead", "co"}
    drawn = nodes_data(page)
    assert len(drawn) == len(graph.nodes) and all(n["physics"] is False and "x" in n for n in drawn)
    assert "leads 牵头" in page and "co-responsible 配合" in page and 'id="dg-legend"' in page
    assert "年6月底前" in json.dumps(graph.as_json(), ensure_ascii=False)  # deadlines in tooltips


def test_lead_and_co_edges_look_different(store):
    page = render_page(agency_ego(store, "省科技厅"))
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))
    styles = {(e["title"], e["dashes"]) for e in edges if e["title"] in ("lead", "co")}
    assert styles == {("lead", False), ("co", True)}


@pytest.mark.parametrize("build", [
    lambda s: agency_ego(s, "省科技厅"), lambda s: coordination_network(s),
    lambda s: task_neighbourhood(s, all_tasks(s)[0].id), lambda s: document_graph(s, s.nodes("Document")[0].id),
    lambda s: whole_graph(s), lambda s: whole_graph(s, budget=10),
])
def test_pages_have_no_external_urls(store, build):
    page = render_page(build(store))
    assert not _EXTERNAL.search(page), _EXTERNAL.search(page)
    assert "cdnjs" not in page and "jsdelivr" not in page


def test_coordination_network_weights(store):
    graph = coordination_network(store)
    shared = {frozenset((e["source"], e["target"])): e["width"] for e in graph.edges}
    science, it = "agency:浙江省科学技术厅", "agency:浙江省经济和信息化厅"
    assert shared[frozenset((science, it))] == 2
    assert graph.nodes[science]["size"] > graph.nodes[it]["size"]


def test_coordination_filters(store):
    doc = store.nodes("Document")[0].id
    assert coordination_network(store, CoordinationFilter(document=doc)).meta["tasks"] == 8
    assert coordination_network(store, CoordinationFilter(document="nope")).meta["tasks"] == 0
    assert coordination_network(store, CoordinationFilter(jurisdiction="浙江省")).meta["tasks"] == 7


def test_whole_graph_aggregates_above_budget(store):
    full = whole_graph(store)
    assert full.meta["aggregated"] is False and len(full.nodes) == full.meta["nodes"]
    small = whole_graph(store, budget=20)
    assert small.meta["aggregated"] is True and len(small.nodes) <= 20 + 10
    assert {n["label"] for n in small.nodes.values()} <= {"Agency", "AgencyGroup", "Problem", "Document"}


def test_document_text_is_escaped(tmp_path):
    store = SqliteStore(tmp_path)
    load_parsed(store, parse_text(EVIL, source="evil.txt"))
    for graph in (document_graph(store, store.nodes("Document")[0].id), coordination_network(store)):
        page = render_page(graph)
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "onerror=alert(2)>" not in page.replace("\\u003c", "<").split("nodes = new vis.DataSet")[0]
    page = render_page(document_graph(store, store.nodes("Document")[0].id))
    titles = [n["title"] for n in nodes_data(page.replace("\\u003c", "<").replace("\\u003e", ">"))]
    # titles are data, shown by vis-network as text (innerText); our script never writes HTML from them
    assert any("<script>alert(1)</script>" in t for t in titles)
    assert "innerHTML" not in page.split("var nodes = new vis.DataSet")[1]


def test_charts_are_escaped_svg(store, tmp_path):
    for svg in (load_chart_svg(store), heatmap_svg(store)):
        assert svg.startswith("<svg") and "<script" not in svg and "浙江省科学技术厅" in svg
    assert "5 + 2" in load_chart_svg(store)
    assert "????-06" in heatmap_svg(store)
    evil = SqliteStore(tmp_path)
    load_parsed(evil, parse_text(EVIL, source="evil.txt"))
    assert "<img" not in load_chart_svg(evil) and "&lt;img" in load_chart_svg(evil)


def test_every_kind_of_node_has_its_page_url():
    from visualizations.chrome import node_url

    assert node_url("agency:浙江省财政厅", "Agency") == "/viz/agency/agency%3A%E6%B5%99%E6%B1%9F%E7%9C%81%E8%B4%A2%E6%94%BF%E5%8E%85"
    assert node_url("d1-t1/2", "Task") == "/viz/task/d1-t1%2F2"  # ids are quoted whole
    assert node_url("person:1", "Person", "王某某") == "/viz/leader/%E7%8E%8B%E6%9F%90%E6%9F%90"
    assert node_url("x", "Unknown") is None
