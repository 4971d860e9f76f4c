"""What routes get from the app: the store, the settings, paging, the write guard, and an upload's
bytes read within the size limit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from api.http.errors import ApiError
from api.http.request_guard import token_refusal
from api.settings import ApiSettings
from graph.store import GraphStore, TaskFilter


def get_store(request: Request) -> Iterator[GraphStore]:
    """The store, seen in one state for the whole request where the store can promise it (the
    embedded store reads one snapshot; each Neo4j read is its own transaction)."""
    store: GraphStore = request.app.state.store
    view = getattr(store, "consistent_view", None)
    if view is None:
        yield store
        return
    with view() as seen:
        yield seen


def get_writable_store(request: Request) -> GraphStore:
    """The store for write routes: no read view, or the write would wait for itself."""
    store: GraphStore = request.app.state.store
    return store


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


Store = Annotated[GraphStore, Depends(get_store)]
WritableStore = Annotated[GraphStore, Depends(get_writable_store)]
Settings = Annotated[ApiSettings, Depends(get_settings)]


# Far past any real graph, and inside SQLite's and Neo4j's 64-bit integers (a larger offset was a
# 500: "Python int too large to convert to SQLite INTEGER").
MAX_OFFSET = 10**12


class Page:
    """limit/offset paging, with the total in the answer."""

    def __init__(self, limit: Annotated[int, Query(ge=1, le=500, description="items per page")] = 50,
                 offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")] = 0) -> None:
        self.limit = limit
        self.offset = offset

    def tasks(self, store: GraphStore, where: TaskFilter) -> dict[str, Any]:
        """Return one page of the tasks meeting `where`, counted and paged by the store's engine."""
        from api.shapes import task_json

        found = store.tasks(where, self.limit, self.offset)
        return {"total": found.total, "limit": self.limit, "offset": self.offset,
                "tasks": [task_json(t, full=False) for t in found.rows]}

    def of(self, total: int, key: str, items: list[Any]) -> dict[str, Any]:
        """Return a page the store already cut: its items under `key`, and the total."""
        return {"total": total, "limit": self.limit, "offset": self.offset, key: items}

    def apply(self, items: list[Any], key: str) -> dict[str, Any]:
        return {"total": len(items), "limit": self.limit, "offset": self.offset,
                key: items[self.offset:self.offset + self.limit]}


Paging = Annotated[Page, Depends(Page)]


def answer(content: dict[str, Any]) -> JSONResponse:
    """Send `content` as JSON straight away: our answers are plain JSON already, and FastAPI's
    generic encoder costs as much as the query itself on the busy endpoints."""
    return JSONResponse(content)


def require_token(request: Request, settings: Settings) -> None:
    """Writes need `Authorization: Bearer <DUTYGRAPH_TOKEN>`; with no token configured, none pass.
    api.http.request_guard refuses on the headers before the body is read; this check stays for routes
    reached without the guard, and for the OpenAPI docs."""
    refusal = token_refusal(settings, request.headers.get("authorization", ""))
    if refusal is not None:
        raise refusal


_CHUNK = 64 * 1024


async def read_limited(file: UploadFile, limit: int, name: str) -> bytes:
    """Return an upload's bytes, refused (413) as soon as they pass `limit`: a body sent without a
    declared length is never read whole first."""
    chunks, size = [], 0
    while chunk := await file.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"{name}: upload is over the {limit:,}-byte limit (DUTYGRAPH_MAX_UPLOAD)")
        chunks.append(chunk)
    return b"".join(chunks)
