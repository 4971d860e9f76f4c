"""Errors on page routes are pages (what was asked, the names it may have meant, a way home);
their `.json` twins and the API keep the one JSON shape."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from lxml import html as lxml_html

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file
from tests.conftest import DATA
from tests.served import ServedApp


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = SqliteStore(tmp_path_factory.mktemp("errors"))
    load_parsed(store, parse_file(DATA / "seed.txt"))
    with ServedApp(create_app(ApiSettings(), store)) as served, \
            httpx.Client(base_url=served.url, timeout=30) as http:
        yield http


def error_page(response: httpx.Response, status: int):
    assert response.status_code == status and response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page = lxml_html.document_fromstring(response.text)
    assert page.xpath("//a[@id='dg-home']/@href") == ["/"] and page.xpath("//nav[@id='dg-crumbs']/a/@href")[0] == "/"
    return page


def test_an_unknown_agency_page_suggests_close_names_as_links(client):
    page = error_page(client.get("/viz/agency/" + quote("省财政听听")), 404)
    assert "/viz/agency/省财政听听" in page.findtext(".//p[@id='dg-asked']/code")
    assert "no agency matches" in page.findtext(".//p[@id='dg-message']")
    links = page.xpath("//ul[@id='dg-choices']//a")
    assert "浙江省财政厅" in [a.text for a in links]
    for href in (a.get("href") for a in links):
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize("path, status, says", [
    ("/viz/graph?budget=3", 400, "budget"), ("/viz/coordination?due_from=2021-13", 400, "due_from"),
    ("/viz/task/no-such-task", 404, "no task"), ("/viz/region/" + quote("火星"), 404, "region"),
    ("/viz/no-such-view", 404, "Not Found"), ("/search", 400, "q"),
])
def test_page_route_errors_are_pages(client, path, status, says):
    page = error_page(client.get(path), status)
    assert says in page.findtext(".//p[@id='dg-message']")


@pytest.mark.parametrize("path, status", [
    ("/viz/agency/" + quote("省财政听听") + ".json", 404), ("/viz/graph.json?budget=3", 400),
    ("/agencies/" + quote("省财政听听"), 404), ("/search.json", 400), ("/viz/charts/nothing.svg", 404),
])
def test_twins_and_api_routes_keep_the_json_shape(client, path, status):
    response = client.get(path)
    body = response.json()
    assert response.status_code == status and body["ok"] is False and body["status"] == status and body["error"]


def test_error_page_escapes_what_was_asked(client):
    response = client.get("/viz/agency/" + quote("<script>alert(1)</script>"))
    assert response.status_code == 404 and "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
