"""Node positions computed in Python, with room for every label: a page is drawn at once
(physics off) and no two labels overlap at the zoom the browser opens it at.

vis-network scales positions and labels together when it fits a graph to the canvas, so boxes
that do not overlap in layout units do not overlap on screen. Each node's box (shape and label,
as vis draws them at scale 1) is estimated here, a little generously; the browser test reads the
real boxes back.

- A page about one node (an agency, a document, a task, a problem…) keeps it at the centre, the
  nodes joined to it (its tasks) on a ring, and everything else (co-agencies, problems, places) on
  an outer ring, each beside the tasks it hangs off.
- Other graphs: a force layout per connected component, scaled to the area its labels need, the
  components packed in rows, largest first (isolated nodes fill the last rows).
- Then every node, the most connected first, takes the free spot nearest to where the layout put
  it, so no two boxes overlap whatever the layout did."""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from visualizations.style import NODE_STYLE
from visualizations.subgraphs import Subgraph

FONT = 14  # px, the label size the pages draw
GAP = 10  # px kept free between two boxes
FORCE_LIMIT = 200  # nodes in a component above which a force layout costs too long (0.35 s at 200, 1.9 s at 400)
INSIDE_LABEL = ("box", "ellipse", "database", "text", "circle")  # shapes vis draws the label inside
LANES = 3  # an outer ring is a band this many nodes deep (the overlap pass stacks them): one lane grows huge
STEP = 12  # px between the spots tried when a node's place is taken
Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """A node's extent around its position: vis puts the label under most shapes, inside a box."""

    half_w: float
    up: float
    down: float

    @property
    def w(self) -> float:
        return 2 * self.half_w

    @property
    def h(self) -> float:
        return self.up + self.down


