"""Network analysis of the coordination between agencies (networkx over a bounded subgraph the
store returns): an agency's network, the hubs that hold coordination together, the clusters that
work together, and the chain of shared tasks between two agencies."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from api.http.deps import Store, answer
from api.shapes import node_json
from graph import analysis, queries
from graph.store import CoordinationFilter

router = APIRouter(tags=["analysis"])
Budget = Annotated[int, Query(ge=2, le=2000, description="the busiest units the network is built over")]
Document = Annotated[str | None, Query(description="only the tasks of this document (id)")]
Place = Annotated[str | None, Query(description="only tasks with a unit named in this place, e.g. 浙江省")]


def _network(store: Store, document: str | None, jurisdiction: str | None, budget: int) -> Any:
    return analysis.coordination_graph(store, CoordinationFilter(document=document, jurisdiction=jurisdiction), budget)


@router.get("/agencies/{name}/network", summary="An agency's network: who it works with, and how they link")
def agency_network(store: Store, name: str,
                   limit: Annotated[int, Query(ge=1, le=500, description="partners shown")] = 50) -> JSONResponse:
    agency = queries.resolve_agency(store, name)
    graph = analysis.ego_network(store, agency, limit)
    nodes = [{"id": n, "name": a["name"], "load": a["load"], "shared_with_agency": a["shared"],
              "betweenness": a["betweenness"]} for n, a in graph.nodes(data=True)]
    nodes.sort(key=lambda n: (n["id"] != agency.id, -n["shared_with_agency"], n["name"]))
    edges = [{"source": u, "target": v, "shared_tasks": a["shared"]} for u, v, a in graph.edges(data=True)]
    return answer({"agency": node_json(agency), "tasks": graph.graph["tasks"], "nodes": nodes, "edges": edges})


@router.get("/agencies/{name}/network.graphml", summary="An agency's network as GraphML")
def agency_network_graphml(store: Store, name: str, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Response:
    graph = analysis.ego_network(store, queries.resolve_agency(store, name), limit)
    return Response(analysis.to_graphml(graph), media_type="application/graphml+xml; charset=utf-8")


@router.get("/coordination/hubs", summary="Agencies that hold coordination together (betweenness)")
def coordination_hubs(store: Store, document: Document = None, jurisdiction: Place = None,
                      budget: Budget = analysis.ANALYSIS_BUDGET,
                      top: Annotated[int, Query(ge=1, le=500)] = 20) -> JSONResponse:
    graph = _network(store, document, jurisdiction, budget)
    found, sampled = analysis.hubs(graph, top)
    return answer({"units": graph.number_of_nodes(), "pairs": graph.number_of_edges(), "tasks": graph.graph["tasks"],
                   "betweenness_sampled": sampled,
                   "hubs": [{"id": h.id, "name": h.name, "load": h.load, "partners": h.partners,
                             "shared_tasks": h.shared_tasks, "betweenness": h.betweenness} for h in found]})


@router.get("/coordination/communities", summary="Clusters of agencies that work together (Louvain)")
def coordination_communities(store: Store, document: Document = None, jurisdiction: Place = None,
                             budget: Budget = analysis.ANALYSIS_BUDGET,
                             members: Annotated[int, Query(ge=1, le=500, description="members listed each")] = 20
                             ) -> JSONResponse:
    graph = _network(store, document, jurisdiction, budget)
    found, modularity = analysis.communities(graph)
    return answer({"units": graph.number_of_nodes(), "pairs": graph.number_of_edges(), "modularity": modularity,
                   "communities": [{"size": c.size, "shared_within": c.shared_within,
                                    "members": [{"id": i, "name": n, "load": load}
                                                for i, n, load in c.members[:members]]} for c in found]})


@router.get("/coordination/path", summary="The shortest chain of shared tasks between two agencies")
def coordination_path(store: Store, start: Annotated[str, Query(alias="from", description="an agency")],
                      end: Annotated[str, Query(alias="to", description="another agency")]) -> JSONResponse:
    a, b = queries.resolve_agency(store, start), queries.resolve_agency(store, end)
    steps, names = analysis.shortest_path(store, a, b)
    return answer({"from": node_json(a), "to": node_json(b), "steps": len(steps), "agencies": list(names.values()),
                   "path": [{"from": names[s.a], "to": names[s.b], "from_id": s.a, "to_id": s.b,
                             "shared_tasks": s.shared, "examples": [{"id": i, "title": t} for i, t in s.examples]}
                            for s in steps]})
