"""Subgraph → a self-contained HTML page drawn by vis-network: positions computed in Python
(visualizations.layout; physics off, so even 2,000 nodes are ready at once), a legend, every node
a link to its own page, no external URL, and document text escaped.

pyvis supplies vis-network (its inlined 9.1.2 build); the page itself is our template, because
pyvis 0.3.2's own links Bootstrap from a CDN and, once any tooltip holds "href", swaps in a popup
hook that reads `nodes.get(id).title` for edges too — "Cannot read properties of undefined
(reading 'title')" whenever the pointer rests on an edge. vis-network 9 shows a string title as
text (innerText), so titles go in raw and no hook is needed."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from visualizations.chrome import FONT_STACK, VIEWS, Crumbs, crumbs, node_url, render
from visualizations.layout import layout
from visualizations.style import EDGE_STYLE, NODE_STYLE, edge_key
from visualizations.subgraphs import Subgraph

CANVAS_HEIGHT = 780
LABEL_LIMIT = 18  # characters of a node's name drawn under it; the tooltip has the whole text
UNDIRECTED = ("SHARES", "RELATES")  # edges that say two things go together, not which way
LABEL_SIZE = 14  # px: vis-network's default label font size, which layout.py makes room for


def render_page(graph: Subgraph, links: dict[str, str] | None = None, trail: Crumbs | None = None) -> str:
    """Return the HTML page of `graph`; `links` (text → relative URL) go under the heading,
    `trail` is the breadcrumb between home and the page (default: the list of views)."""
    positions = layout(graph, {n: short_label(str(node["name"])) for n, node in graph.nodes.items()})
    nodes = [_vis_node(node, positions[node["id"]]) for node in graph.nodes.values()]
    edges = [_vis_edge(i, edge) for i, edge in enumerate(graph.edges)]
    labels_used = {node["label"] for node in graph.nodes.values()}
    edges_used = {edge_key(e["type"], e["role"]) for e in graph.edges}
    return render("network.html", title=graph.title, graph=graph, nodes=nodes, edges=edges, options=_options(),
                  crumbs=crumbs(*(trail or [VIEWS]), (graph.title, None)), links=list((links or {}).items()),
                  node_keys=[(c, text) for label, (c, _, text) in NODE_STYLE.items() if label in labels_used],
                  edge_keys=[v for key, v in EDGE_STYLE.items() if key in edges_used],
                  height=CANVAS_HEIGHT, **_vis_assets())


def short_label(name: str, limit: int = LABEL_LIMIT) -> str:
    """Return the label drawn for a node: its name, cut to `limit` characters."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _vis_node(node: dict[str, Any], position: tuple[float, float]) -> dict[str, Any]:
    colour, shape, kind = NODE_STYLE.get(node["label"], ("#999999", "dot", node["label"]))
    x, y = position
    return {"id": node["id"], "label": short_label(str(node["name"])), "title": str(node["title"]),
            "color": node.get("colour") or colour, "shape": shape, "size": node["size"], "x": x, "y": y,
            "physics": False, "url": node_url(node["id"], node["label"], str(node["name"])), "name": str(node["name"]),
            "kind": kind}


def _vis_edge(index: int, edge: dict[str, Any]) -> dict[str, Any]:
    key = edge_key(edge["type"], edge["role"])
    colour, dashes, _ = EDGE_STYLE.get(key, ("#999999", False, ""))
    return {"id": f"e{index}", "from": edge["source"], "to": edge["target"], "color": colour, "dashes": dashes,
            "width": edge["width"], "title": key, "arrows": "" if edge["type"] in UNDIRECTED else "to"}


def _options() -> dict[str, Any]:
    return {"physics": {"enabled": False}, "edges": {"smooth": False},
            "nodes": {"font": {"face": FONT_STACK, "size": LABEL_SIZE}},
            "interaction": {"hover": True, "tooltipDelay": 150}, "layout": {"improvedLayout": False}}


@cache
def _vis_assets() -> dict[str, Markup]:
    """Return vis-network's script and style, read once from the pyvis package (our own files, so
    they are inlined as they are)."""
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return {"vis_js": Markup((lib / "vis-network.min.js").read_text(encoding="utf-8")),
            "vis_css": Markup((lib / "vis-network.css").read_text(encoding="utf-8"))}


def page_json(graph: Subgraph) -> dict[str, Any]:
    """Return the JSON twin of a page: the very nodes and edges it draws, each node with its page."""
    data = graph.as_json()
    data["nodes"] = [{**node, "url": node_url(node["id"], node["label"], str(node["name"]))} for node in data["nodes"]]
    return data
