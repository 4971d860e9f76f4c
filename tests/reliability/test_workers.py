"""`dutygraph serve --workers N`: several processes serve one store, and whichever answers, it
answers with every write any of them (or the CLI) made — on SQLite and on Neo4j."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.neo4j_server import free_port

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PLAN = "浙江省人民政府办公厅关于印发某方案的通知\n一、任务\n1.强化资金保障。(责任单位:省财政厅、省教育厅;完成时限:2021年3月底前)\n"


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def workers(request, tmp_path, seed_path):
    """`dutygraph serve --workers 2` in its own process group, the seed loaded first."""
    env = {**os.environ, "DUTYGRAPH_TOKEN": TOKEN, "DUTYGRAPH_STORE": request.param}
    if request.param == "neo4j":
        from graph.stores.neo4j import Neo4jStore

        env["NEO4J_URI"] = request.getfixturevalue("neo4j_uri")
        admin = Neo4jStore(env["NEO4J_URI"])
        admin.clear()
        admin.close()
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--workers", "2", "--port", str(port),
                                "--data-dir", str(tmp_path / "data"), "--load", str(seed_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"serve --workers 2 did not start: {process.stderr.read() if process.stderr else ''}")
        time.sleep(0.2)
    yield base, tmp_path / "data", env
    process.terminate()  # uvicorn's supervisor stops its workers
    process.wait(30)


def answers_from_both(base: str, path: str, tries: int = 400) -> dict[str, set[int]]:
    """GET `path` on fresh connections until both workers answered; return worker → totals seen."""
    seen: dict[str, set[int]] = {}

    def one(_: int) -> tuple[str, int]:
        response = httpx.get(base + path, timeout=30)
        return response.headers["x-dutygraph-worker"], response.json()["total"]

    with ThreadPoolExecutor(8) as pool:
        for start in range(0, tries, 16):
            for worker, total in pool.map(one, range(start, start + 16)):
                seen.setdefault(worker, set()).add(total)
            if len(seen) >= 2:
                break
    return seen


def test_every_worker_answers_with_every_write(workers, tmp_path):
    base, data, env = workers
    assert set().union(*answers_from_both(base, "/documents").values()) == {1}
    posted = httpx.post(base + "/documents", files={"file": ("zj.txt", PLAN.encode())}, headers=AUTH, timeout=60)
    assert posted.status_code == 200 and posted.json()["status"] == "loaded"
    seen = answers_from_both(base, "/documents")
    assert len(seen) == 2 and all(totals == {2} for totals in seen.values()), seen
    more = tmp_path / "more.txt"
    more.write_text(PLAN.replace("强化资金保障", "完善考核办法"), encoding="utf-8")
    loaded = subprocess.run([sys.executable, "-m", "api.cli", "load", str(more), "--data-dir", str(data)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    seen = answers_from_both(base, "/agencies/省教育厅/tasks")
    assert len(seen) == 2 and all(totals == {2} for totals in seen.values()), seen
