"""The one error shape of the API, made here and nowhere else:

    {"ok": false, "error": "<what failed>", "status": <http status>, ...extra}

Routes raise domain errors (graph.errors, loaders.errors); `install_error_handlers` maps them.
On the routes people open in a browser (`/`, `/viz/…`, `/search`) the same body is drawn as an
HTML page (what was asked, the names it may have meant, a link home); their `.json` twins and
every API route answer the JSON itself."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import unquote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import Ambiguous, Conflict, NotFound, StoreError, StoreUnavailable
from loaders.errors import DocumentTooLarge, DutygraphError, LoaderError, UnsupportedFormat

log = logging.getLogger("dutygraph.api")
_PAGE_ROUTE = re.compile(r"^/(?:viz(?:/.*)?|search)?$", re.S)
_NODE_PAGE = re.compile(r"^/viz/(agency|region|platform|problem|policy|document|task)/[^/]+$")


class ApiError(DutygraphError):
    """An error the API itself decides on (auth, limits, bad questions)."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.extra = extra


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    """Return the one JSON error shape."""
    return {"ok": False, "error": message, "status": status, **extra}


def error_response(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(error_body(status, message, **extra), status_code=status)


def wants_page(request: Request) -> bool:
    """Whether the request is for a page (HTML) rather than JSON: a page route, not its twin."""
    path = request.url.path
    return bool(_PAGE_ROUTE.match(path)) and not path.endswith((".json", ".svg"))


def respond(request: Request, status: int, message: str, **extra: Any) -> Response:
    """Return the error in the one shape: as JSON, or drawn as a page on a page route."""
    if not wants_page(request):
        return error_response(status, message, **extra)
    from visualizations.chrome import CONTENT_SECURITY_POLICY
    from visualizations.error_page import render_error_page

    path, query = request.url.path, request.url.query
    asked = unquote(path) + (f"?{unquote(query)}" if query else "")
    node_page = _NODE_PAGE.match(path)
    prefix = f"/viz/{node_page.group(1)}/" if node_page else None
    twin = f"{path}.json" + (f"?{query}" if query else "") if node_page else None
    page = render_error_page(error_body(status, message, **extra), asked, prefix, twin)
    return HTMLResponse(page, status_code=status, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})


def status_of(exc: DutygraphError) -> tuple[int, dict[str, Any]]:
    """Return the HTTP status and extra fields for a domain error."""
    if isinstance(exc, ApiError):
        return exc.status, exc.extra
    if isinstance(exc, NotFound):
        return 404, {"suggestions": exc.suggestions}
    if isinstance(exc, Ambiguous):
        return 409, {"candidates": exc.candidates}
    if isinstance(exc, Conflict):
        return 409, {}
    if isinstance(exc, StoreUnavailable):
        return 503, {}
    if isinstance(exc, DocumentTooLarge):
        return 413, {}
    if isinstance(exc, UnsupportedFormat):
        return 415, {}
    if isinstance(exc, LoaderError):
        return 400, {}
    if isinstance(exc, StoreError):
        return 500, {}
    return 400, {}


def install_error_handlers(app: FastAPI) -> None:
    """Map every error, domain or framework, to the one shape."""

    async def domain(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DutygraphError)
        status, extra = status_of(exc)
        return respond(request, status, str(exc), **extra)

    async def validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return respond(request, 400, "invalid request: " + "; ".join(problems), details=problems)

    async def http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return respond(request, exc.status_code, str(exc.detail))

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return respond(request, 500, f"internal error: {exc.__class__.__name__}")

    app.add_exception_handler(DutygraphError, domain)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(StarletteHTTPException, http)
    app.add_exception_handler(Exception, unexpected)
