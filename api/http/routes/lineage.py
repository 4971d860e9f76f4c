"""Lineage (issue 23): a task's parents, children and versions; a parent plan's coverage by
jurisdiction; what changed between two versions; one unit's near-duplicate tasks across plans; the
document links, and linking or unlinking two documents by hand (needs the bearer token)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from api.http.deps import Paging, Store, WritableStore, answer, require_token
from api.shapes import node_json
from graph import queries
from graph.errors import NotFound
from graph.ledger import records
from graph.lineage.answers import overlaps, task_lineage
from graph.lineage.coverage import coverage
from graph.lineage.diff import version_diff
from graph.lineage.service import link_by_hand
from graph.store import GraphStore

router = APIRouter(tags=["lineage"])
writes = APIRouter(tags=["lineage"], dependencies=[Depends(require_token)])


@router.get("/tasks/{task_id}/lineage",
            summary="A task's parent and child tasks across levels, and its versions (上下级任务)")
def get_task_lineage(store: Store, task_id: str) -> Any:
    return answer({"ok": True, **task_lineage(store, task_id)})


@router.get("/documents/{doc_id}/coverage",
            summary="A parent plan's tasks × the jurisdictions whose child plans are loaded (分解情况, 未分解)")
def get_coverage(store: Store, page: Paging, doc_id: str) -> Any:
    return answer({"ok": True, **coverage(store, doc_id, page.limit, page.offset)})


@router.get("/documents/{doc_id}/diff", summary="What changed in another version of a plan (版本对比)")
def get_diff(store: Store, doc_id: str, to: Annotated[str, Query(
        min_length=1, max_length=40, description="the other version's document id")]) -> Any:
    return answer({"ok": True, **version_diff(store, doc_id, to)})


@router.get("/documents/{doc_id}/links",
            summary="A document's parent and child plans and versions (上级文件、下级文件、版本)")
def get_document_links(store: Store, doc_id: str) -> Any:
    node = store.node(doc_id)
    if node is None or node.label != "Document":
        raise NotFound(f"no document with id {doc_id!r}")
    return answer({"ok": True, "document": node_json(node), "links": _links_json(store, doc_id)})


@router.get("/agencies/{name}/overlaps", tags=["agencies"],
            summary="One unit's near-duplicate tasks from different plans (重复任务)")
def get_overlaps(store: Store, name: str) -> Any:
    agency = queries.resolve_agency(store, name)
    return answer({"ok": True, "agency": node_json(agency), **overlaps(store, agency.id)})


class LinkBody(BaseModel):
    """A person's word on two documents: this one is the parent (or the earlier version) of `to`."""

    model_config = ConfigDict(extra="forbid")
    to: str = Field(min_length=1, max_length=40, description="the child plan's (or later version's) document id")
    kind: Literal["parent", "version"] = "parent"
    action: Literal["link", "unlink"] = "link"
    by: str = Field(min_length=1, max_length=records.MAX_BY, description="who links")
    reason: str = Field(min_length=1, max_length=records.MAX_NOTE, description="why")


@writes.post("/documents/{doc_id}/links", summary="Link or unlink two documents by hand (audited, kept across reloads)")
async def post_document_link(store: WritableStore, doc_id: str, body: LinkBody) -> Any:
    await run_in_threadpool(link_by_hand, store, doc_id, body.to, body.kind, body.action, body.by, body.reason)
    links = await run_in_threadpool(_links_json, store, doc_id)
    return answer({"ok": True, "document": doc_id, "links": links})


def _links_json(store: GraphStore, doc_id: str) -> list[dict[str, Any]]:
    out = []
    for link in store.doc_links(doc_id):
        other = store.node(link.target if link.source == doc_id else link.source)
        role = {("parent", True): "child", ("parent", False): "parent", ("version", True): "later",
                ("version", False): "earlier"}[(link.kind, link.source == doc_id)]
        out.append({**link.as_json(), "role": role, "other": node_json(other) if other else None})
    return out
