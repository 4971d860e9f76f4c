"""Pages to explore the graph. Every HTML view has a JSON twin: /viz/agency/{name} ↔ /viz/agency/{name}.json."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from api.http.deps import Store
from api.http.errors import ApiError
from api.http.pages import CSP, page_slot
from graph.lineage.answers import task_lineage
from graph.lineage.coverage import coverage
from visualizations.charts import heatmap_svg, load_chart_svg
from visualizations.lineage import render_coverage, render_lineage
from visualizations.pages import page_json, render_page
from visualizations.subgraphs import (
    DEFAULT_BUDGET,
    MAX_BUDGET,
    CoordinationFilter,
    Subgraph,
    agency_ego,
    coordination_network,
    document_graph,
    node_tasks,
    task_neighbourhood,
    whole_graph,
)

router = APIRouter(prefix="/viz", tags=["pages"], dependencies=[Depends(page_slot)])
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _html(graph: Subgraph, links: dict[str, str]) -> HTMLResponse:
    return HTMLResponse(render_page(graph, links), headers={"Content-Security-Policy": CSP})


def _svg(text: str) -> Response:
    return Response(text, media_type="image/svg+xml", headers={"Content-Security-Policy": CSP})


@router.get("/lineage/{task_id}.json", summary="JSON twin of a task's lineage page")
def lineage_json(store: Store, task_id: str) -> dict[str, Any]:
    return task_lineage(store, task_id)


@router.get("/lineage/{task_id}", response_class=HTMLResponse,
            summary="A task and its child tasks by jurisdiction, coloured by relation (上下级任务)")
def lineage_page(store: Store, task_id: str) -> HTMLResponse:
    return HTMLResponse(render_lineage(task_lineage(store, task_id)), headers={"Content-Security-Policy": CSP})


@router.get("/coverage/{doc_id}.json", summary="JSON twin of a parent plan's coverage page")
def coverage_json(store: Store, doc_id: str) -> dict[str, Any]:
    return coverage(store, doc_id)


@router.get("/coverage/{doc_id}", response_class=HTMLResponse,
            summary="A parent plan's tasks × the jurisdictions of its child plans (分解情况)")
def coverage_page(store: Store, doc_id: str) -> HTMLResponse:
    return HTMLResponse(render_coverage(coverage(store, doc_id)), headers={"Content-Security-Policy": CSP})


@router.get("/agency/{name}.json", summary="JSON twin of an agency's page")
def agency_json(store: Store, name: str) -> dict[str, Any]:
    return page_json(agency_ego(store, name))


@router.get("/agency/{name}", response_class=HTMLResponse, summary="An agency's network (单位关系图)")
def agency_page(store: Store, name: str) -> HTMLResponse:
    quoted = quote(name, safe="")
    return _html(agency_ego(store, name), {"load chart 负荷图": "/viz/charts/load.svg",
                                           "deadline heatmap 到期热力图": "/viz/charts/heatmap.svg",
                                           "JSON": f"/viz/agency/{quoted}.json",
                                           "network 协作网络": f"/agencies/{quoted}/network",
                                           "coordination 协同网络": "/viz/coordination"})


def _coordination_filter(document: str | None, jurisdiction: str | None, due_from: str | None,
                         due_to: str | None) -> CoordinationFilter:
    return CoordinationFilter(document, jurisdiction, _month(due_from, "due_from"), _month(due_to, "due_to"))


def _month(value: str | None, name: str) -> tuple[int, int] | None:
    if value is None:
        return None
    m = _MONTH.match(value)
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise ApiError(400, f"{name} must look like 2021-06, not {value!r}")
    return int(m.group(1)), int(m.group(2))




@router.get("/coordination.json", summary="JSON twin of the coordination network")
def coordination_json(store: Store, document: str | None = None, jurisdiction: str | None = None,
                      due_from: Annotated[str | None, Query(description="YYYY-MM")] = None,
                      due_to: Annotated[str | None, Query(description="YYYY-MM")] = None) -> dict[str, Any]:
    return page_json(coordination_network(store, _coordination_filter(document, jurisdiction, due_from, due_to)))


@router.get("/coordination", response_class=HTMLResponse, summary="Agencies linked by shared tasks (协同网络)")
def coordination_page(store: Store, document: str | None = None, jurisdiction: str | None = None,
                      due_from: Annotated[str | None, Query(description="YYYY-MM")] = None,
                      due_to: Annotated[str | None, Query(description="YYYY-MM")] = None) -> HTMLResponse:
    graph = coordination_network(store, _coordination_filter(document, jurisdiction, due_from, due_to))
    return _html(graph, {"JSON": "/viz/coordination.json", "hubs 枢纽": "/coordination/hubs",
                         "communities 协作群": "/coordination/communities",
                         "load chart 负荷图": "/viz/charts/load.svg"})


@router.get("/task/{task_id}.json", summary="JSON twin of a task's page")
def task_json_twin(store: Store, task_id: str) -> dict[str, Any]:
    return page_json(task_neighbourhood(store, task_id))


@router.get("/task/{task_id}", response_class=HTMLResponse, summary="A task's neighbourhood")
def task_page(store: Store, task_id: str) -> HTMLResponse:
    return _html(task_neighbourhood(store, task_id), {"JSON": f"/viz/task/{quote(task_id, safe='')}.json"})


@router.get("/document/{doc_id}.json", summary="JSON twin of a document's page")
def document_json(store: Store, doc_id: str) -> dict[str, Any]:
    return page_json(document_graph(store, doc_id))


@router.get("/document/{doc_id}", response_class=HTMLResponse, summary="A document's whole graph")
def document_page(store: Store, doc_id: str) -> HTMLResponse:
    return _html(document_graph(store, doc_id), {"JSON": f"/viz/document/{quote(doc_id, safe='')}.json"})


def _node_pages(label: str, segment: str, what: str) -> None:
    """Register the page of one kind of node (problem, region, platform, policy) and its twin."""

    def twin(store: Store, name: str) -> dict[str, Any]:
        return page_json(node_tasks(store, label, name))

    def page(store: Store, name: str) -> HTMLResponse:
        return _html(node_tasks(store, label, name), {"JSON": f"/viz/{segment}/{quote(name, safe='')}.json"})

    router.add_api_route(f"/{segment}/{{name}}.json", twin, methods=["GET"], summary=f"JSON twin of a {what}'s page")
    router.add_api_route(f"/{segment}/{{name}}", page, methods=["GET"], response_class=HTMLResponse,
                         summary=f"A {what} and the tasks joined to it")


for _label, _segment, _what in (("Problem", "problem", "problem"), ("Region", "region", "region"),
                                ("Platform", "platform", "platform"), ("PolicyDocument", "policy", "policy document"),
                                ("Person", "leader", "leader")):
    _node_pages(_label, _segment, _what)


Budget = Annotated[int, Query(ge=10, le=MAX_BUDGET, description="above this many nodes, the graph is aggregated")]


@router.get("/graph.json", summary="JSON twin of the whole-graph page")
def graph_json(store: Store, budget: Budget = DEFAULT_BUDGET) -> dict[str, Any]:
    return page_json(whole_graph(store, budget))


@router.get("/graph", response_class=HTMLResponse, summary="The whole graph (aggregated above the budget)")
def graph_page(store: Store, budget: Budget = DEFAULT_BUDGET) -> HTMLResponse:
    return _html(whole_graph(store, budget), {"JSON": f"/viz/graph.json?budget={budget}"})


@router.get("/charts/load.svg", summary="Lead vs co tasks per agency (SVG)")
def load_chart(store: Store) -> Response:
    return _svg(load_chart_svg(store))


@router.get("/charts/heatmap.svg", summary="Agency × deadline-month heatmap (SVG)")
def heatmap(store: Store) -> Response:
    return _svg(heatmap_svg(store))
