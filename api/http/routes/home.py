"""The front door: `/` (what is loaded, who carries the load, a search box, every view) with its
JSON twin `/index.json`, `/viz` (the list of views) and `/search` (agencies, tasks, questions)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.http.deps import Settings, Store
from api.http.pages import CSP
from visualizations.home import VIEW_LIST, home_data, render_home, render_search, render_views, search_data

router = APIRouter(tags=["pages"])
LEADERS = "/leaders"  # served by the leaders work (issue 11); linked from home only when it exists
SearchText = Annotated[str, Query(min_length=1, max_length=200, description="省科技厅 / 数字化 / 6月底前到期的任务")]


def html(page: str) -> HTMLResponse:
    """Return an HTML page that may fetch nothing from anywhere (CSP: everything is inline)."""
    return HTMLResponse(page, headers={"Content-Security-Policy": CSP})


def _leaders_url(request: Request) -> str | None:
    return LEADERS if any(getattr(r, "path", None) == LEADERS for r in request.app.routes) else None


@router.get("/", response_class=HTMLResponse, summary="Home page: loaded documents, agencies by load, views")
def home(request: Request, store: Store, settings: Settings) -> HTMLResponse:
    return html(render_home(home_data(store, settings.current_date(), _leaders_url(request))))


@router.get("/index.json", summary="JSON twin of the home page")
def home_json(request: Request, store: Store, settings: Settings) -> dict[str, Any]:
    return home_data(store, settings.current_date(), _leaders_url(request))


@router.get("/viz", response_class=HTMLResponse, summary="The list of views (视图)")
def views() -> HTMLResponse:
    return html(render_views())


@router.get("/viz.json", summary="JSON twin of the list of views")
def views_json() -> dict[str, Any]:
    return {"views": [{"path": p, "title": t, "about": a} for p, t, a in VIEW_LIST]}


@router.get("/search", response_class=HTMLResponse, summary="Search agencies, tasks and questions (搜索)")
def search(store: Store, q: SearchText) -> HTMLResponse:
    return html(render_search(search_data(store, q)))


@router.get("/search.json", summary="JSON twin of the search page")
def search_json(store: Store, q: SearchText) -> dict[str, Any]:
    return search_data(store, q)
