"""Network analysis over real HTTP, on both stores: an agency's network, the hubs that hold
coordination together, communities of agencies that work together, the chain of shared tasks
between two agencies, and GraphML of a network."""

from __future__ import annotations

from xml.etree import ElementTree

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from loaders import parse_text
from tests.served import ServedApp

ZJ = "浙江省人民政府办公厅关于印发{title}的通知\n一、任务\n"
# two clusters (finance–education–science, commerce–civil affairs–water) joined only through the
# development and reform commission, which shares one task with science and one with commerce
PLANS = {
    "a.txt": ZJ.format(title="甲方案") + "".join(f"{i}.推进甲类第{i}项。(责任单位:省财政厅、省教育厅、省科技厅)\n" for i in (1, 2, 3)),
    "b.txt": ZJ.format(title="乙方案") + "".join(f"{i}.推进乙类第{i}项。(责任单位:省商务厅、省民政厅、省水利厅)\n" for i in (1, 2, 3)),
    "bridge.txt": ZJ.format(title="丙方案") + "1.推进科技与发展改革衔接。(责任单位:省发展改革委、省科技厅)\n"
                  "2.推进商务与发展改革衔接。(责任单位:省发展改革委、省商务厅)\n",
    "henan.txt": "河南省人民政府办公厅关于印发某方案的通知\n一、任务\n1.强化资金保障。(责任单位:省财政厅、省教育厅)\n",
}
A = {"浙江省财政厅", "浙江省教育厅", "浙江省科学技术厅"}
B = {"浙江省商务厅", "浙江省民政厅", "浙江省水利厅"}
BRIDGE = "浙江省发展和改革委员会"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def http(request, tmp_path_factory):
    if request.param == "sqlite":
        from graph.stores.sqlite import SqliteStore

        store = SqliteStore(tmp_path_factory.mktemp("analysis"))
    else:
        from graph.stores.neo4j import Neo4jStore

        store = Neo4jStore(request.getfixturevalue("neo4j_uri"))
        store.clear()
    for name, text in PLANS.items():
        load_parsed(store, parse_text(text, source=name))
    with ServedApp(create_app(ApiSettings(), store)) as served, httpx.Client(base_url=served.url, timeout=60) as client:
        yield client
    store.close()


def test_hubs_name_the_bridge_first(http):
    body = http.get("/coordination/hubs", params={"jurisdiction": "浙江省"}).json()
    assert body["units"] == 7 and body["pairs"] == 8 and body["betweenness_sampled"] is False
    names = [h["name"] for h in body["hubs"]]
    assert names[0] == BRIDGE and set(names[1:3]) == {"浙江省科学技术厅", "浙江省商务厅"}
    assert body["hubs"][0]["partners"] == 2 and body["hubs"][-1]["betweenness"] == 0


def test_communities_are_the_two_clusters(http):
    body = http.get("/coordination/communities").json()
    groups = [{m["name"] for m in c["members"]} for c in body["communities"]]
    zhejiang = [g for g in groups if g & (A | B)]
    assert any(A <= g for g in zhejiang) and any(B <= g for g in zhejiang)
    assert not any(A <= g and B <= g for g in zhejiang) and body["modularity"] > 0.3
    assert {"河南省财政厅", "河南省教育厅"} in groups  # another province is a cluster of its own


def test_the_chain_of_shared_tasks_between_two_agencies(http):
    body = http.get("/coordination/path", params={"from": "浙江省财政厅", "to": "省民政厅"}).json()
    assert body["steps"] == 4
    assert body["agencies"] == ["浙江省财政厅", "浙江省科学技术厅", BRIDGE, "浙江省商务厅", "浙江省民政厅"]
    assert [s["shared_tasks"] for s in body["path"]] == [3, 1, 1, 3]
    assert body["path"][1]["examples"][0]["title"] == "推进科技与发展改革衔接"


def test_no_chain_across_provinces_is_404(http):
    response = http.get("/coordination/path", params={"from": "浙江省财政厅", "to": "河南省财政厅"})
    assert response.status_code == 404 and "no chain of shared tasks" in response.json()["error"]
    assert http.get("/coordination/path", params={"from": "浙江省财政厅"}).status_code == 400


def test_an_agencys_network(http):
    body = http.get("/agencies/省科技厅/network").json()
    assert body["agency"]["name"] == "浙江省科学技术厅" and body["tasks"] == 4
    shared = {n["name"]: n["shared_with_agency"] for n in body["nodes"]}
    assert shared == {"浙江省科学技术厅": 4, "浙江省财政厅": 3, "浙江省教育厅": 3, BRIDGE: 1}
    pairs = {frozenset((e["source"], e["target"])): e["shared_tasks"] for e in body["edges"]}
    assert pairs[frozenset(("agency:浙江省财政厅", "agency:浙江省教育厅"))] == 3 and len(pairs) == 4
    assert body["nodes"][0]["betweenness"] > 0  # the agency sits between the bridge and its cluster


def test_network_as_graphml(http):
    response = http.get("/agencies/省科技厅/network.graphml")
    names = {el.text for el in ElementTree.fromstring(response.content).iter() if el.tag.endswith("data")}
    assert response.status_code == 200 and {"浙江省财政厅", BRIDGE} <= names


def test_the_coordination_page_shows_hubs_and_communities(http):
    twin = http.get("/viz/coordination.json").json()
    assert twin["meta"]["hubs"][0]["name"] == BRIDGE and len(twin["meta"]["communities"]) >= 2
    colours = {n["name"]: n.get("colour") for n in twin["nodes"]}
    assert colours["浙江省财政厅"] == colours["浙江省教育厅"] != colours["浙江省民政厅"]
    page = http.get("/viz/coordination").text
    assert "Hubs 枢纽单位" in page and BRIDGE in page.split('id="dg-notes"')[1][:2000]
