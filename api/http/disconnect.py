"""Cancel a request's work when its client goes away before the answer is sent.

Starlette never listens for a disconnect on its own, so an abandoned request runs to the end:
45 abandoned page builds kept the server busy long after their clients had given up. Once a
request's body has been read (at once, for a request without one), a watcher waits on the
connection; if the client leaves first, the request's cancel scope is cancelled. Waiting work
stops there (a slot in a queue, a parse in a worker process, which is then killed); a function
already running on a worker thread finishes, since Python cannot stop a thread, and its answer
is dropped."""

from __future__ import annotations

import anyio
from anyio.abc import TaskGroup

from api.http.request_guard import ASGIApp, Message, Receive, Send

_BODYLESS: Message = {"type": "http.request", "body": b"", "more_body": False}
_DISCONNECT: Message = {"type": "http.disconnect"}


class CancelOnDisconnect:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with anyio.create_task_group() as group:
            cycle = _Cycle(receive, send, group)
            if not _has_body(scope):
                cycle.watch(first=_BODYLESS)
            await self.app(scope, cycle.receive, cycle.send)
            group.cancel_scope.cancel()  # answered: stop watching


def _has_body(scope: Message) -> bool:
    headers = dict(scope["headers"])
    return b"transfer-encoding" in headers or headers.get(b"content-length", b"0") not in (b"0", b"")


class _Cycle:
    """One request's receive and send, as the app sees them."""

    def __init__(self, receive: Receive, send: Send, group: TaskGroup) -> None:
        self._receive = receive
        self._send = send
        self.group = group
        self.answered = False
        self.gone = anyio.Event()
        self.watching = False
        self.pending: Message | None = None  # the request message, for a request without a body

    async def receive(self) -> Message:
        if self.pending is not None:
            message, self.pending = self.pending, None
            return message
        if self.watching:  # the watcher owns the connection now; all that can come is a disconnect
            await self.gone.wait()
            return _DISCONNECT
        message = await self._receive()
        if message["type"] == "http.request" and not message.get("more_body", False):
            self.watch()
        return message

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            self.answered = True
        await self._send(message)

    def watch(self, first: Message | None = None) -> None:
        self.watching = True
        self.pending = first
        self.group.start_soon(self._watch)

    async def _watch(self) -> None:
        while (await self._receive())["type"] != "http.disconnect":
            pass  # the server repeats the body-less request message once; nothing else comes
        self.gone.set()
        if not self.answered:
            self.group.cancel_scope.cancel()
