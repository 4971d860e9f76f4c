"""Names as people type them when several agencies answer: a part of a name (财政) or a kind of
unit (财政部门, finance) across jurisdictions gives every candidate (409 on a name route, the list on
/agencies?kind=), never "no match". On both stores, through real HTTP."""

from __future__ import annotations

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file
from loaders.parse import parse_text
from tests.conftest import DATA
from tests.served import ServedApp

HANGZHOU = """杭州市人民政府办公厅关于印发杭州市科技创新整改方案的通知
一、重点任务
1.完善科技金融政策。(责任单位:市财政局、市科技局;完成时限:2021年6月底前)
2.建设创新平台。(牵头单位:市科技局;配合单位:市发改委;完成时限:2021年9月底前)
"""
HENAN = """河南省人民政府办公厅关于印发河南省科技整改方案的通知
一、重点任务
1.加大财政科技投入。(责任单位:省财政厅、省科技厅;完成时限:2021年12月底前)
"""
FINANCE = ["杭州市财政局", "河南省财政厅", "浙江省财政厅"]
SCIENCE = ["杭州市科学技术局", "河南省科学技术厅", "浙江省科学技术厅"]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def client(request, tmp_path_factory):
    """Three jurisdictions: the Zhejiang seed, a Hangzhou plan and a Henan plan."""
    if request.param == "sqlite":
        store = SqliteStore(tmp_path_factory.mktemp("names"))
    else:
        from graph.stores.neo4j import Neo4jStore

        store = Neo4jStore(request.getfixturevalue("neo4j_uri"))
        store.clear()
    load_parsed(store, parse_file(DATA / "seed.txt"))
    load_parsed(store, parse_text(HANGZHOU, source="hangzhou.txt"))
    load_parsed(store, parse_text(HENAN, source="henan.txt"))
    with ServedApp(create_app(ApiSettings(), store)) as served, httpx.Client(base_url=served.url, timeout=30) as http:
        yield http
    store.close()


@pytest.mark.parametrize("typed, candidates", [
    ("财政", FINANCE), ("财政部门", FINANCE), ("各级财政部门", FINANCE), ("finance", FINANCE),
    ("科技", SCIENCE), ("科技系统", SCIENCE), ("science and technology department", SCIENCE),
])
def test_a_partial_name_or_a_kind_answers_409_with_every_candidate(client, typed, candidates):
    response = client.get(f"/agencies/{typed}")
    body = response.json()
    assert response.status_code == 409, body
    assert body["ok"] is False and body["status"] == 409 and body["candidates"] == candidates
    assert "no match" not in body["error"] and "name one of them" in body["error"]


def test_a_partial_name_held_by_one_agency_is_that_agency(client):
    assert client.get("/agencies/国资").json()["name"] == "浙江省人民政府国有资产监督管理委员会"
    assert client.get("/agencies/杭州市科学技术").json()["name"] == "杭州市科学技术局"


def test_a_name_with_its_place_is_still_one_agency(client):
    assert client.get("/agencies/河南省财政厅").json()["name"] == "河南省财政厅"
    assert client.get("/agencies/市财政局").json()["name"] == "杭州市财政局"


@pytest.mark.parametrize("kind", ["finance", "财政部门", "财政", "finance department", "各级财政部门"])
def test_a_kind_lists_every_jurisdiction(client, kind):
    body = client.get("/agencies", params={"kind": kind}).json()
    assert body["total"] == 3 and sorted(a["name"] for a in body["agencies"]) == FINANCE


def test_a_kind_with_a_jurisdiction_narrows_it(client):
    body = client.get("/agencies", params={"kind": "财政部门", "jurisdiction": "河南省"}).json()
    assert [a["name"] for a in body["agencies"]] == ["河南省财政厅"]


def test_the_registry_kinds_still_filter(client):
    names = [a["name"] for a in client.get("/agencies", params={"kind": "regulator"}).json()["agencies"]]
    assert names == ["浙江省地方金融监督管理局", "浙江省市场监督管理局", "浙江证监局", "浙江银保监局"]


def test_an_unknown_kind_is_404_with_the_kinds_there_are(client):
    response = client.get("/agencies", params={"kind": "regulatr"})
    body = response.json()
    assert response.status_code == 404 and "no kind of agency 'regulatr'" in body["error"]
    assert body["suggestions"][0] == "regulator"


def test_asking_about_a_kind_of_unit_answers_for_each_with_a_note(client):
    # in a question, a kind of unit several jurisdictions hold is answered for each, not refused (issue 18);
    # /agencies/{name} still names the candidates (a 409): a page is about one unit
    body = client.get("/ask", params={"q": "财政部门参与了哪些任务"}).json()
    assert [g["resolved"]["name"] for g in body["groups"]] == FINANCE and "names 3 units" in body["note"]
    assert all(g["total"] >= 1 for g in body["groups"])
    partners = client.get("/ask", params={"q": "which agencies share tasks with the finance department"}).json()
    assert [g["resolved"]["name"] for g in partners["groups"]] == FINANCE
    assert client.get("/agencies/财政部门").status_code == 409


def test_a_name_no_agency_holds_is_still_404_with_suggestions(client):
    response = client.get("/agencies/省财务局")
    assert response.status_code == 404 and "浙江省财政厅" in response.json()["suggestions"]


def test_a_partial_name_held_by_very_many_agencies_names_twenty_and_lists_at_most_two_hundred(store):
    from graph import queries
    from graph.errors import Ambiguous

    lines = "\n".join(f"{i}.做好第{i}项工作。(责任单位:省财政厅、测试{i:03d}中心;完成时限:2021年6月底前)" for i in range(1, 251))
    load_parsed(store, parse_text("浙江省人民政府办公厅关于印发测试方案的通知\n一、任务\n" + lines, source="many.txt"))
    with pytest.raises(Ambiguous) as raised:
        queries.resolve_agency(store, "测试")
    assert len(raised.value.candidates) == queries.MAX_CANDIDATES
    assert "matches 250 agencies" in str(raised.value) and "… and 230 more; name one of them" in str(raised.value)
