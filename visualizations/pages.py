"""Subgraph → a self-contained HTML page with pyvis: positions precomputed (physics off, so even
2,000 nodes are ready at once), a legend, no external URL, and document text escaped.

pyvis 0.3.2 facts designed around: `cdn_resources="in_line"` still links Bootstrap from a CDN,
so those tags are stripped; `show()` needs a notebook, so `generate_html()` is used; tooltips
switch to innerHTML as soon as any title contains "href", so titles are then escaped here."""

from __future__ import annotations

import html
import math
import re
from collections import defaultdict
from typing import Any

from graph.safe_output import xml_safe
from visualizations.style import EDGE_STYLE, NODE_STYLE, edge_key
from visualizations.subgraphs import Subgraph

SPRING_LIMIT = 400  # above this, rings by node type: a spring layout would cost seconds
_COMMENTED_TAGS = re.compile(r"<!--(?:(?!-->).)*?<(?:link|script)(?:(?!-->).)*?-->", re.S)
_EXTERNAL_TAG = re.compile(r"<(?:link|script)\b[^>]*(?:href|src)\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*(?:</script>)?",
                           re.I | re.S)


def render_page(graph: Subgraph, links: dict[str, str] | None = None) -> str:
    """Return the HTML page of `graph`; `links` (text → relative URL) go under the heading."""
    from pyvis.network import Network  # with its notebook dependencies: loaded when a page is drawn

    net = Network(height="780px", width="100%", directed=True, cdn_resources="in_line", heading="")
    positions = layout(graph)
    escape = any("href" in str(n["title"]) for n in graph.nodes.values())
    for node in graph.nodes.values():
        colour, shape, _ = NODE_STYLE.get(node["label"], ("#999999", "dot", node["label"]))
        colour = node.get("colour") or colour  # communities on the coordination page
        x, y = positions[node["id"]]
        title = html.escape(str(node["title"])).replace("\n", "<br>") if escape else str(node["title"])
        net.add_node(node["id"], label=_short(str(node["name"])), title=title, color=colour, shape=shape,
                     size=node["size"], x=x, y=y, physics=False)
    for edge in graph.edges:
        colour, dashes, _ = EDGE_STYLE.get(edge_key(edge["type"], edge["role"]), ("#999999", False, ""))
        net.add_edge(edge["source"], edge["target"], color=colour, dashes=dashes, width=edge["width"],
                     title=edge_key(edge["type"], edge["role"]))
    net.toggle_physics(False)
    page = _without_external_tags(net.generate_html())
    return xml_safe(_with_heading(page, graph, links or {}))  # no control character reaches the page


def layout(graph: Subgraph) -> dict[str, tuple[float, float]]:
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


def _short(name: str, limit: int = 18) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _without_external_tags(page: str) -> str:
    """Drop every <link>/<script> that loads from another host (pyvis's Bootstrap CDN tags), and
    the template's commented-out links to node_modules."""
    return _EXTERNAL_TAG.sub("", _COMMENTED_TAGS.sub("", page))


def _with_heading(page: str, graph: Subgraph, links: dict[str, str]) -> str:
    legend = "".join(
        f'<span class="dg-key"><i style="background:{colour}"></i>{html.escape(text)}</span>'
        for label, (colour, _, text) in NODE_STYLE.items() if any(n["label"] == label for n in graph.nodes.values()))
    edges_used = {edge_key(e["type"], e["role"]) for e in graph.edges}
    legend += "".join(
        f'<span class="dg-key"><b style="border-top:3px {"dashed" if dashes else "solid"} {colour}"></b>'
        f"{html.escape(text)}</span>" for key, (colour, dashes, text) in EDGE_STYLE.items() if key in edges_used)
    nav = " · ".join(f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>' for text, url in links.items())
    header = (
        "<style>.dg-head{font-family:sans-serif;margin:8px 12px}.dg-key{margin-right:14px;font-size:13px}"
        ".dg-key i{display:inline-block;width:11px;height:11px;border-radius:6px;margin-right:4px}"
        ".dg-key b{display:inline-block;width:22px;margin-right:4px;vertical-align:middle}</style>"
        f'<div class="dg-head"><h2 id="dg-title">{html.escape(graph.title)}</h2>'
        f'<div id="dg-legend">{legend}</div><div id="dg-links">{nav}</div>{_notes(graph.notes)}</div>'
    )
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    # an inline icon, so the browser asks no server for /favicon.ico
    page = page.replace("<head>", '<head><link rel="icon" href="data:,"><title>' + html.escape(graph.title)
                        + "</title>", 1)
    return page.replace("<body>", "<body>" + header, 1)


def _notes(notes: list[str]) -> str:
    if not notes:
        return ""
    lines = "".join(f'<div class="dg-note">{html.escape(n)}</div>' for n in notes)
    return f'<div id="dg-notes" style="font-size:13px;margin-top:4px">{lines}</div>'


def page_json(graph: Subgraph) -> dict[str, Any]:
    """Return the JSON twin of a page: the very nodes and edges it draws."""
    return graph.as_json()
