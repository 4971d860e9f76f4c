"""Node positions for the pages, computed in Python so a page is drawn at once (physics off)."""

from __future__ import annotations

import math
from collections import defaultdict

from visualizations.subgraphs import Subgraph

SPRING_LIMIT = 400  # above this, rings by node type: a spring layout would cost seconds


def layout(graph: Subgraph, labels: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Return node positions: a spring layout for small graphs, rings by type for large ones."""
    if not graph.nodes:
        return {}
    if len(graph.nodes) <= SPRING_LIMIT:
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(graph.nodes)
        g.add_edges_from((e["source"], e["target"]) for e in graph.edges if e["source"] in graph.nodes
                         and e["target"] in graph.nodes)
        scale = 250 + 30 * math.sqrt(len(graph.nodes))
        pos = nx.spring_layout(g, seed=7, iterations=60, scale=scale)
        return {n: (float(p[0]), float(p[1])) for n, p in pos.items()}
    return _rings(graph)


def _rings(graph: Subgraph) -> dict[str, tuple[float, float]]:
    by_label: dict[str, list[str]] = defaultdict(list)
    for node in graph.nodes.values():
        by_label[node["label"]].append(node["id"])
    order = ["Agency", "AgencyGroup", "Problem", "Document", "Task", "Region", "Platform", "PolicyDocument"]
    positions, radius = {}, 200.0
    for label in sorted(by_label, key=lambda lb: order.index(lb) if lb in order else 99):
        ids = sorted(by_label[label])
        radius += 150 + len(ids) * 1.5
        for i, node_id in enumerate(ids):
            angle = 2 * math.pi * i / len(ids)
            positions[node_id] = (radius * math.cos(angle), radius * math.sin(angle))
    return positions
