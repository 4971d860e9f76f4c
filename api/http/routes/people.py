"""Leaders (分管领导, 责任领导): the people tasks name, what each oversees, with lights."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from api.http.deps import Paging, Settings, Store
from api.shapes import node_json
from api.shapes_ledger import lights_json, lit_json, year_unknown_json
from graph import people
from graph.ledger import leaders, lights
from graph.store import TaskFilter

router = APIRouter(tags=["leaders"])
NAME = Path(description="姓名 / a person's id: 王伟, 王  伟")
AS_OF = Query(description="lights as of YYYY-MM-DD (default today)")


@router.get("/leaders", summary="People who oversee tasks (责任领导), with how many tasks each")
def list_leaders(store: Store, page: Paging) -> dict[str, Any]:
    found = store.node_page(people.LABEL, page.limit, page.offset)
    counts = leaders.leader_task_counts(store, found.nodes)
    return page.of(found.total, "leaders", [{**node_json(n), "tasks": counts[n.id]} for n in found.nodes])


@router.get("/leaders/{name}", summary="A leader's load: tasks, units under them, due months, lights")
def get_leader(store: Store, settings: Settings, name: Annotated[str, NAME],
               as_of: Annotated[date | None, AS_OF] = None) -> dict[str, Any]:
    how = settings.light_settings(as_of)
    load = leaders.leader_load(store, leaders.resolve_leader(store, name), how)
    return {**node_json(load.person), **lights_json(how), "tasks": len(load.tasks), "lights": load.lights,
            "agencies": load.agencies, "by_month": load.by_month,
            "year_unknown": year_unknown_json(len(load.year_unknown), load.year_unknown)}


@router.get("/leaders/{name}/tasks", summary="The tasks a leader oversees, with lights (某领导分管的任务)")
def leader_tasks(store: Store, settings: Settings, page: Paging, name: Annotated[str, NAME],
                 light: Annotated[Literal["red", "yellow", "green", "grey"] | None, Query()] = None,
                 as_of: Annotated[date | None, AS_OF] = None) -> dict[str, Any]:
    how = settings.light_settings(as_of)
    person = leaders.resolve_leader(store, name)
    lit = lights.lit_tasks(store, TaskFilter(leader=person.id), how)
    chosen = [t for t in lit if light is None or t.light == light]
    return {"leader": node_json(person), **lights_json(how), "lights": lights.counts(lit),
            **page.of(len(chosen), "tasks", [lit_json(t) for t in chosen[page.offset:page.offset + page.limit]])}
