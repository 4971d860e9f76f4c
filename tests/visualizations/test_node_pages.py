"""Every node on every graph page is a link to its own page, and that page (and its JSON twin) opens."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from loaders import parse_file, parse_text
from tests.conftest import DATA
from tests.served import ServedApp
from tests.visualizations.test_viz import EVIL

STARTS = ("/viz/graph.json", "/viz/coordination.json", "/viz/graph.json?budget=12")


@pytest.fixture()
def client(store):
    load_parsed(store, parse_file(DATA / "seed.txt"))
    load_parsed(store, parse_text(EVIL, source="evil.txt"))
    with ServedApp(create_app(ApiSettings(), store)) as served, \
            httpx.Client(base_url=served.url, timeout=30) as http:
        yield http


def twin_of(url: str) -> str:
    path, _, query = url.partition("?")
    return path + ".json" + (f"?{query}" if query else "")


def test_every_node_links_to_a_page_that_opens(client):
    """Walk from the whole graph through every node's page: each opens, as HTML and as JSON."""
    todo, seen, labels = list(STARTS), set(), set()
    while todo:
        body = client.get(todo.pop()).json()
        for node in body["nodes"]:
            assert node["url"], node
            labels.add(node["label"])
            if node["url"] in seen:
                continue
            seen.add(node["url"])
            page = client.get(node["url"])
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), node
            todo.append(twin_of(node["url"]))
    assert {"Agency", "AgencyGroup", "Task", "Document", "Problem", "Region", "Platform", "PolicyDocument"} <= labels
    assert len(seen) == client.get("/viz/graph.json").json()["meta"]["nodes"]


def test_node_pages_put_their_node_among_its_tasks(client):
    region = client.get("/viz/region/" + quote("杭州") + ".json").json()
    centre = region["meta"]["region"]
    tasks = {n["id"] for n in region["nodes"] if n["label"] == "Task"}
    assert tasks and len(tasks) == region["meta"]["tasks"]
    assert tasks == {e["source"] for e in region["edges"] if e["target"] == centre}
    assert client.get("/tasks", params={"region": "杭州"}).json()["total"] == len(tasks)


LEADERS = "关于印发重点工作任务分解的通知\n一、重点任务\n1.优化营商环境。\n责任领导:王强\n牵头单位:县发改局\n" \
          "2.推进数字政府建设。\n责任领导:王强\n牵头单位:县数据局\n"


def test_a_leader_has_a_page_of_the_tasks_they_oversee(store):
    load_parsed(store, parse_text(LEADERS, source="leaders.txt"))
    with ServedApp(create_app(ApiSettings(), store)) as served, httpx.Client(base_url=served.url, timeout=30) as http:
        page = http.get("/viz/leader/" + quote("王强"))
        twin = http.get("/viz/leader/" + quote("王强") + ".json").json()
        missing = http.get("/viz/leader/" + quote("李四"))
    assert page.status_code == 200 and "王强" in page.text
    tasks = {n["id"] for n in twin["nodes"] if n["label"] == "Task"}
    assert len(tasks) == 2 and {e["source"] for e in twin["edges"] if e["type"] == "OVERSEEN_BY"} == tasks
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
