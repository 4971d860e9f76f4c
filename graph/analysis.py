"""networkx as the analysis engine over either store: the coordination network (agencies joined
by the tasks they share), who holds it together (betweenness, partners, shared tasks), the
clusters of agencies that work together (Louvain communities), the shortest chain of shared
tasks between two agencies, an agency's ego network, and GraphML of any of them.

Every graph here is built from a bounded subgraph the store's engine returns — the busiest
`budget` units, an agency's own tasks, or the neighbourhoods a path search reaches — never from
a walk over the whole graph in Python. Whole-network answers are kept until the store changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.cache import cached
from graph.errors import NotFound
from graph.facts import Node
from graph.store import CoordinationFilter, GraphStore, TaskFilter

if TYPE_CHECKING:
    import networkx as nx

ANALYSIS_BUDGET = 200  # units in the network hubs and communities are computed over
BETWEENNESS_SAMPLE = 64  # above this many units betweenness is estimated from this many sources
MAX_PATH_STEPS = 6
MAX_FRONTIER = 2000  # agencies a path search may reach from one side before it gives up
SEED = 7  # the same graph always gives the same communities and samples


def coordination_graph(store: GraphStore, where: CoordinationFilter | None = None,
                       budget: int = ANALYSIS_BUDGET) -> nx.Graph:
    """Return the agencies among the busiest `budget` units on the tasks meeting `where`, joined
    by the tasks they share (edge `shared`, and `distance` = 1/shared for path measures)."""
    where = where or CoordinationFilter()
    return cached(store, f"coordination graph {where} {budget}", lambda: _build(store, where, budget))


def _build(store: GraphStore, where: CoordinationFilter, budget: int) -> nx.Graph:
    import networkx as nx  # loaded on first analysis, not when the API starts

    data = store.coordination(where, budget)
    graph = nx.Graph(tasks=data.tasks)
    for unit in data.agencies:
        if unit.label == "Agency":
            graph.add_node(unit.id, name=unit.name, label=unit.label, load=unit.load)
    for pair in data.pairs:
        graph.add_edge(pair.a, pair.b, shared=pair.shared, distance=1.0 / pair.shared)
    return graph


# -- hubs ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hub:
    id: str
    name: str
    load: int  # assignments on the tasks considered
    partners: int  # agencies it shares tasks with
    shared_tasks: int  # summed over its partners
    betweenness: float  # share of the strongest chains between other agencies that pass through it


def hubs(graph: nx.Graph, top: int = 20) -> tuple[list[Hub], bool]:
    """Return the agencies that hold the network together, most central first, and whether
    betweenness was estimated from a sample of sources (large networks)."""
    import networkx as nx  # loaded on first analysis, not when the API starts

    sampled = graph.number_of_nodes() > BETWEENNESS_SAMPLE
    between = nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLE if sampled else None, weight="distance",
                                        seed=SEED) if graph.number_of_nodes() > 2 else {}
    rows = [Hub(n, graph.nodes[n]["name"], graph.nodes[n]["load"], graph.degree(n),
                int(graph.degree(n, weight="shared")), round(between.get(n, 0.0), 4)) for n in graph]
    rows.sort(key=lambda h: (-h.betweenness, -h.shared_tasks, h.name))
    return rows[:top], sampled


# -- communities -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Community:
    size: int
    members: list[tuple[str, str, int]]  # (id, name, load), busiest first
    shared_within: int  # tasks shared between members, summed over pairs


def communities(graph: nx.Graph) -> tuple[list[Community], float]:
    """Return clusters of agencies that share more tasks among themselves than with the rest
    (Louvain, weighted by shared tasks), largest first, and the partition's modularity."""
    import networkx as nx  # loaded on first analysis, not when the API starts

    if graph.number_of_edges() == 0:
        return [], 0.0
    found = nx.community.louvain_communities(graph, weight="shared", seed=SEED)
    modularity = nx.community.modularity(graph, found, weight="shared")
    out = []
    for members in found:
        inside = graph.subgraph(members)
        ranked = sorted(members, key=lambda n: (-graph.nodes[n]["load"], graph.nodes[n]["name"]))
        out.append(Community(len(members), [(n, graph.nodes[n]["name"], graph.nodes[n]["load"]) for n in ranked],
                             int(inside.size(weight="shared"))))
    out.sort(key=lambda c: (-c.size, -c.shared_within, c.members[0][1]))
    return out, round(modularity, 4)


def community_of(found: list[Community]) -> dict[str, int]:
    """Return each member's community index."""
    return {member[0]: i for i, c in enumerate(found) for member in c.members}


@dataclass(frozen=True)
class Summary:
    hubs: list[Hub]
    communities: list[Community]
    modularity: float


def summary(store: GraphStore, where: CoordinationFilter | None = None, budget: int = ANALYSIS_BUDGET,
            top: int = 10) -> Summary:
    """Return the hubs and communities of the coordination network (kept until the store changes)."""
    def build() -> Summary:
        graph = coordination_graph(store, where, budget)
        found, modularity = communities(graph)
        return Summary(hubs(graph, top)[0], found, modularity)

    return cached(store, f"summary {where} {budget} {top}", build)


