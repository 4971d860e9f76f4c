"""An office's month, on SQLite and on a real Neo4j, through real HTTP and the command line (issue 18).

The 督查室 of a city loads a provincial plan whose deadlines lost their year (the seed: 年6月底前),
its city's plan as a .docx and then the same plan as an .xlsx, and a city plan of 2022; it sets the
provincial plan's year, corrects units (one merge of names, one refused because two names are one
unit, one unit the registry does not know), records progress (done, in progress, the words offices
use for them, one report dated after the day asked), and then asks what a supervision office asks.
Every expected answer below was worked out by hand from the plans and the terms of
graph/ledger/terms.py, before the answers were read.

Tasks are named P1–P8 (the provincial plan), C1–C9 (the city plan, tests/scenarios/city_plan.py)
and N1 (the 2022 plan). As of 2026-07-10:
- overdue (a dated deadline before that day, not done by then): P2–P7 (2021, P1 was done in
  June 2021), C2 (June 2026; its 已办结 is reported on 07-12, after the day asked), C4 (June,
  only 进行中), N1 (2022) — nine;
- due soon (within 15 days): C9 (07-20); green: P1, C1 and C5 (done), C3, C6, C7 (later);
  grey: P8 (no deadline), C8 (长期坚持).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.stores.sqlite import SqliteStore
from tests.conftest import DATA
from tests.scenarios.city_plan import TITLE, plan_docx, plan_xlsx
from tests.served import ServedApp

TOKEN = "office-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
AS_OF = date(2026, 7, 10)
WHO = {"by": "督查室 张敏", "reason": "核对原文"}
FINANCE_2022 = """宁波市人民政府办公厅关于印发宁波市2022年普惠金融工作要点的通知
一、重点工作
1.推动小微企业首贷扩面。(牵头单位:宁波银保监局;配合单位:人行宁波市中心支行;完成时限:2022年12月底前)
"""
OVERDUE = ["C2", "C4", "N1", "P2", "P3", "P4", "P5", "P6", "P7"]


class Office:
    """The served API over one store, the loaded documents, and each task's id by its label."""

    def __init__(self, http: httpx.Client, env: dict[str, str]) -> None:
        self.http, self.env = http, env
        self.ids: dict[str, str] = {}
        self.docs: dict[str, str] = {}
        self.uploads: dict[str, dict] = {}

    def label(self, task_id: str) -> str:
        return next(k for k, v in self.ids.items() if v == task_id)

    def labels(self, body: dict) -> list[str]:
        return sorted(self.label(t["id"]) for t in body["tasks"])

    def get(self, path: str, **params: object) -> dict:
        response = self.http.get(path, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def ask(self, question: str, as_of: date = AS_OF) -> dict:
        return self.get("/ask", q=question, as_of=as_of.isoformat())

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True, text=True, timeout=120,
                              env={**os.environ, **self.env})


