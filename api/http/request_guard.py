"""The first thing a request meets: its headers are checked before a byte of its body is read.

FastAPI reads (and spools to a temporary file) a multipart body before any dependency runs, so
a token check in a dependency comes after an anonymous 2 GB upload is on disk. This ASGI
middleware refuses on the headers instead — a write without the right token, a declared length
over the limit — and counts the body as the app reads it, stopping at the limit when the length
is absent or lies. Refusals close the connection, so the client's unread body is never read."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from api.http.errors import ApiError, error_body
from api.settings import ApiSettings

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Message, Receive, Send], Awaitable[None]]

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")  # every request that changes the graph
MULTIPART_SLACK = 64 * 1024  # form framing around the file: boundaries, part headers, fields


def token_refusal(settings: ApiSettings, authorization: str) -> ApiError | None:
    """Return why a write with this Authorization header is refused, or None when it may pass."""
    if settings.token is None:
        return ApiError(403, "writes are disabled: start the API with DUTYGRAPH_TOKEN set to allow them")
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), settings.token.encode()):
        return ApiError(401, "missing or wrong bearer token (Authorization: Bearer …)")
    return None


class RequestGuard:
    def __init__(self, app: ASGIApp, settings: ApiSettings) -> None:
        self.app = app
        self.settings = settings
        self.max_body = settings.max_upload_bytes + MULTIPART_SLACK

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope["method"], headers)
        if refusal is not None:
            await _refuse(send, refusal)
            return
        body = _CountedBody(receive, send, self.max_body, self.settings.max_upload_bytes)
        try:
            await self.app(scope, body.receive, body.send)
        except Exception:
            if not body.over:
                raise
        if body.over and not body.started:  # the app's own answer to the cut-off body is dropped
            await _refuse(send, body.refusal())

    def _refusal(self, method: str, headers: dict[str, str]) -> ApiError | None:
        if method in WRITE_METHODS:
            refusal = token_refusal(self.settings, headers.get("authorization", ""))
            if refusal is not None:
                return refusal
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            return ApiError(413, f"upload of {int(declared):,} bytes is over the "
                                 f"{self.settings.max_upload_bytes:,}-byte limit (DUTYGRAPH_MAX_UPLOAD)")
        return None


class _BodyTooLarge(Exception):
    """Raised into the app when the body it reads passes the limit."""


class _CountedBody:
    def __init__(self, receive: Receive, send: Send, limit: int, upload_limit: int) -> None:
        self._receive = receive
        self._send = send
        self.limit = limit
        self.upload_limit = upload_limit
        self.read = 0
        self.over = False
        self.started = False

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self.read += len(message.get("body", b""))
            if self.read > self.limit:
                self.over = True
                raise _BodyTooLarge()
        return message

    async def send(self, message: Message) -> None:
        if self.over:
            return
        self.started = self.started or message["type"] == "http.response.start"
        await self._send(message)

    def refusal(self) -> ApiError:
        return ApiError(413, f"upload is over the {self.upload_limit:,}-byte limit (DUTYGRAPH_MAX_UPLOAD); "
                             f"stopped reading after {self.read:,} bytes")


async def _refuse(send: Send, error: ApiError) -> None:
    """Answer with the one error shape and close the connection: the body is left unread."""
    payload = json.dumps(error_body(error.status, str(error), **error.extra), ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": error.status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})
