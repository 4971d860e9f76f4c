"""The FastAPI application. `create_app(settings, store)` builds it; nothing touches a store at
import time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Response

from api.http.disconnect import CancelOnDisconnect
from api.http.docs import install_offline_docs
from api.http.errors import install_error_handlers
from api.http.request_guard import RequestGuard
from api.http.routes import (
    agencies,
    analysis,
    corrections,
    health,
    home,
    ledger,
    ledger_out,
    lineage,
    people,
    progress_sheet,
    tasks,
    viz,
    writes,
)
from api.parse_pool import ParsePool
from api.settings import ApiSettings
from graph.store import GraphStore

DESCRIPTION = """
Ask the responsibility graph built from government task documents (整改方案, 分工方案, 任务清单).
Start from the [home page 首页](/) or the [views 视图](/viz); these docs also as [ReDoc](/redoc).

- 某单位参与了哪些任务: `GET /agencies/省财政厅/tasks` or `GET /agencies/finance department/tasks`
- 跨任务负荷: `GET /agencies/省科技厅/load`
- 协同: `GET /coordination?agency=省科技厅&agency=省经信厅`
- 提问: `GET /ask?q=6月底前到期的任务` / `GET /ask?q=which tasks have no owner`

Every error has one shape: `{"ok": false, "error": "...", "status": 404, ...}`.
Writes (`POST /documents`, `DELETE /documents/{id}`, `PATCH /documents/{id}`, `PATCH /tasks/{id}`,
`POST /tasks/{id}/progress`) need `Authorization: Bearer <DUTYGRAPH_TOKEN>`.
"""


def create_app(settings: ApiSettings, store: GraphStore) -> FastAPI:
    """Return the API serving `store`."""
    # docs_url/redoc_url None: FastAPI's own pages load Swagger UI and ReDoc from a CDN; api.http.docs serves them
    app = FastAPI(title="dutygraph", version="0.1.0", description=DESCRIPTION, lifespan=_lifespan, docs_url=None,
                  redoc_url=None)
    app.state.settings = settings
    app.state.store = store
    app.state.health = health.HealthMonitor(store)
    app.state.parse_pool = ParsePool(settings.parse_workers, settings.parse_timeout)
    app.state.page_slots = asyncio.Semaphore(settings.page_workers)
    install_error_handlers(app)
    # the last added is outermost: the disconnect watcher wraps the guard, which meets the headers
    app.add_middleware(RequestGuard, settings=settings)
    app.add_middleware(CancelOnDisconnect)
    # every router is included here and nowhere else; the order is the order routes are matched in
    app.include_router(health.router)
    app.include_router(agencies.router)
    app.include_router(analysis.router)
    app.include_router(lineage.router)  # before tasks: /documents/{id}/coverage is not /documents/{id}
    app.include_router(lineage.writes)
    app.include_router(tasks.router)
    app.include_router(writes.router)
    app.include_router(ledger.router)
    app.include_router(ledger.writes)
    app.include_router(corrections.router)
    app.include_router(corrections.writes)
    app.include_router(people.router)
    app.include_router(viz.router)
    app.include_router(ledger_out.router)
    app.include_router(progress_sheet.router)
    app.include_router(home.router)
    install_offline_docs(app)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:  # browsers ask for it on every page; an empty answer, not a 404
        return Response(status_code=204)

    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the health monitor with the server; stop it and the parser processes with it."""
    app.state.health.start()
    try:
        yield
    finally:
        app.state.health.stop()
        app.state.parse_pool.close()
