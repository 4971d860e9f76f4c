"""The front door through real HTTP on both stores: `/` and its JSON twin, `/viz`, `/search`."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from lxml import html as lxml_html

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file, parse_text
from tests.conftest import DATA
from tests.served import ServedApp
from tests.visualizations.test_viz import EVIL

TODAY = date(2021, 6, 1)


def served_store(request, tmp_path_factory):
    if request.param == "sqlite":
        return SqliteStore(tmp_path_factory.mktemp("home"))
    from graph.stores.neo4j import Neo4jStore

    store = Neo4jStore(request.getfixturevalue("neo4j_uri"))
    store.clear()
    return store


@pytest.fixture(scope="module", params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def client(request, tmp_path_factory):
    store = served_store(request, tmp_path_factory)
    load_parsed(store, parse_file(DATA / "seed.txt"))
    load_parsed(store, parse_text(EVIL, source="evil.txt"))
    with ServedApp(create_app(ApiSettings(today=TODAY), store)) as served, \
            httpx.Client(base_url=served.url, timeout=30) as http:
        yield http
    store.close()


def tree(response: httpx.Response):
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html"), response.text
    return lxml_html.document_fromstring(response.text)


def test_home_lists_every_loaded_document(client):
    twin = client.get("/index.json").json()
    page = tree(client.get("/"))
    rows = page.xpath("//h2[@id='dg-documents']/following-sibling::table[1]//tr[td]")
    assert twin["documents_total"] == 2 and len(rows) == 2
    seed = next(d for d in twin["documents"] if d["source"] == "seed.txt")
    row = next(r for r in rows if r.xpath("td[1]/a/@href") == [seed["url"]])
    cells = [c.text_content().strip() for c in row.xpath("td")]
    assert cells[0] == seed["title"] and cells[1] == seed["issuer"] and cells[3] == str(seed["tasks"])
    assert seed["tasks"] == 8 and seed["warnings"] and all(w in cells[4] for w in seed["warnings"])


def test_home_ranks_agencies_by_load(client):
    twin = client.get("/index.json").json()
    loads = [a["tasks"] for a in twin["agencies"]]
    assert loads == sorted(loads, reverse=True) and twin["agencies"][0]["name"] == "浙江省科学技术厅"
    page = tree(client.get("/"))
    names = [a.text_content() for a in page.xpath("//h2[@id='dg-agencies']/following-sibling::table[1]//td[1]/a")]
    assert names == [a["name"] for a in twin["agencies"]]


def test_every_link_on_home_and_views_opens(client):
    for start in ("/", "/viz"):
        hrefs = set(tree(client.get(start)).xpath("//a/@href"))
        assert "/viz/coordination" in hrefs and "/viz/graph" in hrefs and "/" in hrefs | {start}
        for href in sorted(hrefs):
            assert client.get(href).status_code == 200, href


def test_every_page_has_a_breadcrumb_home(client):
    twin = client.get("/index.json").json()
    doc = twin["documents"][0]["url"]
    for path in ("/viz", "/search?q=财政", doc, twin["agencies"][0]["url"], "/viz/coordination", "/viz/graph"):
        crumbs = tree(client.get(path)).xpath("//nav[@id='dg-crumbs']/a/@href")
        assert crumbs[0] == "/", path


def test_home_escapes_document_text(client):
    text = client.get("/").text
    assert "<img src=x" not in text and "<script>alert" not in text


def test_search_finds_agencies_tasks_and_questions(client):
    found = client.get("/search.json", params={"q": "财政"}).json()
    assert "浙江省财政厅" in [a["name"] for a in found["agencies"]]
    assert found["tasks_total"] == client.get("/tasks", params={"q": "财政"}).json()["total"]
    page = tree(client.get("/search", params={"q": "财政"}))
    assert len(page.xpath("//ul[@id='dg-task-hits']/li")) == len(found["tasks"])
    question = client.get("/search.json", params={"q": "6月底前到期的任务"}).json()["question"]
    assert question["intent"] == "due_by" and client.get(question["url"]).json()["understood"] is True
    assert client.get("/search.json", params={"q": "天气预报"}).json()["question"] is None


def test_leaders_are_linked_only_when_served(tmp_path):
    store = SqliteStore(tmp_path)
    app = create_app(ApiSettings(), store)
    with ServedApp(app) as served:
        assert httpx.get(served.url + "/index.json").json()["leaders_url"] is None
        app.add_api_route("/leaders", lambda: {"leaders": []})
        assert httpx.get(served.url + "/index.json").json()["leaders_url"] == "/leaders"
        assert 'href="/leaders"' in httpx.get(served.url + "/").text


def test_empty_store_says_how_to_load(tmp_path):
    with ServedApp(create_app(ApiSettings(), SqliteStore(tmp_path))) as served:
        page = httpx.get(served.url + "/")
    assert page.status_code == 200 and "dutygraph load FILE" in page.text
