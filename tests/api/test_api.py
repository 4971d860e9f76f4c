"""The HTTP API through real requests, on both stores."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file
from tests.served import ServedApp

TOKEN = "s3cret-token"
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def client(request, tmp_path_factory):
    """A served API over the seed, read-only tests share it."""
    if request.param == "sqlite":
        store = SqliteStore(tmp_path_factory.mktemp("api"))
    else:
        from graph.stores.neo4j import Neo4jStore

        store = Neo4jStore(request.getfixturevalue("neo4j_uri"))
        store.clear()
    from tests.conftest import DATA

    load_parsed(store, parse_file(DATA / "seed.txt"))
    with ServedApp(create_app(ApiSettings(token=TOKEN, today=TODAY), store)) as served, \
            httpx.Client(base_url=served.url, timeout=30) as http:
        yield http
    store.close()


def numbers(body):
    return sorted(t["number"] for t in body["tasks"])


IN_JUNE, BY_SEPTEMBER = ("in months", [1, 4, 7]), ("in months", [1, 4, 5, 6, 7])


def asked(body):
    """The tasks an /ask answer places, or — for a month question on the seed, whose deadlines lost
    their year — ("in months", the tasks named apart as due then in a year nobody knows)."""
    unknown = body.get("year_unknown") or {}
    if "in_month" in unknown and not body["tasks"]:
        return "in months", sorted(t["number"] for t in unknown["in_month"]["tasks"])
    return numbers(body)


# -- the gold questions ------------------------------------------------------------------------------

def test_finance_department_tasks(client):
    body = client.get("/agencies/finance department/tasks").json()
    assert body["agency"]["name"] == "浙江省财政厅" and numbers(body) == [1, 3]


def test_financial_regulator_is_not_finance(client):
    body = client.get("/agencies/省地方金融监管局/tasks").json()
    assert body["agency"]["name"] == "浙江省地方金融监督管理局" and numbers(body) == [6]
    assert body["agency"]["id"] != client.get("/agencies/finance department").json()["id"]


def test_lead_tasks(client):
    assert numbers(client.get("/agencies/省科技厅/tasks", params={"role": "lead"}).json()) == [1, 2, 3, 4, 5]
    assert numbers(client.get("/agencies/省科技厅/tasks").json()) == [1, 2, 3, 4, 5, 6, 7]


def test_coordination_of_two_agencies(client):
    body = client.get("/coordination", params=[("agency", "省科技厅"), ("agency", "省经信厅")]).json()
    assert numbers(body) == [4, 5]
    assert all(t["leads"] == ["浙江省科学技术厅"] for t in body["tasks"])


def test_unowned_and_due(client):
    assert numbers(client.get("/tasks", params={"unowned": "true"}).json()) == [8]
    assert asked(client.get("/ask", params={"q": "6月底前到期的任务"}).json()) == IN_JUNE


# -- agencies ----------------------------------------------------------------------------------------

def test_agency_list_with_load(client):
    body = client.get("/agencies", params={"sort": "load", "limit": 3}).json()
    first = body["agencies"][0]
    assert body["total"] >= 12 and len(body["agencies"]) == 3
    assert (first["name"], first["tasks"], first["lead"], first["co"]) == ("浙江省科学技术厅", 7, 5, 2)
    regulators = client.get("/agencies", params={"kind": "regulator"}).json()["agencies"]
    assert "浙江省地方金融监督管理局" in {a["name"] for a in regulators}


@pytest.mark.parametrize("typed", ["省财政厅", "财政厅", "浙江省财政厅", "finance department", "Department of Finance",
                                   "省财政听", "agency:浙江省财政厅"])
def test_agency_names_as_people_type_them(client, typed):
    assert client.get(f"/agencies/{typed}").json()["name"] == "浙江省财政厅"


def test_unknown_agency_404_with_suggestions(client):
    response = client.get("/agencies/省财务局")
    assert response.status_code == 404 and response.json()["suggestions"] == ["浙江省财政厅"]


def test_agency_load(client):
    body = client.get("/agencies/省科技厅/load").json()
    assert body["by_role"] == {"lead": 5, "co": 2} and body["total"] == 7
    assert body["by_list"] == {"即知即改任务清单": 4, "持续推进任务清单": 3}
    assert body["year_unknown"] == 7 and body["overdue"] == 0  # the seed gives no year: none can be overdue


# -- tasks and the rest ------------------------------------------------------------------------------

def test_task_with_provenance(client):
    task_id = client.get("/tasks", params={"q": "国有企业"}).json()["tasks"][0]["id"]
    body = client.get(f"/tasks/{task_id}").json()
    lead = body["assignments"][0]
    assert (lead["agency"], lead["written"], lead["role"]) == ("浙江省人民政府国有资产监督管理委员会", "省国资委", "lead")
    assert "(责任单位:省国资委、省科技厅;整改时限:年6月底前)" in lead["evidence"]
    assert body["document"] and body["span"] and lead["span"]
    coordination = client.get(f"/tasks/{task_id}/coordination").json()
    assert coordination["co"] == ["浙江省科学技术厅"]


def test_task_filters(client):
    assert numbers(client.get("/tasks", params={"region": "湖州"}).json()) == [8]
    assert numbers(client.get("/tasks", params={"region": "Huzhou"}).json()) == [8]
    assert numbers(client.get("/tasks", params={"platform": "杭州高新区"}).json()) == [3]
    assert numbers(client.get("/tasks", params={"agency": "省财政厅", "role": "co"}).json()) == [1, 3]
    page = client.get("/tasks", params={"limit": 3, "offset": 3}).json()
    assert (page["total"], [t["number"] for t in page["tasks"]]) == (8, [4, 5, 6])


def test_problems_regions_platforms_documents(client):
    problems = client.get("/problems").json()["problems"]
    assert len(problems) == 5
    fourth = next(p for p in problems if p["ordinal"] == 4)
    assert numbers(client.get(f"/problems/{fourth['id']}").json()) == [5, 6, 7]
    assert numbers(client.get("/regions/杭州/tasks").json()) == [3]
    assert client.get("/platforms").json()["total"] >= 5
    assert numbers(client.get("/platforms/杭州高新区").json()) == [3]
    doc = client.get("/documents").json()["documents"][0]
    assert len(client.get(f"/documents/{doc['id']}").json()["tasks"]) == 8


def test_health(client):
    assert client.get("/health").json()["answers"] is True


def test_openapi_has_chinese_and_english_examples(client):
    spec = client.get("/openapi.json").json()
    text = str(spec)
    assert "财政厅参与了哪些任务" in text and "which tasks involve the finance department" in text
    assert client.get("/docs").status_code == 200


# -- errors: one shape everywhere, never 500 for bad input -------------------------------------------

@pytest.mark.parametrize("path, status", [
    ("/agencies/省气象局", 404), ("/agencies/省气象局/tasks", 404), ("/agencies/省科技厅/tasks?role=boss", 400),
    ("/tasks?due_before=june", 400), ("/tasks?limit=0", 400), ("/tasks?limit=100000", 400), ("/tasks?offset=-1", 400),
    ("/tasks?role=lead", 400), ("/tasks/nope", 404), ("/tasks/nope/coordination", 404), ("/problems/nope", 404),
    ("/regions/火星/tasks", 404), ("/platforms/nope", 404), ("/documents/nope", 404), ("/coordination", 400),
    ("/ask", 400), ("/ask?q=今天天气怎么样", 400), ("/no/such/route", 404), ("/tasks?unowned=maybe", 400),
    ("/agencies?level=galactic", 400), ("/tasks?q=" + "x" * 300, 400), ("/agencies?offset=" + "9" * 25, 400),
    ("/tasks?offset=" + "9" * 25, 400),
])
def test_one_error_shape(client, path, status):
    response = client.get(path)
    body = response.json()
    assert response.status_code == status
    assert body["ok"] is False and body["status"] == status and isinstance(body["error"], str) and body["error"]


def test_not_understood_lists_examples(client):
    body = client.get("/ask", params={"q": "asdf qwer"}).json()
    assert body["understood"] is False and "not understood" in body["error"] and len(body["examples"]) >= 10


# -- /ask: at least 25 phrasings ---------------------------------------------------------------------

ASKED = [
    ("财政厅参与了哪些任务", [1, 3]), ("省财政厅负责哪些任务", [1, 3]), ("省科技厅牵头的任务", [1, 2, 3, 4, 5]),
    ("哪些任务由省科技厅牵头", [1, 2, 3, 4, 5]), ("省科技厅和省经信厅共同负责哪些任务", [4, 5]),
    ("省科技厅与省经信厅共同参与的任务", [4, 5]), ("6月底前到期的任务", IN_JUNE), ("哪些任务在6月底前到期", IN_JUNE),
    ("9月底前完成的任务", BY_SEPTEMBER), ("哪些任务没有责任单位", [8]), ("没有牵头单位的任务", [8]),
    ("涉及杭州的任务", [3]), ("省财政厅配合的任务", [1, 3]), ("省地方金融监管局参与了哪些任务", [6]),
    ("谁负责国有企业创新", [7]), ("省国资委的任务有哪些", [7]),
    ("which tasks involve the finance department", [1, 3]), ("Which tasks involve the finance department?", [1, 3]),
    ("tasks involving the Department of Science and Technology", [1, 2, 3, 4, 5, 6, 7]),
    ("what tasks does the Department of Science and Technology lead", [1, 2, 3, 4, 5]),
    ("tasks led by 省国资委", [7]), ("tasks shared by 省科技厅 and 省经信厅", [4, 5]),
    ("which tasks do 省科技厅 and 省经信厅 share", [4, 5]), ("tasks due by the end of June", IN_JUNE),
    ("what falls due in June", IN_JUNE), ("which tasks have no owner", [8]), ("tasks with no responsible unit", [8]),
    ("tasks in Hangzhou", [3]), ("逾期任务有哪些", []), ("overdue tasks", []),
]


@pytest.mark.parametrize("question, expected", ASKED)
def test_ask_task_questions(client, question, expected):
    body = client.get("/ask", params={"q": question}).json()
    assert body["understood"] is True, body
    assert asked(body) == expected


@pytest.mark.parametrize("question", ["who works most with the Department of Science and Technology",
                                      "谁和省科技厅合作最多", "省科技厅和谁合作最多"])
def test_ask_who_works_most_with(client, question):
    body = client.get("/ask", params={"q": question}).json()
    assert body["reading"]["intent"] == "co_agencies"
    assert body["co_agencies"][0]["shared_tasks"] == 2


@pytest.mark.parametrize("question", ["省科技厅的工作量", "how busy is the Department of Science and Technology",
                                      "load of 省科技厅"])
def test_ask_load(client, question):
    assert client.get("/ask", params={"q": question}).json()["load"]["by_role"] == {"lead": 5, "co": 2}


@pytest.mark.parametrize("question", ["省科技厅有多少项任务", "how many tasks does the Department of Science and Technology have"])
def test_ask_count(client, question):
    assert client.get("/ask", params={"q": question}).json()["count"] == 7


def test_ask_shows_its_reading(client):
    body = client.get("/ask", params={"q": "省科技厅牵头的任务"}).json()
    assert body["reading"] == {"intent": "tasks_of", "subjects": ["省科技厅"], "role": "lead", "period": None,
                               "text": None, "level": None, "number": None}
    assert body["resolved"][0]["name"] == "浙江省科学技术厅"


def test_ask_about_unknown_agency_is_404(client):
    assert client.get("/ask", params={"q": "省气象局参与了哪些任务"}).status_code == 404


@pytest.mark.parametrize("path, key", [("/agencies/省科技厅/tasks?", "tasks"), ("/tasks?", "tasks"),
                                       ("/coordination?agency=省科技厅&agency=省经信厅&", "tasks"),
                                       ("/documents?", "documents"), ("/agencies?", "agencies"), ("/platforms?", "platforms")])
def test_a_page_past_the_end_is_empty_not_an_error(client, path, key):
    body = client.get(path + "offset=99999999999").json()
    assert body["total"] > 0 and body[key] == [] and body["offset"] == 99_999_999_999
