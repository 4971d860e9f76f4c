"""Layouts with room for labels, checked on the boxes layout.py estimates (the browser tests
check the boxes vis-network really draws)."""

from __future__ import annotations

import math
import time

import pytest

from graph.queries import all_tasks
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file
from tests.conftest import DATA
from visualizations.layout import Box, boxes_of, layout, text_width
from visualizations.pages import short_label
from visualizations.subgraphs import (
    Subgraph,
    agency_ego,
    coordination_network,
    document_graph,
    node_tasks,
    task_neighbourhood,
    whole_graph,
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = SqliteStore(tmp_path_factory.mktemp("layout"))
    load_parsed(s, parse_file(DATA / "seed.txt"))
    return s


def laid_out(graph: Subgraph) -> tuple[dict, dict[str, Box]]:
    labels = {n: short_label(str(node["name"])) for n, node in graph.nodes.items()}
    return layout(graph, labels), boxes_of(graph, labels)


def overlaps(positions: dict, boxes: dict[str, Box]) -> list[tuple[str, str]]:
    rects = {n: (x - boxes[n].half_w, y - boxes[n].up, x + boxes[n].half_w, y + boxes[n].down)
             for n, (x, y) in positions.items()}
    items = sorted(rects.items(), key=lambda item: item[1][0])  # a sweep from the left
    found = []
    for i, (a, r) in enumerate(items):
        for b, o in items[i + 1:]:
            if o[0] >= r[2]:
                break
            if r[1] < o[3] and o[1] < r[3]:
                found.append((a, b))
    return found


def synthetic(nodes: int, centre: bool) -> Subgraph:
    graph = Subgraph("synthetic", centre="a" if centre else None)
    graph.node("a", "Agency", "浙江省科学技术厅", size=30)
    for i in range(nodes - 1):
        graph.node(f"n{i}", ("Task", "Agency", "Problem", "Region")[i % 4], f"第{i}项重点任务名称较长" * (1 + i % 2))
        graph.edge(f"n{i}", "a" if i % 3 else f"n{max(0, i - 4)}", "ASSIGNED_TO", "lead")
    return graph


@pytest.mark.parametrize("build", [
    lambda s: agency_ego(s, "省科技厅"), lambda s: coordination_network(s), lambda s: whole_graph(s),
    lambda s: whole_graph(s, budget=12), lambda s: task_neighbourhood(s, all_tasks(s)[0].id),
    lambda s: document_graph(s, s.nodes("Document")[0].id), lambda s: node_tasks(s, "Region", "杭州"),
], ids=["agency", "coordination", "graph", "aggregated", "task", "document", "region"])
def test_no_two_boxes_overlap(store, build):
    positions, boxes = laid_out(build(store))
    assert len(positions) == len(boxes) and overlaps(positions, boxes) == []


def test_agency_page_rings_tasks_round_the_agency_then_the_rest(store):
    graph = agency_ego(store, "省科技厅")
    positions, _ = laid_out(graph)
    assert positions[graph.centre] == (0.0, 0.0)
    distance = {n: math.hypot(*positions[n]) for n in graph.nodes if n != graph.centre}
    tasks = [d for n, d in distance.items() if graph.nodes[n]["label"] == "Task"]
    others = [d for n, d in distance.items() if graph.nodes[n]["label"] != "Task"]
    assert max(tasks) < min(others)
    assert max(tasks) / min(tasks) < 1.6  # a ring, not a cloud


def test_components_are_packed_apart(store):
    graph = Subgraph("two islands and a loner")
    for side in ("a", "b"):
        for i in range(6):
            graph.node(f"{side}{i}", "Agency", f"{side}单位{i}")
            graph.edge(f"{side}0", f"{side}{i}", "SHARES") if i else None
    graph.node("alone", "AgencyGroup", "各市、县(市、区)")
    positions, boxes = laid_out(graph)
    assert overlaps(positions, boxes) == []
    xs = {side: [positions[f"{side}{i}"][0] for i in range(6)] for side in "ab"}
    ys = {side: [positions[f"{side}{i}"][1] for i in range(6)] for side in "ab"}
    apart_x = max(xs["a"]) < min(xs["b"]) or max(xs["b"]) < min(xs["a"])
    apart_y = max(ys["a"]) < min(ys["b"]) or max(ys["b"]) < min(ys["a"])
    assert apart_x or apart_y


@pytest.mark.parametrize("centre", [True, False])
def test_two_thousand_nodes_are_laid_out_in_seconds(centre):
    graph = synthetic(2000, centre)
    started = time.perf_counter()
    positions, boxes = laid_out(graph)
    assert time.perf_counter() - started < 5  # 0.2-0.6 s on the 2-core development machine
    assert len(positions) == 2000
    assert overlaps(positions, boxes) == []


def test_text_width_counts_chinese_as_a_whole_em():
    assert text_width("财政厅", 14) == 42 and text_width("abc", 10) == pytest.approx(18.6)
