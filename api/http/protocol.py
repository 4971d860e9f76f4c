"""uvicorn's h11 protocol, answering a request it cannot parse with the API's one JSON error shape.

A request line must be ASCII (RFC 9112): h11 refuses raw UTF-8 or a raw space in the URL, and
uvicorn answers with a plain-text 400 before the app sees anything. That is what a person gets
from `curl 'http://…/ask?q=6月底前到期的任务'` (curl percent-encodes non-ASCII in the path but
sends the query as typed). Rewriting the bytes before h11 reads them would accept such requests,
but it would mean a second HTTP parser of our own in front of h11; an answer that says what to
encode, in the shape every other error has, is the clean fix. The pure-Python h11 protocol is
chosen explicitly so the behaviour does not change when httptools happens to be installed.
"""

from __future__ import annotations

import json
from typing import Any

import h11
from uvicorn import Config
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.http.errors import error_body

_FIRST_LINE_LIMIT = 16 * 1024  # enough for any request line we would explain; the rest is not kept
ENCODING_HINT = ("percent-encode it (UTF-8), e.g. /agencies/%E7%9C%81%E8%B4%A2%E6%94%BF%E5%8E%85 "
                 "for /agencies/省财政厅, or let curl do it: curl -G --data-urlencode 'q=6月底前到期的任务' http://HOST/ask")


def explain_bad_request_line(head: bytes) -> str:
    """Return why a request line that h11 refused is bad, naming the encoding fix when that is the cause."""
    line = head.split(b"\r\n", 1)[0].split(b"\n", 1)[0]
    parts = line.split(b" ")
    target = b" ".join(parts[1:-1]) if len(parts) >= 3 else line
    if any(byte >= 0x80 for byte in target):
        return ("the URL holds raw non-ASCII characters (e.g. Chinese); an HTTP request line must be ASCII: "
                + ENCODING_HINT)
    if len(parts) > 3:
        return f"the URL holds a raw space; write it as %20 or +: {ENCODING_HINT}"
    return "invalid HTTP request: the request line or a header could not be parsed"


class JsonErrorH11Protocol(H11Protocol):
    """H11Protocol whose 400 for an unparsable request is the JSON error shape, with the reason."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head = b""

    def data_received(self, data: bytes) -> None:
        if len(self._head) < _FIRST_LINE_LIMIT and b"\n" not in self._head:
            self._head += data[:_FIRST_LINE_LIMIT]
        super().data_received(data)

    def on_response_complete(self) -> None:
        self._head = b""  # the next request on this connection starts a new line
        super().on_response_complete()

    def send_400_response(self, msg: str) -> None:
        body = json.dumps(error_body(400, explain_bad_request_line(self._head)), ensure_ascii=False).encode()
        headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
                   (b"content-length", str(len(body)).encode())]
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"), h11.Data(data=body),
                      h11.EndOfMessage()):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()


def uvicorn_config(app: Any, **options: Any) -> Config:
    """Return a uvicorn Config serving `app` with the JSON-error protocol (every server we start uses it)."""
    return Config(app, http=JsonErrorH11Protocol, **options)
