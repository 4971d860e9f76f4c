"""Writes: upload a document, delete one. Both need the bearer token."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from api.http.deps import Settings, WritableStore, read_limited, require_token
from api.parse_pool import ParseJob, ParsePool
from graph.errors import NotFound
from graph.ledger.corrections import orphan_document
from graph.service import load_parsed

router = APIRouter(tags=["documents"], dependencies=[Depends(require_token)])


@router.post("/documents", summary="Upload a document (txt, html, docx, pdf, xlsx, xls, et, ods, csv, doc, wps, "
                                    "ofd) and load it")
async def upload_document(request: Request, store: WritableStore, settings: Settings,
                          file: Annotated[UploadFile, File(description="the document")],
                          year: Annotated[int | None, Form(ge=1949, le=2100)] = None) -> dict[str, Any]:
    # token and declared size were checked on the headers (api.http.request_guard), before the body
    name = PurePath(file.filename or "upload.txt").name
    data = await read_limited(file, settings.max_upload_bytes, name)
    # parsing runs in a worker process (it holds no thread or GIL of the server) and writing on a
    # worker thread: the event loop must stay free, since reads finish there before a write starts
    pool: ParsePool = request.app.state.parse_pool
    parsed = await pool.parse(ParseJob(data, name, year, settings.max_upload_bytes, settings.limits))
    result = await run_in_threadpool(load_parsed, store, parsed)
    answer = {"ok": True, "document": {"id": result.doc_id, "source": name, "title": parsed.document.title},
              "status": result.status, "tasks": result.tasks, "warnings": list(parsed.warnings)}
    if result.duplicate_of is not None:  # the same plan from another file: nothing was written
        twin = result.duplicate_of
        answer["duplicate_of"] = {"id": twin.id, "source": twin.props.get("source"), "title": twin.props.get("title")}
    return answer


@router.delete("/documents/{doc_id}", summary="Delete a document and every fact only it gave")
def delete_document(store: WritableStore, doc_id: str) -> dict[str, Any]:
    if not store.delete_document(doc_id):
        raise NotFound(f"no document with id {doc_id!r}")
    orphan_document(store, doc_id)  # its corrections are kept and reported, not dropped
    return {"ok": True, "deleted": doc_id}
