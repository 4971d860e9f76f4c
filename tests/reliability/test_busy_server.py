"""Finding 9: `/viz/graph?budget=20000` (anonymous) took 40 s, and 45 abandoned requests left
`/health` unanswered for 30 s — every route was sync and shared one thread pool. Now the budget
stops at 5,000 nodes, page builds wait for one of a few slots (DUTYGRAPH_PAGE_WORKERS) without
holding a thread, a request whose client has gone is cancelled while it waits, uploads are
parsed in a worker process (killed when its client goes), and /health reads a state kept by a
monitor, never the store. Exact latencies: `python -m bench.soak_upload`; here generous bounds."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from bench.bombs import large_valid_text
from bench.corpus import generate
from graph.build import build_facts
from graph.stores.sqlite import SqliteStore
from loaders import parse_text
from loaders.formats.read import read_bytes
from tests.served import ServedApp

TOKEN = "busy-token"
ABANDONED = 100
GENEROUS = 3.0  # seconds; the targets are 100 ms for /health and 200 ms p99 for reads (see the bench)


@pytest.fixture(scope="module")
def busy(tmp_path_factory):
    """A served graph big enough that a whole-graph page takes a good fraction of a second."""
    store = SqliteStore(tmp_path_factory.mktemp("data"))
    store.write_documents([build_facts(parse_text(read_bytes(doc.data, doc.name).text, source=doc.name))
                           for doc in generate(150, seed=5)])
    app = create_app(ApiSettings(token=TOKEN, max_upload_bytes=8 * 1024 * 1024), store)  # one parser process
    with ServedApp(app) as served, httpx.Client(base_url=served.url, timeout=60) as http:
        yield app, served, http


def abandon(port: int, request: bytes) -> None:
    """Send a request and hang up without reading the answer."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(request)


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def test_a_budget_over_5000_is_a_clear_400(busy):
    _, _, http = busy
    body = http.get("/viz/graph.json", params={"budget": 20000}).json()
    assert body["status"] == 400 and body["ok"] is False and "5000" in body["error"], body
    page = http.get("/viz/graph", params={"budget": 20000})  # a page route: the same error as a page
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html") and "5000" in page.text
    assert http.get("/viz/graph.json", params={"budget": 5000}).status_code == 200


def test_abandoned_page_builds_leave_health_and_reads_answering(busy):
    _, served, http = busy
    request = b"GET /viz/graph?budget=5000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    for _ in range(ABANDONED):
        abandon(served.port, request)
    time.sleep(0.5)
    health, health_s = timed(lambda: http.get("/health"))
    read, read_s = timed(lambda: http.get("/agencies", params={"limit": 5}))
    page, page_s = timed(lambda: http.get("/viz/graph.json", params={"budget": 5000}))
    assert health.status_code == 200 and health_s < GENEROUS, health_s
    assert read.status_code == 200 and read_s < GENEROUS * 3, read_s
    # the abandoned builds were cancelled while they waited: a new one does not queue behind 100
    assert page.status_code == 200 and page_s < GENEROUS * 4, page_s


def test_health_answers_while_an_upload_is_parsed(busy):
    _, _, http = busy
    big = large_valid_text(4 * 1024 * 1024).encode()
    upload = threading.Thread(target=lambda: http.post("/documents", files={"file": ("big.txt", big)},
                                                       headers={"Authorization": f"Bearer {TOKEN}"}))
    upload.start()
    time.sleep(0.3)
    try:
        for _ in range(10):
            health, seconds = timed(lambda: http.get("/health"))
            assert health.status_code == 200 and seconds < GENEROUS
    finally:
        upload.join()


def test_an_abandoned_upload_frees_its_parser_at_once(busy):
    app, served, http = busy
    big = large_valid_text(4 * 1024 * 1024).encode()
    form = (b'--b0und\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n' + big +
            b"\r\n--b0und--\r\n")
    head = (f"POST /documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n"
            f"Content-Type: multipart/form-data; boundary=b0und\r\nContent-Length: {len(form)}\r\n\r\n").encode()
    pool = app.state.parse_pool
    with socket.create_connection(("127.0.0.1", served.port)) as sock:
        sock.sendall(head + form)
        deadline = time.monotonic() + 30
        while not pool.parsing() and time.monotonic() < deadline:  # wait until the parse has started …
            time.sleep(0.01)
        assert pool.parsing(), "the upload never reached the parser"
        pid = pool.parsing()[0]
    # … and hang up
    deadline = time.monotonic() + 30
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not Path(f"/proc/{pid}").exists()  # killed, not left to parse for nobody
    small = http.post("/documents", files={"file": ("small.txt", large_valid_text(2000).encode())},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert small.status_code == 200 and small.json()["tasks"] > 0