# -- an agency's own network ---------------------------------------------------------------------------

def ego_network(store: GraphStore, agency: Node, limit: int = 50) -> nx.Graph:
    """Return `agency` and the `limit` agencies busiest on its tasks, joined by the tasks they
    share among its tasks; node `shared` = tasks shared with the agency; betweenness inside."""
    import networkx as nx  # loaded on first analysis, not when the API starts

    data = store.coordination(CoordinationFilter(agency=agency.id), limit + 1)
    graph = nx.Graph(tasks=data.tasks, agency=agency.id)
    graph.add_node(agency.id, name=str(agency.props.get("name")), label=agency.label, load=data.tasks)
    for unit in data.agencies:
        if unit.label == "Agency":
            graph.add_node(unit.id, name=unit.name, label=unit.label, load=unit.load)
    for pair in data.pairs:
        graph.add_edge(pair.a, pair.b, shared=pair.shared, distance=1.0 / pair.shared)
    between = nx.betweenness_centrality(graph, weight="distance") if graph.number_of_nodes() > 2 else {}
    for node in graph:
        graph.nodes[node]["shared"] = graph.edges[agency.id, node]["shared"] if graph.has_edge(agency.id, node) \
            else (data.tasks if node == agency.id else 0)
        graph.nodes[node]["betweenness"] = round(between.get(node, 0.0), 4)
    return graph


# -- a chain of shared tasks -------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    a: str
    b: str
    shared: int
    examples: list[tuple[str, str]]  # (task id, title) of up to three tasks they share


def shortest_path(store: GraphStore, start: Node, end: Node, examples: int = 3) -> tuple[list[Step], dict[str, str]]:
    """Return the fewest steps from `start` to `end` through agencies that share tasks (the
    strongest such chain when several are as short), and the names of the agencies on it. The
    search widens from both ends one ring of partners at a time, each ring one store question."""
    import networkx as nx  # loaded on first analysis, not when the API starts

    graph = nx.Graph()
    names = {start.id: str(start.props.get("name")), end.id: str(end.props.get("name"))}
    seen = {start.id: 0, end.id: 1}
    frontiers = [{start.id}, {end.id}]
    for step in range(MAX_PATH_STEPS):
        if start.id == end.id or _met(graph, start.id, end.id):
            break
        side = step % 2 if frontiers[0] and frontiers[1] else (0 if frontiers[0] else 1)
        frontiers[side] = _widen(store, graph, frontiers[side], seen, side)
        if not frontiers[side] or len(frontiers[side]) > MAX_FRONTIER:
            break
    if start.id != end.id and not _met(graph, start.id, end.id):
        raise NotFound(f"no chain of shared tasks links {names[start.id]} and {names[end.id]} "
                       f"within {MAX_PATH_STEPS} steps")
    # fewest steps first: a step costs 1, plus less than 1/7 for a weak tie, so strength only breaks ties
    chain = nx.shortest_path(graph, start.id, end.id, weight=lambda u, v, d: 1 + d["distance"] / (MAX_PATH_STEPS + 1)) \
        if start.id != end.id else [start.id]
    steps = [_step(store, graph, a, b, examples) for a, b in zip(chain, chain[1:], strict=False)]
    for node_id in chain:
        if node_id not in names:
            node = store.node(node_id)
            names[node_id] = str(node.props.get("name")) if node else node_id
    return steps, {n: names[n] for n in chain}


def _met(graph: nx.Graph, a: str, b: str) -> bool:
    import networkx as nx

    return a in graph and b in graph and nx.has_path(graph, a, b)


def _widen(store: GraphStore, graph: nx.Graph, frontier: set[str], seen: dict[str, int], side: int) -> set[str]:
    reached: set[str] = set()
    for pair in store.co_agencies(sorted(frontier)):
        graph.add_edge(pair.a, pair.b, shared=pair.shared, distance=1.0 / pair.shared)
        if seen.get(pair.b) is None:
            seen[pair.b] = side
            reached.add(pair.b)
    return reached


def _step(store: GraphStore, graph: nx.Graph, a: str, b: str, examples: int) -> Step:
    shared = store.tasks(TaskFilter(shared=(a, b)), examples)
    return Step(a, b, graph.edges[a, b]["shared"], [(t.id, str(t.props.get("title"))) for t in shared.rows])


# -- GraphML ---------------------------------------------------------------------------------------------

def to_graphml(graph: nx.Graph) -> str:
    """Return a network as GraphML (scalar attributes only)."""
    import networkx as nx  # loaded on first analysis, not when the API starts

    clean = nx.Graph()
    clean.add_nodes_from((n, {k: v for k, v in a.items() if isinstance(v, (str, int, float))})
                         for n, a in graph.nodes(data=True))
    clean.add_edges_from((u, v, {k: val for k, val in a.items() if isinstance(val, (str, int, float))})
                         for u, v, a in graph.edges(data=True))
    return "\n".join(nx.generate_graphml(clean))
