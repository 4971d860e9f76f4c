"""The one error shape of the API, made here and nowhere else:

    {"ok": false, "error": "<what failed>", "status": <http status>, ...extra}

Routes raise domain errors (graph.errors, loaders.errors); `install_error_handlers` maps them."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import Ambiguous, NotFound, StoreError, StoreUnavailable
from loaders.errors import DocumentTooLarge, DutygraphError, LoaderError, UnsupportedFormat

log = logging.getLogger("dutygraph.api")


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


def status_of(exc: DutygraphError) -> tuple[int, dict[str, Any]]:
    """Return the HTTP status and extra fields for a domain error."""
    if isinstance(exc, ApiError):
        return exc.status, exc.extra
    if isinstance(exc, NotFound):
        return 404, {"suggestions": exc.suggestions}
    if isinstance(exc, Ambiguous):
        return 409, {"candidates": exc.candidates}
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

    async def domain(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DutygraphError)
        status, extra = status_of(exc)
        return error_response(status, str(exc), **extra)

    async def validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return error_response(400, "invalid request: " + "; ".join(problems), details=problems)

    async def http(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return error_response(exc.status_code, str(exc.detail))

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(500, f"internal error: {exc.__class__.__name__}")

    app.add_exception_handler(DutygraphError, domain)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(StarletteHTTPException, http)
    app.add_exception_handler(Exception, unexpected)