def text_width(text: str, size: float = FONT) -> float:
    """Return how wide `text` is drawn: a CJK or full-width character takes a whole em."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else 0.62 * size for ch in text)


def box_of(shape: str, size: float, label: str) -> Box:
    """Return the box vis-network draws for a node of `shape` and `size` labelled `label`."""
    text = text_width(label) * 1.08 + 4
    if shape in INSIDE_LABEL:
        w, h = text + 12, FONT + 12.0
        if shape == "ellipse":  # vis makes an ellipse wider and taller than its text
            w, h = w * 1.25, h * 1.3
        return Box(w / 2, h / 2, h / 2)
    return Box(max(text, 2 * size) / 2 + 1, size + 1, size + FONT + 6)


def boxes_of(graph: Subgraph, labels: dict[str, str]) -> dict[str, Box]:
    return {n: box_of(NODE_STYLE.get(node["label"], ("", "dot", ""))[1], float(node["size"]), labels[n])
            for n, node in graph.nodes.items()}


def layout(graph: Subgraph, labels: dict[str, str]) -> dict[str, Point]:
    """Return a position for every node of `graph` (whose drawn labels are `labels`)."""
    if not graph.nodes:
        return {}
    boxes = boxes_of(graph, labels)
    neighbours = _neighbours(graph)
    if graph.centre in graph.nodes:
        wanted = _rings_round(graph.centre, list(graph.nodes), neighbours, boxes)
    else:
        wanted = _packed_components(graph, neighbours, boxes)
    order = sorted(graph.nodes, key=lambda n: (n != graph.centre, -len(neighbours[n])))
    return _without_overlap(order, wanted, boxes)


def _neighbours(graph: Subgraph) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for e in graph.edges:
        a, b = e["source"], e["target"]
        if a in graph.nodes and b in graph.nodes and a != b:
            out[a].append(b)
            out[b].append(a)
    return out


# -- a page about one node ------------------------------------------------------------------------

def _rings_round(centre: str, nodes: list[str], neighbours: dict[str, list[str]], boxes: dict[str, Box]
                 ) -> dict[str, Point]:
    """The centre node, its neighbours on a ring round it, the rest just outside, each at the mean
    angle of the inner nodes it is joined to (crowding there is left to the overlap pass, which
    moves a node to the nearest free spot: the outer ring thickens instead of growing huge)."""
    inner_set = set(neighbours[centre]) - {centre}
    inner = [n for n in nodes if n in inner_set]
    outer = [n for n in nodes if n != centre and n not in inner_set]
    positions: dict[str, Point] = {centre: (0.0, 0.0)}
    if not inner:
        return positions | _packed_rows(outer, boxes, start_y=boxes[centre].down + 2 * GAP)
    angles, r1 = _ring([boxes[n] for n in inner], boxes[centre])
    angle_of = dict(zip(inner, angles, strict=True))
    positions.update({n: _polar(r1, a) for n, a in angle_of.items()})
    if outer:
        r2 = r1 + max(max(b.w, b.h) for b in (boxes[n] for n in inner)) / 2 + 3 * GAP
        positions.update(_outer_rings(inner, outer, r2, angle_of, neighbours, boxes))
    return positions


def _outer_rings(inner: list[str], outer: list[str], radius: float, angle_of: dict[str, float],
                 neighbours: dict[str, list[str]], boxes: dict[str, Box]) -> dict[str, Point]:
    """Place the nodes outside the inner ring: those joined to it as a band from `radius`, those
    joined only through them on rings further out, the rest in rows below."""
    hops = _hops_out(inner, outer, neighbours, angle_of)
    ring_step = max(max(b.w, b.h) for b in (boxes[n] for n in outer)) + GAP
    radius = _spread_round([n for n in outer if hops.get(n) == 1], radius, angle_of, boxes)
    positions: dict[str, Point] = {}
    for n in (n for n in outer if n in hops):
        a = angle_of[n]
        reach = abs(boxes[n].half_w * math.cos(a)) + abs(boxes[n].h / 2 * math.sin(a))
        positions[n] = _polar(radius + reach + (hops[n] - 1) * ring_step, a)
    apart = [n for n in outer if n not in hops]  # joined to nothing on the rings
    if apart:
        below = max((y for _, y in positions.values()), default=radius) + ring_step
        positions.update(_packed_rows(apart, boxes, start_y=below))
    return positions


def _spread_round(ring: list[str], radius: float, angle_of: dict[str, float], boxes: dict[str, Box]) -> float:
    """Move the nodes of `ring` along it, in the order of the angles they want, until each has a
    share of the arc its box needs (a band LANES deep holds them); return the radius at which they
    fit (at least `radius`)."""
    if not ring:
        return radius
    order = sorted(ring, key=lambda n: angle_of[n])
    spans = [abs(boxes[n].w * math.sin(angle_of[n])) + abs(boxes[n].h * math.cos(angle_of[n])) + 2 * GAP
             for n in order]
    radius = max(radius, sum(spans) / (2 * math.pi * LANES))
    at, end = [], -math.inf
    for n, span in zip(order, spans, strict=True):
        half = span / 2 / radius / LANES
        at.append(max(angle_of[n], end + half))
        end = at[-1] + half
    overflow = end - (at[0] - spans[0] / 2 / radius / LANES) - 2 * math.pi
    for n, a in zip(order, at, strict=True):  # a ring that ran past its start turns back by half the excess
        angle_of[n] = a - max(0.0, overflow) / 2
    return radius


def _hops_out(inner: list[str], outer: list[str], neighbours: dict[str, list[str]], angle_of: dict[str, float]
              ) -> dict[str, int]:
    """Give each outer node reachable from the inner ring its ring (1 = beside the inner ring) and,
    in `angle_of`, the mean angle of the nodes one ring in that it is joined to."""
    wanted, hops, frontier = set(outer), {}, list(inner)
    ring = 0
    while frontier:
        ring += 1
        reached = sorted({m for n in frontier for m in neighbours[n] if m in wanted and m not in hops})
        for m in reached:
            hops[m] = ring
            angle_of[m] = _mean_angle([angle_of[k] for k in neighbours[m] if k in angle_of])
        frontier = reached
    return hops


def _ring(ring: list[Box], centre: Box) -> tuple[list[float], float]:
    """Return angles and a radius at which `ring`'s boxes sit side by side round `centre`: each
    takes the arc its box spans across the ring at its angle (a wide label at the top takes its
    width, at the side its height), found by a few rounds of refinement."""
    angles = [2 * math.pi * i / len(ring) for i in range(len(ring))]
    for _ in range(4):
        spans = [abs(b.w * math.sin(a)) + abs(b.h * math.cos(a)) + 2 * GAP for b, a in zip(ring, angles, strict=True)]
        total = sum(spans)
        at, angles = 0.0, []
        for span in spans:
            angles.append(2 * math.pi * (at + span / 2) / total - math.pi / 2)
            at += span
    radial = max(abs(b.w * math.cos(a)) + abs(b.h * math.sin(a)) for b, a in zip(ring, angles, strict=True))
    inside = math.hypot(centre.half_w, max(centre.up, centre.down)) + radial / 2 + 2 * GAP
    return angles, max(total / (2 * math.pi), inside)


def _mean_angle(angles: list[float]) -> float:
    if not angles:
        return math.pi / 2  # joined to nothing inside: at the bottom
    return math.atan2(sum(math.sin(a) for a in angles), sum(math.cos(a) for a in angles))


def _polar(radius: float, angle: float) -> Point:
    return radius * math.cos(angle), radius * math.sin(angle)


# -- any other graph ------------------------------------------------------------------------------

def _packed_components(graph: Subgraph, neighbours: dict[str, list[str]], boxes: dict[str, Box]
                       ) -> dict[str, Point]:
    """Lay out each connected component on its own, then pack them in rows, largest first."""
    components = sorted(_components(list(graph.nodes), neighbours), key=lambda c: (-len(c), c[0]))
    laid = [_component_layout(c, neighbours, boxes) for c in components if len(c) > 1]
    singles = [c[0] for c in components if len(c) == 1]
    width = math.sqrt(sum(b.w * b.h for b in boxes.values()) * 4) * 1.6  # wider than tall, as a screen is
    positions: dict[str, Point] = {}
    x = y = row_h = 0.0
    for part in laid:
        (x0, y0, x1, y1) = _extent(part, boxes)
        if x > 0 and x + (x1 - x0) > width:
            x, y, row_h = 0.0, y + row_h + 4 * GAP, 0.0
        positions.update({n: (px - x0 + x, py - y0 + y) for n, (px, py) in part.items()})
        x += x1 - x0 + 4 * GAP
        row_h = max(row_h, y1 - y0)
    start = y + row_h + 4 * GAP if positions else 0.0
    return positions | _packed_rows(singles, boxes, start_y=start, width=max(width, 400.0))


def _components(nodes: list[str], neighbours: dict[str, list[str]]) -> Iterator[list[str]]:
    seen: set[str] = set()
    for start in nodes:
        if start in seen:
            continue
        seen.add(start)
        found, todo = [start], [start]
        while todo:
            for m in neighbours[todo.pop()]:
                if m not in seen:
                    seen.add(m)
                    found.append(m)
                    todo.append(m)
        yield found


def _component_layout(nodes: list[str], neighbours: dict[str, list[str]], boxes: dict[str, Box]) -> dict[str, Point]:
    """A force layout of one component, scaled so its boxes would fill about a quarter of its area."""
    if len(nodes) > FORCE_LIMIT:  # rings round the best-connected node, sized to the labels
        return _rings_round(max(nodes, key=lambda n: (len(neighbours[n]), n)), nodes, neighbours, boxes)
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a in nodes for b in neighbours[a] if a < b)
    raw = nx.spring_layout(g, seed=7, iterations=50)
    side = math.sqrt(sum(boxes[n].w * boxes[n].h for n in nodes) * 4)
    return {n: (float(p[0]) * side / 2, float(p[1]) * side / 2) for n, p in raw.items()}


def _packed_rows(nodes: list[str], boxes: dict[str, Box], start_y: float, width: float = 1200.0
                 ) -> dict[str, Point]:
    """Place `nodes` left to right in rows under `start_y`, centred on x = 0."""
    positions: dict[str, Point] = {}
    x, y, row_h = -width / 2, start_y, 0.0
    for n in nodes:
        b = boxes[n]
        if x > -width / 2 and x + b.w > width / 2:
            x, y, row_h = -width / 2, y + row_h + GAP, 0.0
        positions[n] = (x + b.half_w, y + b.up)
        x += b.w + GAP
        row_h = max(row_h, b.h)
    return positions


def _extent(positions: dict[str, Point], boxes: dict[str, Box]) -> tuple[float, float, float, float]:
    return (min(x - boxes[n].half_w for n, (x, _) in positions.items()),
            min(y - boxes[n].up for n, (_, y) in positions.items()),
            max(x + boxes[n].half_w for n, (x, _) in positions.items()),
            max(y + boxes[n].down for n, (_, y) in positions.items()))


# -- no overlap -----------------------------------------------------------------------------------

class _Placed:
    """Boxes already placed, bucketed on a coarse grid so a new box is tested against few."""

    CELL = 240.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)

    def _keys(self, r: tuple[float, float, float, float]) -> Iterator[tuple[int, int]]:
        for i in range(math.floor(r[0] / self.CELL), math.floor(r[2] / self.CELL) + 1):
            for j in range(math.floor(r[1] / self.CELL), math.floor(r[3] / self.CELL) + 1):
                yield i, j

    def free(self, r: tuple[float, float, float, float]) -> bool:
        cells, size = self.cells, self.CELL
        for i in range(math.floor(r[0] / size), math.floor(r[2] / size) + 1):
            for j in range(math.floor(r[1] / size), math.floor(r[3] / size) + 1):
                for o in cells.get((i, j), ()):
                    if r[0] < o[2] and o[0] < r[2] and r[1] < o[3] and o[1] < r[3]:
                        return False
        return True

    def add(self, r: tuple[float, float, float, float]) -> None:
        for k in self._keys(r):
            self.cells[k].append(r)


def _without_overlap(order: list[str], wanted: dict[str, Point], boxes: dict[str, Box]) -> dict[str, Point]:
    """Give each node, in `order`, the free spot nearest to where it is wanted; where the
    neighbourhood is full (TRIES spots taken), the first row under everything placed."""
    placed, out, bottom = _Placed(), {}, -math.inf
    for n in order:
        b, (x, y) = boxes[n], wanted[n]
        for dx, dy in _near_offsets()[:TRIES]:
            r = (x + dx - b.half_w - GAP / 2, y + dy - b.up - GAP / 2, x + dx + b.half_w + GAP / 2,
                 y + dy + b.down + GAP / 2)
            if placed.free(r):
                break
        else:  # below every box placed so far: free by construction
            dx, dy = 0.0, bottom + b.up + GAP - y
            r = (x - b.half_w - GAP / 2, bottom + GAP / 2, x + b.half_w + GAP / 2, bottom + b.h + 3 * GAP / 2)
        placed.add(r)
        bottom = max(bottom, r[3])
        out[n] = (round(x + dx, 1), round(y + dy, 1))
    return out


_NEAR_STEPS = range(-30, 31)
TRIES = 600  # spots tried near where a node is wanted before it goes under everything


@cache
def _near_offsets() -> tuple[Point, ...]:
    steps = [(dx, dy) for dx in _NEAR_STEPS for dy in _NEAR_STEPS]
    steps.sort(key=lambda s: (s[0] ** 2 + (1.6 * s[1]) ** 2, s))  # sideways first: labels are wide
    return tuple((dx * STEP, dy * STEP) for dx, dy in steps)
