"""Several processes on one data directory: writers never lose each other's acknowledged writes,
and a running server answers with what `dutygraph load` wrote (issue 14, finding 2); deleting
what is not a document is a 404 and changes nothing (finding 12)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file
from tests.neo4j_server import free_port
from tests.served import ServedApp

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
UNITS = ("省财政厅", "省教育厅", "省科技厅", "省商务厅", "省民政厅", "省文化和旅游厅", "省水利厅", "省农业农村厅")


def plan(writer: str, i: int) -> str:
    """A small plan of its own: a distinct title, two tasks, units drawn from a shared pool."""
    a, b = UNITS[i % len(UNITS)], UNITS[(i + 3) % len(UNITS)]
    return (f"浙江省人民政府办公厅关于印发{writer}第{i}号方案的通知\n一、任务\n"
            f"1.{writer}推进第{i}项工作。(责任单位:{a}、{b};完成时限:2021年{1 + i % 12}月底前)\n"
            f"2.{writer}完善第{i}项机制。(责任单位:{b})\n")


def write_plans(folder: Path, writer: str, count: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"{writer}-{i:02d}.txt").write_text(plan(writer, i), encoding="utf-8")
    return folder


def cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "api.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "DUTYGRAPH_STORE": "sqlite"})


def finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def test_two_processes_writing_one_data_dir_lose_nothing(tmp_path):
    data = tmp_path / "data"
    folders = [write_plans(tmp_path / w, w, 12) for w in ("甲", "乙", "丙")]
    writers = [cli("load", str(f), "--data-dir", str(data)) for f in folders]
    results = [finished(w) for w in writers]
    assert all(code == 0 for code, _, _ in results), results
    store = SqliteStore(data)
    assert store.counts()["Document"] == 36 and store.counts()["Task"] == 72
    titles = {d.props["title"] for d in store.nodes("Document")}
    assert all(f"{w}第{i}号方案" in " ".join(titles) for w in ("甲", "乙", "丙") for i in range(12))


@pytest.fixture
def server(tmp_path, seed_path):
    """`dutygraph serve` in a process of its own over tmp_path/data, the seed loaded."""
    data, port = tmp_path / "data", free_port()
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--data-dir", str(data), "--port", str(port),
                                "--load", str(seed_path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "DUTYGRAPH_TOKEN": TOKEN, "DUTYGRAPH_STORE": "sqlite"})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the server did not start: {process.stderr.read() if process.stderr else ''}")
        time.sleep(0.1)
    yield base, data
    process.terminate()
    process.wait(20)


def test_the_server_answers_with_what_the_cli_loads_while_it_runs(server, tmp_path):
    base, data = server
    with httpx.Client(base_url=base, timeout=30) as http:
        assert http.get("/documents").json()["total"] == 1
        assert http.get("/tasks", params={"q": "丁推进"}).json()["total"] == 0
        folder = write_plans(tmp_path / "more", "丁", 4)
        code, out, err = finished(cli("load", str(folder), "--data-dir", str(data)))
        assert code == 0, err
        assert http.get("/documents").json()["total"] == 5
        assert http.get("/tasks", params={"q": "丁推进"}).json()["total"] == 4
        assert http.get("/agencies/省民政厅/tasks").json()["total"] >= 1
        code, _, err = finished(cli("delete", http.get("/documents").json()["documents"][-1]["id"], "--data-dir",
                                    str(data)))
        assert code == 0, err
        assert http.get("/documents").json()["total"] == 4


def test_uploads_and_a_cli_load_at_once_all_land(server, tmp_path):
    base, data = server
    folder = write_plans(tmp_path / "cli", "戊", 10)
    loading = cli("load", str(folder), "--data-dir", str(data))
    with httpx.Client(base_url=base, timeout=60) as http:
        for i in range(10):
            response = http.post("/documents", files={"file": (f"up-{i}.txt", plan("己", i).encode())}, headers=AUTH)
            assert response.status_code == 200 and response.json()["status"] == "loaded", response.text
        code, _, err = finished(loading)
        assert code == 0, err
        assert http.get("/documents").json()["total"] == 21
    store = SqliteStore(data)  # and a process that starts afterwards reads the same
    assert store.counts()["Document"] == 21


# -- deleting what is not a document ----------------------------------------------------------------------

def test_deleting_a_node_that_is_not_a_document_is_404_and_changes_nothing(store, seed_path):
    parsed = parse_file(seed_path)
    load_parsed(store, parsed)
    before = store.counts()
    task_id = parsed.tasks[0].id
    with ServedApp(create_app(ApiSettings(token=TOKEN), store)) as served, \
            httpx.Client(base_url=served.url, timeout=30) as http:
        for not_a_document in (task_id, "agency:浙江省财政厅", f"{parsed.document.id}-p1", "nope"):
            response = http.delete("/documents/" + quote(not_a_document, safe=""), headers=AUTH)
            assert response.status_code == 404 and response.json()["status"] == 404, (not_a_document, response.text)
        assert store.counts() == before
        assert http.delete(f"/documents/{parsed.document.id}", headers=AUTH).status_code == 200
    assert store.counts() == {"edges": 0}