def upload(http: httpx.Client, name: str, data: bytes) -> dict:
    response = http.post("/documents", files={"file": (name, data)}, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()


def month_of_work(office: Office) -> None:
    """Load, correct and report progress as the office does, filling in the task labels."""
    http = office.http
    for key, name, data in (("P", "seed.txt", (DATA / "seed.txt").read_bytes()), ("C", "分工方案.docx", plan_docx()),
                            ("C.xlsx", "分工方案.xlsx", plan_xlsx()), ("N", "普惠金融2022.txt", FINANCE_2022.encode())):
        office.uploads[key] = upload(http, name, data)
        office.docs.setdefault(key, office.uploads[key]["document"]["id"])
    for key in ("P", "C", "N"):
        for task in office.get("/tasks", document=office.docs[key], limit=50)["tasks"]:
            office.ids[f"{key}{task['number']}"] = task["id"]
    assert http.patch(f"/documents/{office.docs['P']}", json={"year": 2021, **WHO}, headers=AUTH).status_code == 200
    merged = http.patch(f"/tasks/{office.ids['C7']}", headers=AUTH, json={
        "add": [{"agency": "宁波市自然资源和规划局", "role": "co"}], "remove": ["宁波市自然资源局"], **WHO})
    assert merged.status_code == 200, merged.text
    office.uploads["same unit"] = http.patch(f"/tasks/{office.ids['C2']}", headers=AUTH, json={
        "add": [{"agency": "市自然资源规划局", "role": "lead"}], "remove": ["宁波市自然资源和规划局"], **WHO}).json()
    added = http.patch(f"/tasks/{office.ids['C9']}", headers=AUTH, json={
        "add": [{"agency": "宁波市营商环境建设办公室", "role": "co"}], **WHO})
    assert added.status_code == 200, added.text
    for label, status, day in (("P1", "已完成", "2021-06-25"), ("P4", "推进中", "2021-05-10"), ("C1", "已完成", "2026-03-20"),
                               ("C4", "进行中", "2026-06-01"), ("C2", "已办结", "2026-07-12"), ("C5", "完成", "2026-07-01")):
        reported = http.post(f"/tasks/{office.ids[label]}/progress", headers=AUTH,
                             json={"status": status, "reported": day, "by": "市财政局 李明", "note": f"{label} 进展"})
        assert reported.status_code == 200, reported.text
    sheet = f"来源文件,序号,状态,进展情况,报告日期\n{TITLE},6,正在推进,数据目录已编制,2026-07-05\n".encode()
    by_title = http.post("/progress", headers=AUTH, files={"file": ("进展.csv", sheet)}, data={"by": "市数据局"})
    assert by_title.status_code == 200 and by_title.json()["recorded"] == 1, by_title.text


@pytest.fixture(scope="module", params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def office(request, tmp_path_factory):
    if request.param == "sqlite":
        data = tmp_path_factory.mktemp("office")
        store = SqliteStore(data)
        env = {"DUTYGRAPH_STORE": "sqlite", "DUTYGRAPH_DATA": str(data)}
    else:
        from graph.stores.neo4j import Neo4jStore

        uri = request.getfixturevalue("neo4j_uri")
        store = Neo4jStore(uri)
        store.clear()
        env = {"DUTYGRAPH_STORE": "neo4j", "NEO4J_URI": uri}
    settings = ApiSettings(token=TOKEN, today=AS_OF, parse_workers=1)
    with ServedApp(create_app(settings, store)) as served, httpx.Client(base_url=served.url, timeout=60) as http:
        work = Office(http, env)
        month_of_work(work)
        yield work
    store.close()


# -- documents and writes -------------------------------------------------------------------------------

def test_the_same_plan_as_docx_and_xlsx_is_one_document(office):
    assert office.uploads["C.xlsx"]["status"] == "duplicate"
    assert office.uploads["C.xlsx"]["duplicate_of"]["id"] == office.docs["C"]
    assert office.get("/documents")["total"] == 3


def test_a_correction_naming_one_unit_twice_is_refused_and_says_why(office):
    refused = office.uploads["same unit"]
    assert refused["status"] == 409 and "宁波市自然资源和规划局" in refused["error"]
    assert office.get(f"/tasks/{office.ids['C2']}")["leads"] == ["宁波市自然资源和规划局"]  # as it was


def test_a_merge_of_names_leaves_the_unit_asked_for(office):
    task = office.get(f"/tasks/{office.ids['C7']}")
    assert (task["leads"], sorted(task["co"])) == (["宁波市住房和城乡建设局"], ["宁波市发展和改革委员会", "宁波市自然资源和规划局"])


def test_a_unit_no_registry_knows_is_added_as_written(office):
    assert "宁波市营商环境建设办公室" in office.get(f"/tasks/{office.ids['C9']}")["co"]


def test_status_words_offices_use_are_recorded_as_the_four(office):
    history = office.get(f"/tasks/{office.ids['C4']}/progress")["history"]
    assert [p["status"] for p in history] == ["推进中"]
    assert [p["status"] for p in office.get(f"/tasks/{office.ids['C5']}/progress")["history"]] == ["已完成"]
    assert [p["status"] for p in office.get(f"/tasks/{office.ids['C6']}/progress")["history"]] == ["推进中"]


# -- one meaning of overdue, everywhere ----------------------------------------------------------------------

def test_overdue_tasks(office):
    body = office.get("/tasks", overdue_as_of="2026-07-10", limit=50)
    assert office.labels(body) == OVERDUE and body["total"] == 9


def test_overdue_counts_a_done_report_only_from_its_day(office):
    assert office.labels(office.get("/tasks", overdue_as_of="2026-07-15", limit=50)) == [
        "C4", "N1", "P2", "P3", "P4", "P5", "P6", "P7"]
    assert office.labels(office.get("/tasks", overdue_as_of="2021-07-01", limit=50)) == ["P4", "P7"]


@pytest.mark.parametrize("question", ["哪些任务已经逾期", "what is overdue", "逾期未完成的任务有哪些", "目前逾期的任务"])
def test_ask_overdue_is_the_same_set(office, question):
    body = office.ask(question)
    assert office.labels(body) == OVERDUE and body["as_of"] == "2026-07-10"


def test_red_lights_are_the_overdue_tasks(office):
    red = office.get("/tasks", light="red", as_of="2026-07-10", limit=50)
    assert office.labels(red) == OVERDUE
    assert office.labels(office.get("/tasks", light="yellow", as_of="2026-07-10")) == ["C9"]


def test_lights_counts(office):
    assert office.get("/lights", as_of="2026-07-10")["counts"] == {"red": 9, "yellow": 1, "green": 6, "grey": 2}
    assert office.get("/lights", as_of="2026-07-15")["counts"] == {"red": 8, "yellow": 1, "green": 7, "grey": 2}


def test_an_agencys_load_counts_the_same_overdue(office):
    finance = office.get("/agencies/宁波市财政局/load")
    assert (finance["total"], finance["by_role"], finance["overdue"], finance["due_soon"]) == (
        3, {"lead": 2, "co": 1}, 1, 0)
    assert office.get("/agencies/省科技厅/load")["overdue"] == 6  # P2–P7; P1 was done


def test_the_ranking_by_overdue(office):
    ranked = office.get("/agencies", sort="overdue", limit=3)["agencies"]
    assert [(a["name"], a["overdue"]) for a in ranked][0] == ("浙江省科学技术厅", 6)


def test_the_home_page_counts_the_same_overdue(office):
    agencies = {a["name"]: a for a in office.get("/index.json")["agencies"]}
    assert agencies["浙江省科学技术厅"]["overdue"] == 6 and agencies["宁波市财政局"]["overdue"] == 1


def test_the_ledger_lists_the_same_lights(office):
    ledger = office.get("/ledger.json", as_of="2026-07-10")
    assert ledger["lights"] == {"red": 9, "yellow": 1, "green": 6, "grey": 2}
    rows = [r for table in ledger["tables"] for r in table["rows"]]
    assert sorted({office.label(r["task_id"]) for r in rows if r["light"] == "red"}) == OVERDUE
    finance = office.get("/ledger.json", agency="宁波市财政局", as_of="2026-07-10")
    assert sorted({office.label(r["task_id"]) for t in finance["tables"] for r in t["rows"]}) == ["C4", "C5", "C6"]


# -- units kept in questions --------------------------------------------------------------------------------

def test_a_units_overdue_tasks(office):
    body = office.ask("宁波市财政局有哪些逾期任务")
    assert office.labels(body) == ["C4"] and body["resolved"][0]["name"] == "宁波市财政局"
    assert office.labels(office.ask("宁波市财政局有哪些逾期任务", date(2026, 7, 15))) == ["C4"]


def test_the_overdue_tasks_a_unit_leads(office):
    assert office.labels(office.ask("省科技厅牵头的逾期任务")) == ["P2", "P3", "P4", "P5"]


def test_a_units_tasks_by_role(office):
    assert office.labels(office.get("/tasks", agency="宁波市财政局")) == ["C4", "C5", "C6"]
    assert office.labels(office.get("/tasks", agency="宁波市财政局", role="lead")) == ["C4", "C5"]
    assert office.labels(office.ask("宁波市财政局牵头的任务")) == ["C4", "C5"]


def test_a_kind_of_unit_two_jurisdictions_hold_is_answered_for_each(office):
    body = office.ask("which agencies share tasks with the finance department")
    assert [g["resolved"]["name"] for g in body["groups"]] == ["宁波市财政局", "浙江省财政厅"] and body["note"]
    partners = {g["resolved"]["name"]: {p["name"] for p in g["co_agencies"]} for g in body["groups"]}
    assert partners["宁波市财政局"] == {"宁波市经济和信息化局", "宁波市委金融办", "宁波市数据局"}
    assert partners["浙江省财政厅"] >= {"浙江省科学技术厅"}


# -- leaders by name --------------------------------------------------------------------------------------------

def test_a_leaders_tasks_by_name(office):
    assert office.labels(office.ask("李红负责哪些任务")) == ["C1", "C3", "C6", "C8"]
    assert office.labels(office.ask("王强分管的任务")) == ["C2", "C4", "C5", "C7", "C9"]
    assert office.labels(office.ask("王强分管的逾期任务")) == ["C2", "C4"]


# -- dates with their year ----------------------------------------------------------------------------------------

# (question, tasks, how the period was read, whether the year was the day asked's: the question named none)
@pytest.mark.parametrize("question, expected, read_as, assumed", [
    ("6月底前到期的任务", ["C1", "C2", "C4"], "2026年1月1日至2026年6月", True),
    ("6月份到期的任务", ["C2", "C4"], "2026年6月", True),
    ("本月到期的任务", ["C9"], "2026年7月", False),
    ("12月15日前到期的任务", ["C1", "C2", "C3", "C4", "C6", "C9"], "2026年1月1日至2026年12月15日", True),
    ("本季度到期的任务", ["C3", "C9"], "2026年第3季度", False),
    ("下季度到期的任务", ["C5", "C6"], "2026年第4季度", False),
    ("年底前到期的任务", ["C1", "C2", "C3", "C4", "C5", "C6", "C9"], "2026年", False),
    ("what is due in December", ["C5", "C6"], "2026年12月", True),
    ("2021年6月底前需完成哪些任务", ["P1", "P4", "P7"], "2021年1月1日至2021年6月", False),
    ("2022年12月到期的任务", ["N1"], "2022年12月", False),
    ("宁波市财政局6月到期的任务", ["C4"], "2026年6月", True),
])
def test_periods_are_placed_in_a_year_and_say_which(office, question, expected, read_as, assumed):
    body = office.ask(question)
    assert office.labels(body) == expected
    assert body["period"]["read_as"].startswith(read_as) and body["period"]["year_assumed"] is assumed, body["period"]


def test_a_deadline_shows_its_year_once_known(office):
    task = office.get(f"/tasks/{office.ids['P1']}")
    assert (task["deadline"]["text"], task["deadline"]["raw"]) == ("2021年6月底前", "年6月底前")
    rows = {r["task_id"]: r for t in office.get("/ledger.json", as_of="2026-07-10")["tables"] for r in t["rows"]}
    assert rows[office.ids["P1"]]["deadline"] == "2021年6月底前"


# -- names as they are today, with their history ----------------------------------------------------------------------

@pytest.mark.parametrize("written, canonical, kind", [
    ("宁波市委金融办", "宁波市委金融办", "party organ"),
    ("人行宁波市分行", "中国人民银行宁波市分行", "bank branch"),
    ("宁波金融监管局", "国家金融监督管理总局宁波监管局", "regulator"),
    ("宁波市自然资源和规划局", "宁波市自然资源和规划局", "government department"),
])
def test_names_resolve_to_units_that_exist(office, written, canonical, kind):
    agency = office.get(f"/agencies/{written}")
    assert (agency["name"], agency["kind"]) == (canonical, kind)


def test_a_unit_and_its_predecessor_are_asked_together(office):
    body = office.get("/agencies/宁波金融监管局/load", with_predecessors="true")
    assert [p["agency"]["name"] for p in body["predecessors"]] == ["宁波银保监局"]
    assert body["total"] == 1 and body["together"] == {"total": 2, "overdue": 1}
    old = office.get("/agencies/宁波银保监局")
    assert old["successor"] == "国家金融监督管理总局宁波监管局" and old["replaced_on"] == "2023-07-20"
    bank = office.get("/agencies/中国人民银行宁波市分行/load", with_predecessors="true")
    assert [p["agency"]["name"] for p in bank["predecessors"]] == ["中国人民银行宁波市中心支行"]


# -- the command line gives the same answers ----------------------------------------------------------------------------

def test_the_command_line_agrees(office):
    due = office.cli("query", "due", "--month", "6", "--year", "2026", "--json")
    assert sorted(office.label(t["id"]) for t in json.loads(due.stdout)) == ["C2", "C4"], due.stderr
    load = json.loads(office.cli("query", "load", "宁波市财政局", "--json").stdout)
    assert (load["total"], load["by_role"]) == (3, {"lead": 2, "co": 1})
    listed = office.cli("query", "agency", "宁波市财政局", "--json")
    assert sorted(office.label(t["id"]) for t in json.loads(listed.stdout)) == ["C4", "C5", "C6"]
    out = io.StringIO(office.cli("export", "--format", "csv").stdout)
    assert "2021年6月底前" in out.getvalue()


def test_the_workbook_shows_the_same_lights(office, tmp_path):
    from openpyxl import load_workbook

    path = Path(tmp_path) / "ledger.xlsx"
    done = office.cli("export", "--format", "xlsx", "--as-of", "2026-07-10", "-o", str(path))
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[1]]
    light, task = header.index("预警"), header.index("任务编号")
    red = sorted(office.label(r[task]) for r in sheet.iter_rows(min_row=2, values_only=True)
                 if r[task] and str(r[light]).startswith("红"))
    assert red == OVERDUE


# -- questions as officials type them (issue 18: ≥ 60 more phrasings, each with its answer by hand) -------------
# The expected answer is the tasks placed (labels), or, for a name two jurisdictions share, each unit's.
ALL_OVERDUE = OVERDUE
THIS_YEAR = ["C1", "C2", "C3", "C4", "C5", "C6", "C9"]
LI_HONG, WANG_QIANG = ["C1", "C3", "C6", "C8"], ["C2", "C4", "C5", "C7", "C9"]
PHRASINGS = [
    # a unit's (or a leader's) overdue tasks
    ("宁波市财政局逾期的任务", ["C4"]), ("市财政局逾期任务", ["C4"]), ("宁波市发展改革委逾期未完成的任务", []),
    ("哪些任务由省科技厅牵头而且已经逾期", ["P2", "P3", "P4", "P5"]), ("省科技厅配合的逾期任务", ["P6", "P7"]),
    ("李红分管的逾期任务", []), ("省国资委超期的任务", ["P7"]), ("宁波银保监局过期的任务", ["N1"]),
    ("宁波市财政局牵头的任务中哪些已经逾期", ["C4"]), ("逾期任务有哪些", ALL_OVERDUE), ("超期未办结的任务", ALL_OVERDUE),
    ("which tasks is 宁波市财政局 late on", ["C4"]), ("what is 省科技厅 behind on", ["P2", "P3", "P4", "P5", "P6", "P7"]),
    ("which of 宁波市财政局's tasks are overdue", ["C4"]), ("which tasks are late", ALL_OVERDUE),
    ("tasks past their deadline", ALL_OVERDUE),
    ("overdue tasks of the finance department", {"宁波市财政局": ["C4"], "浙江省财政厅": ["P3"]}),
    # periods, placed in the year of the day asked
    ("这个月要完成的任务", ["C9"]), ("下个月到期的任务", []), ("下季度要完成哪些任务", ["C5", "C6"]),
    ("今年年底前要完成的任务", THIS_YEAR), ("年内到期的任务", THIS_YEAR), ("30天内到期的任务", ["C9"]),
    ("未来90天内到期的任务", ["C3", "C9"]), ("哪些任务12月15日前到期", ["C1", "C2", "C3", "C4", "C6", "C9"]),
    ("9月底前到期的任务", ["C1", "C2", "C3", "C4", "C9"]), ("9月份到期的任务", ["C3"]),
    ("2027年3月底前要完成的任务", ["C7"]), ("截至6月底到期的任务", ["C1", "C2", "C4"]), ("本周到期的任务", []),
    ("下周到期的任务", []), ("宁波市财政局本月到期的任务", []), ("宁波市财政局年底前要完成的任务", ["C4", "C5", "C6"]),
    ("宁波市发展改革委牵头的本月到期任务", ["C9"]), ("宁波市数据局12月15日前要完成的任务", ["C1", "C6"]),
    ("what is due this month", ["C9"]), ("what is due next quarter", ["C5", "C6"]), ("tasks due within 30 days", ["C9"]),
    ("what falls due this quarter", ["C3", "C9"]), ("what is due next month", []), ("what is due this year", THIS_YEAR),
    ("what does 宁波市财政局 have to finish by the end of December", ["C4", "C5", "C6"]),
    ("what must 宁波市发展改革委 complete this month", ["C9"]),
    ("which tasks of 宁波市财政局 are due by the end of December", ["C4", "C5", "C6"]),
    ("宁波市财政局的任务中有哪些在12月15日前完成", ["C4", "C6"]), ("宁波市财政局12月的任务", ["C5", "C6"]),
    ("what is due by the end of September", ["C1", "C2", "C3", "C4", "C9"]), ("what comes due in September", ["C3"]),
    ("tasks to be completed by December 15", ["C1", "C2", "C3", "C4", "C6", "C9"]),
    # leaders by name
    ("李红分管哪些任务", LI_HONG), ("王强督办了什么", WANG_QIANG), ("王强主抓的工作", WANG_QIANG), ("李红负责的任务", LI_HONG),
    ("which tasks does 王强 oversee", WANG_QIANG), ("tasks overseen by 李红", LI_HONG),
    # units by the names offices write, today's and yesterday's
    ("宁波市委金融办牵头的任务", ["C3"]), ("宁波市委金融办参与了哪些任务", ["C3", "C5"]), ("人行宁波市分行参与了哪些任务", ["C3"]),
    ("宁波金融监管局的任务", ["C3"]), ("国家金融监督管理总局宁波监管局配合哪些任务", ["C3"]),
    ("宁波市自然资源和规划局牵头的任务", ["C2"]), ("市自然资源规划局的任务有哪些", ["C2", "C7"]),
    ("宁波市营商环境建设办公室参与了哪些任务", ["C9"]), ("宁波市数据局牵头的任务", ["C6"]),
    ("tasks led by 宁波市财政局", ["C4", "C5"]), ("which tasks involve 宁波市数据局", ["C1", "C6"]),
    ("宁波市财政局和宁波市委金融办共同承担哪些任务", ["C5"]),
]


@pytest.mark.parametrize("question, expected", PHRASINGS)
def test_phrasing(office, question, expected):
    body = office.ask(question)
    if isinstance(expected, dict):
        assert {g["resolved"]["name"]: office.labels(g) for g in body["groups"]} == expected and body["note"]
    else:
        assert office.labels(body) == expected, body["reading"]


# the questions the tests above ask too (the rule coverage test counts them)
OFFICE_QUESTIONS = [("哪些任务已经逾期", None), ("what is overdue", None), ("目前逾期的任务", None),
                    ("宁波市财政局有哪些逾期任务", None), ("省科技厅牵头的逾期任务", None), ("宁波市财政局牵头的任务", None),
                    ("which agencies share tasks with the finance department", None), ("李红负责哪些任务", None),
                    ("王强分管的任务", None), ("王强分管的逾期任务", None), ("6月底前到期的任务", None),
                    ("6月份到期的任务", None), ("本月到期的任务", None), ("12月15日前到期的任务", None),
                    ("本季度到期的任务", None), ("下季度到期的任务", None), ("年底前到期的任务", None),
                    ("what is due in December", None), ("2022年12月到期的任务", None), ("宁波市财政局6月到期的任务", None)]


def test_sixty_more_phrasings():
    assert len(PHRASINGS) >= 60 and len({q for q, _ in PHRASINGS}) == len(PHRASINGS)
