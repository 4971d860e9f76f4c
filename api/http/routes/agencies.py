"""Agencies: list with load, resolve a name, tasks, load, coordination."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from api.http.deps import Paging, Settings, Store, answer
from api.shapes import load_json, node_json, rank_json
from graph import queries
from graph.ledger.leaders import leaders_over

router = APIRouter(tags=["agencies"])

NAME = Path(description="名称 / name: 省财政厅, 财政厅, 浙江省财政厅, finance department, an id, or a small typo",
            openapi_examples={"zh": {"value": "省财政厅"}, "en": {"value": "finance department"}})
Role = Annotated[Literal["lead", "co"] | None, Query(description="lead = 牵头, co = 配合/参与")]


@router.get("/agencies", summary="Every agency with its load (各单位及任务负荷)")
def list_agencies(store: Store, settings: Settings, page: Paging,
                  level: Annotated[Literal["central", "provincial", "city", "county"] | None, Query()] = None,
                  jurisdiction: Annotated[str | None, Query(description="e.g. 浙江省")] = None,
                  kind: Annotated[str | None, Query(
                      description="a kind (regulator, government department …) or a line of work in every "
                                  "jurisdiction: finance, 财政部门, finance department",
                      openapi_examples={"zh": {"value": "财政部门"}, "en": {"value": "finance"}})] = None,
                  sort: Annotated[Literal["load", "name", "lead", "overdue"], Query()] = "load") -> JSONResponse:
    ranked = queries.agency_summaries(store, settings.current_date(), queries.agency_filter(level, jurisdiction, kind),
                                      sort, page.limit, page.offset)
    return answer(page.of(ranked.total, "agencies", [rank_json(r) for r in ranked.rows]))


@router.get("/agencies/{name}", summary="Resolve an agency as a person types it")
def get_agency(store: Store, name: Annotated[str, NAME]) -> dict[str, Any]:
    agency = queries.resolve_agency(store, name)
    return {**node_json(agency), "leaders": leaders_over(store, agency.id)}


@router.get("/agencies/{name}/tasks", summary="All tasks involving an agency (某单位参与的全部任务)")
def agency_tasks(store: Store, page: Paging, name: Annotated[str, NAME], role: Role = None) -> JSONResponse:
    agency = queries.resolve_agency(store, name)
    return answer({"agency": node_json(agency), "role": role,
                   **page.tasks(store, queries.TaskFilter(agency=agency.id, role=role))})


PREDECESSORS = ("also the load of the units a reform made it from (浙江银保监局 for 国家金融监督管理总局浙江监管局), "
                "and the tasks of all of them together, each once")


@router.get("/agencies/{name}/load", summary="An agency's cross-task load (跨任务负荷)")
def agency_load(store: Store, settings: Settings, name: Annotated[str, NAME],
                with_predecessors: Annotated[bool, Query(description=PREDECESSORS)] = False) -> JSONResponse:
    agency = queries.resolve_agency(store, name)
    today = settings.current_date()
    body = load_json(queries.agency_load(store, agency.id, today))
    if with_predecessors:
        before = queries.predecessors(store, agency)
        body["predecessors"] = [load_json(queries.agency_load(store, p.id, today)) for p in before]
        body["together"] = queries.load_together(store, [agency, *before], today)
    return answer(body)


@router.get("/coordination", summary="Tasks several agencies share, and who leads each (协同任务)")
def coordination(store: Store, page: Paging, agency: Annotated[list[str], Query(
        min_length=1, description="repeat: ?agency=省科技厅&agency=省经信厅",
        openapi_examples={"zh": {"value": ["省科技厅", "省经信厅"]},
                          "en": {"value": ["science and technology", "finance department"]}})]) -> JSONResponse:
    nodes = [queries.resolve_agency(store, a) for a in agency]
    shared = page.tasks(store, queries.TaskFilter(shared=tuple(n.id for n in nodes)))
    return answer({"agencies": [node_json(n) for n in nodes], **shared})

