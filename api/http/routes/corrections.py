"""Corrections (humans outrank the parser): PATCH a task or a document's year, list corrections
(orphaned ones included), a task's full history. Writes need the bearer token."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from api.http.deps import Store, WritableStore, require_token
from api.shapes import task_json
from api.shapes_ledger import provenance_json
from graph.errors import NotFound
from graph.ledger import records
from graph.ledger.corrections import correct
from graph.store import GraphStore

router = APIRouter(tags=["corrections"])
writes = APIRouter(tags=["corrections"], dependencies=[Depends(require_token)])


class Who(BaseModel):
    model_config = ConfigDict(extra="forbid")
    by: str = Field(min_length=1, max_length=records.MAX_BY, description="who corrects")
    reason: str = Field(min_length=1, max_length=records.MAX_NOTE, description="why")


class Unit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agency: str = Field(min_length=1, max_length=100)
    role: Literal["lead", "co"]


class TaskPatch(Who):
    """What to change on a task; every field given is one correction, applied in this order."""

    add: list[Unit] = Field([], max_length=50, description="units to assign")
    roles: list[Unit] = Field([], max_length=50, description="units whose role changes")
    remove: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field([], max_length=50)
    deadline: date | None = Field(None, description="YYYY-MM-DD; null removes the deadline")
    leaders: list[Annotated[str, Field(min_length=1, max_length=30)]] | None = Field(None, max_length=20)
    not_a_task: bool = Field(False, description="true: the parser took something that is not a task")

    def changes(self) -> list[tuple[str, dict[str, Any]]]:
        out: list[tuple[str, dict[str, Any]]] = [("add_assignment", u.model_dump()) for u in self.add]
        out += [("set_role", u.model_dump()) for u in self.roles]
        out += [("remove_assignment", {"agency": name}) for name in self.remove]
        if "deadline" in self.model_fields_set:
            out.append(("set_deadline", {"deadline": self.deadline.isoformat() if self.deadline else None}))
        if self.leaders is not None:
            out.append(("set_leaders", {"leaders": self.leaders}))
        if self.not_a_task:
            out.append(("not_a_task", {}))
        return out


class DocumentPatch(Who):
    year: int = Field(ge=1949, le=2100, description="the year the document's year-less deadlines fall in")


def _task_doc(store: GraphStore, task_id: str) -> str:
    row = store.task(task_id)
    if row is not None:
        return str(row.props.get("doc"))
    gone = [c for c in store.corrections(task=task_id) if c.kind == "not_a_task"]
    if gone:
        raise NotFound(f"task {task_id!r} was marked not a task by {gone[-1].by} on "
                       f"{gone[-1].at.date().isoformat()} ({gone[-1].reason})")
    raise NotFound(f"no task with id {task_id!r}")


@writes.patch("/tasks/{task_id}", tags=["tasks"], summary="Correct a task (更正): units, roles, deadline, leaders")
async def patch_task(store: WritableStore, task_id: str, body: TaskPatch) -> dict[str, Any]:
    doc = await run_in_threadpool(_task_doc, store, task_id)
    made = await run_in_threadpool(correct, store, doc, task_id, body.changes(), body.by, body.reason)
    row = await run_in_threadpool(store.task, task_id)
    task = {**task_json(row), **provenance_json(row, made)} if row is not None else None
    return {"ok": True, "corrections": [c.as_json() for c in made], "task": task}


@writes.patch("/documents/{doc_id}", tags=["documents"], summary="Set a document's year (年份): year-less "
                                                                   "deadlines fall in it")
async def patch_document(store: WritableStore, doc_id: str, body: DocumentPatch) -> dict[str, Any]:
    made = await run_in_threadpool(correct, store, doc_id, None, [("document_year", {"year": body.year})],
                                   body.by, body.reason)
    return {"ok": True, "corrections": [c.as_json() for c in made], "document": doc_id, "year": body.year}


@router.get("/corrections", summary="Corrections made; state=orphaned: those whose task is gone or changed")
def list_corrections(store: Store,
                     state: Annotated[Literal["active", "orphaned"] | None, Query()] = None,
                     document: Annotated[str | None, Query(description="document id")] = None,
                     task: Annotated[str | None, Query(description="task id")] = None) -> dict[str, Any]:
    found = store.corrections(doc=document, task=task, state=state)
    return {"total": len(found), "corrections": [c.as_json() for c in found]}


@router.get("/tasks/{task_id}/history", tags=["tasks"], summary="A task's full trail: corrections, progress, audit")
def task_history(store: Store, task_id: str) -> dict[str, Any]:
    row = store.task(task_id)
    kept = store.corrections(task=task_id)
    if row is None and not kept:
        raise NotFound(f"no task with id {task_id!r}")
    doc = str(row.props.get("doc")) if row is not None else kept[0].doc
    of_document = [c for c in store.corrections(doc=doc) if c.kind == "document_year"]
    total, trail = store.audit(records.AuditFilter(task=task_id), None)
    return {"task_id": task_id, "exists": row is not None,
            "corrections": [c.as_json() for c in sorted(kept + of_document, key=lambda c: c.seq)],
            "progress": [p.as_json() for p in store.progress_history(task_id)],
            "audit_total": total, "audit": [e.as_json() for e in trail]}
