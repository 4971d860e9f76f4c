"""Bulk progress: `POST /progress` takes a progress sheet (xlsx, xls, ods or csv) and records every
row's report, or none of them, with a verdict on each row (graph.ledger.progress_sheet). Needs the token."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool

from api.http.deps import Settings, WritableStore, read_limited, require_token  # the upload size limit
from api.http.errors import ApiError
from api.settings import ApiSettings
from graph.ledger.progress_sheet import (
    ProgressSheet,
    ProgressSheetError,
    apply_progress,
    read_progress,
    read_sheet_file,
)
from graph.store import GraphStore
from loaders.formats.sheets import SHEET_SUFFIXES

router = APIRouter(tags=["ledger"], dependencies=[Depends(require_token)])


@router.post("/progress", summary="Upload a progress sheet (进展情况表: xlsx, xls, ods or csv): all rows or none")
async def upload_progress(store: WritableStore, settings: Settings,
                          file: Annotated[UploadFile, File(description="任务编号 or 序号 [+ 来源文件], 状态, 进展情况 "
                                                                       "[, 报告日期, 报告人]")],
                          by: Annotated[str | None, Form(max_length=100, description="who reports, for rows "
                                                                                     "without a 报告人")] = None,
                          dry_run: Annotated[bool, Form(description="true: only check the sheet")] = False,
                          ) -> dict[str, Any]:
    name = PurePath(file.filename or "progress.csv").name
    if PurePath(name).suffix.lower() not in SHEET_SUFFIXES:
        raise ApiError(415, f"{name}: a progress sheet is one of {', '.join(sorted(SHEET_SUFFIXES))}")
    data = await read_limited(file, settings.max_upload_bytes, name)
    sheet = await run_in_threadpool(_read, store, settings, data, name, by)
    if sheet.errors:
        raise ApiError(400, str(ProgressSheetError(sheet)), **sheet.as_json())  # names the first problems
    recorded = 0 if dry_run else await run_in_threadpool(apply_progress, store, sheet)
    return {"ok": True, "recorded": recorded, "dry_run": dry_run, **sheet.as_json()}


def _read(store: GraphStore, settings: ApiSettings, data: bytes, name: str, by: str | None) -> ProgressSheet:
    sheets = read_sheet_file(data, name, settings.limits)
    return read_progress(store, sheets, name, by.strip() if by else None, settings.current_date())
