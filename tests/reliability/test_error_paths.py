"""Every error a user can reach gives the one error shape (api/http/errors.py) on the API, and one
line with exit status 2 on the command line — never a traceback, never another shape."""

from __future__ import annotations

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.stores.sqlite import SqliteStore
from tests.api.test_cli_graph import run
from tests.served import ServedApp

AUTH = {"Authorization": "Bearer t"}
REQUESTS = [
    ("GET", "/nope", {}, 404),
    ("PUT", "/documents", {"headers": AUTH}, 405),
    ("POST", "/documents", {"headers": AUTH}, 400),
    ("POST", "/documents", {"headers": {**AUTH, "content-type": "multipart/form-data; boundary=z"},
                            "content": b"--z\r\ngarbage"}, 400),
    ("POST", "/documents", {"headers": AUTH, "files": {"file": ("a.txt", b"x")}, "data": {"year": "3000"}}, 400),
    ("POST", "/documents", {"headers": AUTH, "files": {"file": ("a.txt", b"\xff\xfe" + b"\x00" * 5000)}}, 400),
    ("POST", "/documents", {"headers": AUTH, "files": {"file": ("a.pptx", b"PK")}}, 415),
    ("POST", "/documents", {"headers": AUTH, "files": {"file": ("a.xlsx", b"PK")}}, 400),
    ("POST", "/documents", {"files": {"file": ("a.txt", b"x")}}, 401),
    ("POST", "/anything", {}, 401),
    ("GET", "/health", {"content": b"x" * 200_000}, 413),
    ("GET", "/viz/graph.json?budget=abc", {}, 400),  # page routes draw errors as HTML: tests/visualizations
    ("GET", "/viz/graph.json?budget=5001", {}, 400),
    ("GET", "/viz/agency/nobody.json", {}, 404),
    ("GET", "/tasks?due_before=2021-13-01", {}, 400),
    ("DELETE", "/documents/x", {"headers": AUTH}, 404),
]


@pytest.fixture(scope="module")
def http(tmp_path_factory):
    app = create_app(ApiSettings(token="t", max_upload_bytes=100_000), SqliteStore(tmp_path_factory.mktemp("data")))
    with ServedApp(app) as served, httpx.Client(base_url=served.url, timeout=30) as client:
        yield client


@pytest.mark.parametrize("method, path, kwargs, status", REQUESTS, ids=[f"{r[0]} {r[1]}" for r in REQUESTS])
def test_api_errors_have_the_one_shape(http, method, path, kwargs, status):
    response = http.request(method, path, **kwargs)
    body = response.json()
    assert response.status_code == status, body
    assert body["ok"] is False and body["status"] == status and isinstance(body["error"], str) and body["error"]


@pytest.mark.parametrize("args", [
    ["parse", "/nonexistent/plan.txt"],
    ["parse", "/nonexistent/plan.xyz"],
    ["export", "--format", "csv", "-o", "/nonexistent/dir/x.csv"],
    ["viz", "chart", "load", "-o", "/nonexistent/dir/x.svg"],
    ["viz", "graph", "--budget", "20000", "-o", "x.html"],
    ["delete", "nope"],
])
def test_cli_errors_are_one_line_and_exit_2(tmp_path, args):
    if args[0] in ("export", "viz", "delete"):
        args = [*args, "--data-dir", str(tmp_path / "data")]
    result = run(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("dutygraph")]
    assert len(lines) == 1 and "error" in lines[0], result.stderr


def test_a_folder_that_is_named_like_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "plan.txt").mkdir()
    result = run("parse", str(tmp_path / "plan.txt"))
    assert result.returncode == 2 and result.stderr.strip().endswith("cannot read (Is a directory)")
