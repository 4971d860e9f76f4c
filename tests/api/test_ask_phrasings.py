"""/ask as officials and their staff write questions (…要完成什么, 哪些任务由…牵头, 哪些单位和…共同承担
任务, which tasks are led by…, which agencies share tasks with…, what is due in June, who oversees…):
each phrasing with its answer on the seed plan, on both stores, through real HTTP. These are on top
of the phrasings in test_api.py."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph import ask
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file
from tests.api.test_api import ASKED
from tests.conftest import DATA
from tests.scenarios.test_office_month import OFFICE_QUESTIONS, PHRASINGS
from tests.served import ServedApp

SCIENCE = "浙江省科学技术厅"
ALL_DATED = [1, 2, 3, 4, 5, 6, 7]
# The seed writes its deadlines without a year (20**年6月底前): a question naming a year places none of
# them in it (nor calls any overdue), and names all seven apart as year unknown (issue 11) instead of guessing.
YEAR_UNKNOWN = ([], "year unknown", 7)


def in_months(*numbers: int) -> tuple[list[int], str, list[int]]:
    """A month question on the seed: no task placed in a year, and these named apart as due in that
    month (or, for "by", up to it) of a year the document does not give (issue 18)."""
    return [], "in months", list(numbers)


JUNE, BY_SEPTEMBER, SEPTEMBER = in_months(1, 4, 7), in_months(1, 4, 5, 6, 7), in_months(5, 6)
SCIENCE_LEADS = [1, 2, 3, 4, 5]
FINANCE = [1, 3]
SCIENCE_PARTNERS = {"浙江省发展和改革委员会", "浙江省经济和信息化厅", "浙江省财政厅"}  # 2 shared tasks each, the most
FINANCE_PARTNERS = {SCIENCE}

# (question, what the answer holds): tasks by number, ("partners", names sharing the most tasks),
# ("count", n), ("load", by_role), ("agencies", names)
ZH = [
    ("省科技厅要完成什么", ALL_DATED), ("省科技厅要完成哪些任务", ALL_DATED), ("省财政厅需要落实哪些任务", FINANCE),
    ("省财政厅承担的整改任务", FINANCE), ("省财政厅的整改任务有哪些", FINANCE), ("哪些整改任务由省国资委牵头负责", [7]),
    ("由省科技厅牵头的任务有哪些", SCIENCE_LEADS), ("省科技厅牵头负责哪些任务", SCIENCE_LEADS),
    ("省科技厅作为牵头单位的任务", SCIENCE_LEADS), ("省财政厅作为配合单位的任务", FINANCE),
    ("省经信厅作为责任单位的任务", [4, 5]), ("列出省经信厅的全部任务", [4, 5]), ("请列出省财政厅负责的任务", FINANCE),
    ("查询省卫生健康委的任务", [4]), ("省财政厅配合哪些任务", FINANCE), ("省经信厅需要配合做什么", [4, 5]),
    ("省科技厅和省财政厅共同承担哪些任务", FINANCE), ("省科技厅、省经信厅都参与的任务", [4, 5]),
    ("省科技厅与省发展改革委协同推进的任务", [3, 4]), ("省科技厅和省经信厅共同的任务", [4, 5]),
    ("哪些单位和省科技厅共同承担任务", ("partners", SCIENCE_PARTNERS)),
    ("哪些部门与省财政厅有共同任务", ("partners", FINANCE_PARTNERS)),
    ("与省科技厅协同最多的单位", ("partners", SCIENCE_PARTNERS)),
    ("省科技厅的协作单位有哪些", ("partners", SCIENCE_PARTNERS)),
    ("6月份要完成的任务", JUNE), ("2021年6月底前需完成哪些任务", JUNE), ("截至6月底到期的任务", JUNE),
    ("哪些任务要在9月底前完成", BY_SEPTEMBER), ("今年年底前要完成的任务", YEAR_UNKNOWN),
    ("哪些任务还没有明确责任单位", [8]), ("责任单位缺失的任务", [8]), ("没有落实责任单位的任务", [8]),
    ("已经逾期的任务", YEAR_UNKNOWN), ("省科技厅一共牵头了多少项任务", ("count", 5)), ("省科技厅配合了多少项任务", ("count", 2)),
    ("省科技厅承担了几项任务", ("count", 7)), ("省科技厅任务多不多", ("load", {"lead": 5, "co": 2})),
    ("哪些任务涉及杭州", [3]), ("杭州有哪些任务", [3]), ("谁牵头负责产业创新服务综合体", [1, 5]),
    ("国有企业创新由谁负责", [7]), ("所有财政部门", ("agencies", ["浙江省财政厅"])),
    ("全部科技部门有哪些", ("agencies", [SCIENCE])), ("哪些财政部门", ("agencies", ["浙江省财政厅"])),
    ("没人负责的任务", [8]), ("无主任务有哪些", [8]),
]
EN = [
    ("which tasks are led by the Department of Science and Technology", SCIENCE_LEADS),
    ("tasks led by the science and technology department", SCIENCE_LEADS), ("what is led by 省国资委", [7]),
    ("what is the Department of Science and Technology leading", SCIENCE_LEADS),
    ("tasks where the Department of Science and Technology is the lead unit", SCIENCE_LEADS),
    ("what tasks is the finance department responsible for", FINANCE),
    ("what does the finance department have to do", FINANCE),
    ("what must the Department of Science and Technology complete", ALL_DATED),
    ("list the tasks of 省经信厅", [4, 5]), ("show me the tasks of the finance department", FINANCE),
    ("all tasks of the finance department", FINANCE),
    ("tasks where the finance department is a co-responsible unit", FINANCE),
    ("which tasks is the finance department supporting", FINANCE),
    ("which tasks does the finance department help with", FINANCE),
    ("what is the finance department working on", FINANCE), ("what are the finance department's tasks", FINANCE),
    ("which tasks fall to the finance department", FINANCE),
    ("which tasks has the finance department been assigned", FINANCE),
    ("what has the Department of Science and Technology been asked to do", ALL_DATED),
    ("which agencies share tasks with the finance department", ("partners", FINANCE_PARTNERS)),
    ("which departments share tasks with 省科技厅", ("partners", SCIENCE_PARTNERS)),
    ("who shares tasks with the Department of Science and Technology", ("partners", SCIENCE_PARTNERS)),
    ("who does the finance department work with", ("partners", FINANCE_PARTNERS)),
    ("who are the partners of 省科技厅", ("partners", SCIENCE_PARTNERS)),
    ("what do 省科技厅 and 省经信厅 work on together", [4, 5]), ("tasks both 省科技厅 and 省财政厅 work on", FINANCE),
    ("common tasks of 省科技厅 and 省经信厅", [4, 5]),
    ("what must be completed by the end of June", JUNE),
    ("which tasks need to be finished before the end of September", BY_SEPTEMBER),
    ("tasks with a June deadline", JUNE), ("what is due by June 30", JUNE),
    ("which tasks are due by June 30, 2021", JUNE), ("what comes due in September", SEPTEMBER),
    ("tasks to be completed by September 2021", BY_SEPTEMBER), ("what is due by the end of the year", YEAR_UNKNOWN),
    ("who oversees 国有企业创新", [7]), ("who is responsible for 产业创新服务综合体", [1, 5]),
    ("tasks nobody is responsible for", [8]), ("unassigned tasks", [8]), ("tasks without an assigned agency", [8]),
    ("which tasks are past their deadline", YEAR_UNKNOWN),
    ("how many tasks does the Department of Science and Technology lead", ("count", 5)),
    ("how many tasks does the Department of Science and Technology support", ("count", 2)),
    ("how many tasks is the finance department involved in", ("count", 2)),
    ("how many tasks has the finance department got", ("count", 2)),
    ("how much work does 省科技厅 have", ("load", {"lead": 5, "co": 2})),
    ("the finance department's workload", ("load", {"lead": 0, "co": 2})),
    ("what is happening in Hangzhou", [3]), ("which tasks are in Hangzhou", [3]),
    ("all finance departments", ("agencies", ["浙江省财政厅"])),
    ("which finance departments are there", ("agencies", ["浙江省财政厅"])),
    ("the tasks 省科技厅 and 省经信厅 share", [4, 5]), ("due by the end of June", JUNE),
    ("who works with the finance department the most", ("partners", FINANCE_PARTNERS)),
    ("which agencies work most with 省科技厅", ("partners", SCIENCE_PARTNERS)),
    ("list all regulators", ("agencies", ["浙江省地方金融监督管理局", "浙江省市场监督管理局", "浙江证监局", "浙江银保监局"])),
]
NOT_UNDERSTOOD = ["今天天气怎么样", "所有任务", "what's the weather like", "tell me a joke", "all tasks"]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def client(request, tmp_path_factory):
    if request.param == "sqlite":
        store = SqliteStore(tmp_path_factory.mktemp("ask"))
    else:
        from graph.stores.neo4j import Neo4jStore

        store = Neo4jStore(request.getfixturevalue("neo4j_uri"))
        store.clear()
    load_parsed(store, parse_file(DATA / "seed.txt"))
    with ServedApp(create_app(ApiSettings(today=date(2026, 11, 26)), store)) as served, \
            httpx.Client(base_url=served.url, timeout=30) as http:
        yield http
    store.close()


def test_at_least_thirty_new_phrasings_in_each_language():
    assert len(ZH) >= 30 and len(EN) >= 30
    assert len({q for q, _ in ZH + EN}) == len(ZH) + len(EN)


def held(body):
    """Return what an answer holds, in the form the expectations are written."""
    if "tasks" in body:
        numbers = sorted(t["number"] for t in body["tasks"])
        unknown = body.get("year_unknown")  # a dated question: tasks whose year is unknown are named apart
        if unknown and "in_month" in unknown:
            return numbers, "in months", sorted(t["number"] for t in unknown["in_month"]["tasks"])
        if unknown:
            return numbers, "year unknown", unknown["total"]
        return numbers
    if "co_agencies" in body:
        most = body["co_agencies"][0]["shared_tasks"]
        return ("partners", {a["name"] for a in body["co_agencies"] if a["shared_tasks"] == most})
    if "count" in body:
        return ("count", body["count"])
    if "load" in body:
        return ("load", body["load"]["by_role"])
    return ("agencies", sorted(a["name"] for a in body["agencies"]))


@pytest.mark.parametrize("question, expected", ZH + EN)
def test_phrasing(client, question, expected):
    response = client.get("/ask", params={"q": question})
    body = response.json()
    assert response.status_code == 200 and body["understood"] is True, body
    assert held(body) == expected, body["reading"]


@pytest.mark.parametrize("question", NOT_UNDERSTOOD)
def test_an_unknown_question_is_400_with_examples(client, question):
    response = client.get("/ask", params={"q": question})
    body = response.json()
    assert response.status_code == 400 and body["ok"] is False and body["understood"] is False
    assert "哪些任务由省科技厅牵头" in body["examples"] and "which agencies share tasks with the finance department" in body["examples"]


def test_every_example_offered_is_understood(client):
    examples = client.get("/ask", params={"q": "tell me a joke"}).json()["examples"]
    for question in examples:
        assert client.get("/ask", params={"q": question}).json()["understood"] is True, question


def first_rule(question):
    """Return (language, index) of the rule that reads `question`, as ask.read_question tries them."""
    text = question.strip().rstrip("?？。.!！ ")
    english = text[:1].isascii() and text[:1].isalpha()
    found = ask.rules().en if english else ask.rules().zh
    text = " ".join(text.lower().split()) if english else ask.normalize_name(text).rstrip("?")
    for index, rule in enumerate(found):
        m = rule.pattern.search(text)
        if m and ask._reading(rule, m.groupdict(), english) is not None:
            return ("en" if english else "zh", index)
    return None


def test_every_rule_of_the_vocabulary_reads_a_tested_phrasing():
    """A rule no test reaches is dead or shadowed by an earlier one: remove it or test it."""
    questions = [q for q, _ in ZH + EN + ASKED + PHRASINGS + OFFICE_QUESTIONS] + ["谁和省科技厅合作最多", "省科技厅和谁合作最多", "省科技厅的工作量",
                                                  "how busy is the Department of Science and Technology",
                                                  "load of 省科技厅", "省科技厅有多少项任务",
                                                  "who works most with the Department of Science and Technology"]
    reached = {first_rule(q) for q in questions}
    every = {("zh", i) for i in range(len(ask.rules().zh))} | {("en", i) for i in range(len(ask.rules().en))}
    assert sorted(every - reached) == []


def test_every_rule_names_a_known_intent_and_role():
    intents = {"tasks_of", "shared_tasks", "co_agencies", "load", "count", "due_by", "unowned", "overdue", "search",
               "agencies_of_kind"}
    for rule in ask.rules().zh + ask.rules().en:
        assert rule.intent in intents and rule.role in (None, "lead", "co"), rule
