"""Concurrent loads over real HTTP: 20 uploads of one document leave one copy (issue 14, finding
3: on Neo4j they used to duplicate every edge), and uploads of different documents sharing
agencies all land, on both stores."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from loaders import parse_file
from tests.served import ServedApp

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def served(store):
    with ServedApp(create_app(ApiSettings(token=TOKEN), store)) as app:
        yield app.url, store


def post(base: str, name: str, data: bytes) -> httpx.Response:
    return httpx.post(f"{base}/documents", files={"file": (name, data)}, headers=AUTH, timeout=120)


def test_twenty_concurrent_uploads_of_one_document_leave_one_copy(served, seed_path, tmp_path):
    base, store = served
    data = seed_path.read_bytes()
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda _: post(base, "seed.txt", data), range(20)))
    assert [a.status_code for a in answers] == [200] * 20, [a.text for a in answers if a.status_code != 200]
    parsed = parse_file(seed_path)
    assert store.counts()["Document"] == 1 and store.counts()["Task"] == len(parsed.tasks)
    from graph.stores.sqlite import SqliteStore

    once = SqliteStore(tmp_path / "once")
    load_parsed(once, parsed)
    assert store.counts() == once.counts()  # every node and edge exactly once
    with httpx.Client(base_url=base) as http:
        assert http.get("/agencies/省科技厅/tasks").json()["total"] == 7
        assert post(base, "seed.txt", data).json()["status"] == "unchanged"


def test_concurrent_uploads_of_different_documents_sharing_agencies_all_land(served):
    base, store = served
    head = "浙江省人民政府办公厅关于印发第{i}号方案的通知\n一、任务\n"
    texts = [head.format(i=i) + f"1.推进第{i}项工作。(责任单位:省财政厅、省教育厅、省科技厅)\n"
             f"2.完善第{i}项机制。(责任单位:省科技厅、省财政厅)\n" for i in range(16)]
    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(lambda i: post(base, f"plan-{i}.txt", texts[i].encode()), range(16)))
    assert [a.status_code for a in answers] == [200] * 16, [a.text for a in answers if a.status_code != 200]
    assert store.counts()["Document"] == 16 and store.counts()["Task"] == 32
    with httpx.Client(base_url=base) as http:
        assert http.get("/agencies/省财政厅/tasks").json()["total"] == 32
        ranked = http.get("/agencies", params={"limit": 3}).json()["agencies"]
        assert [(a["name"], a["tasks"]) for a in ranked] == [("浙江省科学技术厅", 32), ("浙江省财政厅", 32),
                                                             ("浙江省教育厅", 16)]  # ties by name
