"""The supervision ledger (督办台账): progress reports and their history, traffic lights, the
audit log. Writes need the bearer token, like every write (api.http.request_guard)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from api.http.deps import Paging, Settings, Store, WritableStore, require_token
from api.shapes_ledger import history_json, lights_json, year_unknown_json
from graph import queries
from graph.errors import NotFound
from graph.ledger import leaders, lights, records
from graph.ledger.progress import record_progress
from graph.store import GraphStore, TaskFilter, TaskRow

router = APIRouter(tags=["ledger"])
writes = APIRouter(tags=["ledger"], dependencies=[Depends(require_token)])


class ProgressIn(BaseModel):
    """One progress report (进展情况)."""

    model_config = ConfigDict(extra="forbid")
    status: str = Field(description="未开始 / 推进中 / 已完成 / 已销号")
    note: str = Field("", max_length=records.MAX_NOTE, description="进展情况")
    reported: date | None = Field(None, description="the day it was reported (default today)")
    by: str = Field(min_length=1, max_length=records.MAX_BY, description="who reports it")


def _task(store: GraphStore, task_id: str) -> TaskRow:
    row = store.task(task_id)
    if row is None:
        raise NotFound(f"no task with id {task_id!r}")
    return row


@writes.post("/tasks/{task_id}/progress", summary="Report progress on a task (报送进展)")
def post_progress(store: WritableStore, settings: Settings, task_id: str, body: ProgressIn) -> dict[str, Any]:
    entry = records.make_progress(task_id, body.status, body.note, body.reported or settings.current_date(), body.by)
    record_progress(store, [entry])  # checks the task exists; durable before we answer
    how = settings.light_settings()
    row = _task(store, task_id)
    lit = lights.light_rows(store, [row], how)[0]
    return {"ok": True, "progress": entry.as_json(), "light": lit.light, "status": lit.latest.status
            if lit.latest else None, **lights_json(how)}


@router.get("/tasks/{task_id}/progress", summary="A task's progress history and light (进展记录)")
def get_progress(store: Store, settings: Settings, task_id: str,
                 as_of: Annotated[date | None, Query(description="YYYY-MM-DD (default today)")] = None,
                 ) -> dict[str, Any]:
    row = _task(store, task_id)
    how = settings.light_settings(as_of)
    history = store.progress_history(task_id)
    light = lights.light_of(row, store.latest_progress([task_id], how.as_of).get(task_id), how)
    return history_json(task_id, history, light, how)


@router.get("/lights", summary="Traffic lights: counts overall and per agency, year-unknown tasks named (红黄绿灯)")
def get_lights(store: Store, settings: Settings,
               agency: Annotated[str | None, Query(description="省财政厅 / finance department")] = None,
               document: Annotated[str | None, Query(description="document id or title")] = None,
               as_of: Annotated[date | None, Query(description="YYYY-MM-DD (default today)")] = None,
               ) -> dict[str, Any]:
    where = TaskFilter(agency=queries.resolve_agency(store, agency).id if agency else None,
                       document=queries.find_node(store, "Document", document).id if document else None)
    how = settings.light_settings(as_of)
    lit = lights.lit_tasks(store, where, how)
    unknown = lights.year_unknown(lit)
    return {**lights_json(how), "total": len(lit), "counts": lights.counts(lit),
            "agencies": lights.counts_per_agency(lit), "leaders": leaders.counts_per_leader(lit),
            "year_unknown": year_unknown_json(len(unknown), unknown)}


@router.get("/audit", summary="The audit log: every progress report and correction (操作留痕)")
def get_audit(store: Store, page: Paging,
              by: Annotated[str | None, Query(max_length=records.MAX_BY, description="who")] = None,
              since: Annotated[date | None, Query(description="from this day (UTC), YYYY-MM-DD")] = None,
              until: Annotated[date | None, Query(description="to the end of this day (UTC)")] = None,
              document: Annotated[str | None, Query(description="document id")] = None,
              task: Annotated[str | None, Query(description="task id")] = None) -> dict[str, Any]:
    where = records.AuditFilter(by=by, since=since, until=until, document=document, task=task)
    total, entries = store.audit(where, page.limit, page.offset)
    return page.of(total, "audit", [e.as_json() for e in entries])
