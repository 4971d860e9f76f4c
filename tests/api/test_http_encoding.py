"""What the server does with URLs as people type them: raw UTF-8 or spaces in the request line
(sent over a raw socket, as `curl 'http://…/ask?q=6月底前到期的任务'` sends the query) get the
JSON error shape naming the encoding; percent-encoded URLs are answered."""

from __future__ import annotations

import json
import socket
import subprocess

import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file
from tests.conftest import DATA
from tests.served import ServedApp


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    store = SqliteStore(tmp_path_factory.mktemp("encoding"))
    load_parsed(store, parse_file(DATA / "seed.txt"))
    with ServedApp(create_app(ApiSettings(), store)) as app:
        yield app
    store.close()


def raw_request(served, request_line: bytes, keep_alive_first: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (no client library to encode them); return status, headers and body."""
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        if keep_alive_first is not None:
            sock.sendall(keep_alive_first + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            _read_answer(sock)
        sock.sendall(request_line + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return _read_answer(sock)


def _read_answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    while len(body) < int(headers.get("content-length", "0")):
        body += sock.recv(65536)
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize("line, named", [
    ("GET /ask?q=6月底前到期的任务", "non-ASCII"),
    ("GET /agencies/省财政厅", "non-ASCII"),
    ("GET /ask?q=who works most with the finance department", "raw space"),
])
def test_a_raw_request_line_gets_the_json_error_naming_the_encoding(served, line, named):
    status, headers, body = raw_request(served, line.encode())
    assert status == 400 and headers["content-type"] == "application/json"
    answer = json.loads(body)
    assert answer["ok"] is False and answer["status"] == 400
    assert named in answer["error"] and "percent-encode" in answer["error"] and "--data-urlencode" in answer["error"]


def test_the_reason_is_about_the_request_that_failed_on_a_kept_alive_connection(served):
    status, _, body = raw_request(served, "GET /ask?q=省科技厅的工作量".encode(), keep_alive_first=b"GET /health")
    assert status == 400 and "non-ASCII" in json.loads(body)["error"]


def test_a_malformed_request_that_is_not_about_encoding_says_so_plainly(served):
    status, _, body = raw_request(served, b"GET /health\x01")
    assert status == 400 and json.loads(body)["error"].startswith("invalid HTTP request")


def test_percent_encoded_is_answered(served):
    status, _, body = raw_request(served, b"GET /ask?q=6%E6%9C%88%E5%BA%95%E5%89%8D%E5%88%B0%E6%9C%9F%E7%9A%84%E4%BB%BB%E5%8A%A1")
    answer = json.loads(body)  # the seed's year-less June deadlines, named apart
    assert status == 200 and answer["understood"] is True and answer["year_unknown"]["in_month"]["total"] == 3


def test_curl_as_typed_gets_the_json_error_and_curl_encoded_gets_the_answer(served):
    typed = subprocess.run(["curl", "-s", f"{served.url}/ask?q=6月底前到期的任务"], capture_output=True, check=True)
    assert json.loads(typed.stdout)["status"] == 400
    encoded = subprocess.run(["curl", "-s", "-G", "--data-urlencode", "q=6月底前到期的任务", f"{served.url}/ask"],
                             capture_output=True, check=True)
    assert json.loads(encoded.stdout)["year_unknown"]["in_month"]["total"] == 3
