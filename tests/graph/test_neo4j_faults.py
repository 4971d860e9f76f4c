"""A real failure on a real Neo4j: the server dies in the middle of loading a document."""

from __future__ import annotations

import time

import pytest

from graph.build import build_facts
from graph.errors import StoreUnavailable
from graph.service import load_parsed
from graph.stores.neo4j import Neo4jStore
from loaders import parse_file, parse_text

pytestmark = [pytest.mark.neo4j, pytest.mark.xdist_group("killable")]  # own_server: conftest

# a dead server is reported after one short retry, not the product's seconds of retries
QUICK = {"read_retry": 1.0, "write_retry": 1.0}
OTHER = "浙江省人民政府办公厅关于印发某方案的通知\n一、任务\n1.强化资金保障。(责任单位:浙江省财政厅、省教育厅)\n"


def test_server_killed_mid_load_keeps_the_previous_graph(own_server, seed_path):
    store = Neo4jStore(own_server.uri, **QUICK)
    load_parsed(store, parse_file(seed_path))
    before = store.counts()
    facts = build_facts(parse_text(OTHER, source="other.txt"))

    def kill_after_first_nodes(step: str) -> None:
        if "nodes" in step:
            own_server.kill()

    with pytest.raises(StoreUnavailable, match="not answering"):
        store.write_document(facts, progress=kill_after_first_nodes)
    with pytest.raises(StoreUnavailable):
        store.ping()
    store.close()

    own_server.start()
    again = Neo4jStore(own_server.uri, **QUICK)
    try:
        assert again.counts() == before
        assert again.document_hash(facts.doc_id) is None
        load_parsed(again, parse_text(OTHER, source="other.txt"))  # and it works again afterwards
        assert again.counts()["Document"] == 2
    finally:
        again.close()


def test_api_answers_503_while_neo4j_is_down_and_recovers(own_server, seed_path):
    import httpx

    from api.http.app import create_app
    from api.settings import ApiSettings
    from tests.served import ServedApp

    store = Neo4jStore(own_server.uri, **QUICK)
    load_parsed(store, parse_file(seed_path))
    with ServedApp(create_app(ApiSettings(), store)) as served, httpx.Client(base_url=served.url, timeout=60) as http:
        assert http.get("/health").json() == {"ok": True, "store": "neo4j", "answers": True}
        own_server.kill()
        down = health_once_it_says(http, 503)  # /health reads a state a monitor keeps (api.http.routes.health)
        assert down.json()["ok"] is False and "not answering" in down.json()["error"]
        query = http.get("/agencies/省科技厅/tasks")
        assert query.status_code == 503 and query.json()["status"] == 503
        own_server.start()
        health_once_it_says(http, 200)
        assert http.get("/agencies/省科技厅/tasks").json()["total"] == 7
    store.close()


def health_once_it_says(http, status: int, within: float = 30.0):
    """Return the first /health answer with `status`, asking until `within` seconds have passed."""
    deadline = time.monotonic() + within
    while (answer := http.get("/health")).status_code != status:
        assert time.monotonic() < deadline, answer.json()
        time.sleep(0.05)
    return answer
