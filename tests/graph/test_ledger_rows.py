"""The ledger's rows and tables, on both stores: units, leaders, deadlines, the latest progress and
the light of each task as of a fixed day; year-less deadlines named, not placed in a year."""

from __future__ import annotations

from datetime import date

import pytest

from graph.ledger.records import make_progress
from graph.ledger.rows import NO_LEADER, LedgerQuery, build_ledger, ledger_rows
from graph.service import load_parsed
from graph.store import TaskFilter
from tests.helpers import parse

# A task-division plan with a leader per task (责任领导), lead and co units, and every kind of
# deadline: dated (3月底, 6月30日, 12月底), ongoing (长期坚持) and a month without a year (6月底前).
LEDGER_DOC = """浙江省人民政府办公厅关于印发督办示范方案的通知
一、重点任务
1.完善科技金融服务机制。(责任领导:王伟副省长;牵头单位:省科技厅;配合单位:省财政厅;完成时限:2021年3月底前)
2.推进高新区整合提升。(责任领导:李强副省长;牵头单位:省发展改革委;配合单位:省科技厅;完成时限:2021年6月30日前)
3.建立<b>通报</b>机制<script>alert(1)</script>。(责任领导:王伟副省长;牵头单位:省财政厅;完成时限:2021年12月底前)
4.持续优化营商环境。(牵头单位:省市场监管局;完成时限:长期坚持)
5.开展年度绩效评价。(牵头单位:省科技厅;完成时限:6月底前)
"""
AS_OF = date(2021, 6, 20)  # task 1 is past its deadline, task 2 is due in ten days


def load_ledger_doc(store) -> dict[str, str]:
    """Load the plan; return its task ids by item number."""
    parsed = parse(LEDGER_DOC)
    load_parsed(store, parsed)
    return {str(t.number): t.id for t in parsed.tasks}


def by_number(rows) -> dict[str, object]:
    return {r.number: r for r in rows}


def test_rows_carry_units_leaders_deadlines_and_lights(store):
    load_ledger_doc(store)
    rows = by_number(ledger_rows(store, TaskFilter(), AS_OF, 15))
    first = rows["1"]
    assert (first.title, first.leads, first.co, first.leaders) == (
        "完善科技金融服务机制", ("浙江省科学技术厅",), ("浙江省财政厅",), ("王伟副省长",))
    assert first.deadline == "2021年3月底前" and first.due == date(2021, 3, 31)
    assert first.status == "未开始" and first.note == "" and first.document.startswith("浙江省人民政府办公厅")
    assert {n: r.light for n, r in rows.items()} == {"1": "red", "2": "yellow", "3": "green", "4": "grey", "5": "grey"}


def test_yellow_days_decide_yellow(store):
    load_ledger_doc(store)
    assert by_number(ledger_rows(store, TaskFilter(), AS_OF, 5))["2"].light == "green"
    assert by_number(ledger_rows(store, TaskFilter(), AS_OF, 10))["2"].light == "yellow"
    assert by_number(ledger_rows(store, TaskFilter(), date(2021, 7, 1), 10))["2"].light == "red"


def test_year_less_deadline_is_named_not_placed(store):
    load_ledger_doc(store)
    ledger = build_ledger(store, LedgerQuery(as_of=AS_OF))
    assert [r.number for r in ledger.year_unknown()] == ["5"]
    assert ledger.as_json()["year_unknown"][0]["title"] == "开展年度绩效评价"
    five = by_number(ledger.rows)["5"]
    assert five.light == "grey" and five.due is None  # never red or yellow in some guessed year


def test_latest_progress_shows_and_done_turns_green(store):
    ids = load_ledger_doc(store)
    store.add_progress([make_progress(ids["1"], "推进中", "已起草办法", date(2021, 4, 2), "督查室")])
    store.add_progress([make_progress(ids["1"], "已完成", "办法已印发", date(2021, 6, 1), "督查室")])
    first = by_number(ledger_rows(store, TaskFilter(), AS_OF, 15))["1"]
    assert (first.status, first.note, first.reported, first.light) == ("已完成", "办法已印发", date(2021, 6, 1), "green")
    assert [p.status for p in store.progress_history(ids["1"])] == ["推进中", "已完成"]


def test_one_table_per_agency_lists_lead_and_co_tasks(store):
    load_ledger_doc(store)
    tables = {t.title: [r.number for r in t.rows] for t in build_ledger(store, LedgerQuery(as_of=AS_OF, by="agency")).tables}
    assert tables["浙江省科学技术厅"] == ["1", "2", "5"]
    assert tables["浙江省财政厅"] == ["1", "3"]
    assert tables["浙江省市场监督管理局"] == ["4"]
    assert list(tables) == ["浙江省财政厅", "浙江省发展和改革委员会", "浙江省科学技术厅", "浙江省市场监督管理局"]  # by pinyin


def test_one_agency_asked_gives_its_table_only(store):
    load_ledger_doc(store)
    agency = store.tasks(TaskFilter(), None).rows[0].leads[0].target
    ledger = build_ledger(store, LedgerQuery(TaskFilter(agency=agency), AS_OF, by="agency"))
    assert [(t.title, len(t.rows)) for t in ledger.tables] == [("浙江省科学技术厅", 3)]


def test_tables_per_leader_and_per_document(store):
    load_ledger_doc(store)
    by_leader = build_ledger(store, LedgerQuery(as_of=AS_OF, by="leader")).tables
    assert [(t.title, [r.number for r in t.rows]) for t in by_leader] == [
        ("李强副省长", ["2"]), ("王伟副省长", ["1", "3"]), (NO_LEADER, ["4", "5"])]
    by_document = build_ledger(store, LedgerQuery(as_of=AS_OF, by="document")).tables
    assert len(by_document) == 1 and len(by_document[0].rows) == 5


@pytest.mark.parametrize("light, numbers", [("red", ["1"]), ("grey", ["4", "5"]), ("green", ["3"])])
def test_light_filter(store, light, numbers):
    load_ledger_doc(store)
    ledger = build_ledger(store, LedgerQuery(as_of=AS_OF, by="none", light=light))
    assert [r.number for r in ledger.rows] == numbers
    assert ledger.counts()[light] == len(numbers) and sum(ledger.counts().values()) == len(numbers)


def test_leader_filter(store):
    from graph.ledger.leaders import resolve_leader

    load_ledger_doc(store)
    person = resolve_leader(store, "王伟副省长")
    ledger = build_ledger(store, LedgerQuery(TaskFilter(leader=person.id), AS_OF, by="none"))
    assert [r.number for r in ledger.rows] == ["1", "3"]


def test_empty_graph_gives_an_empty_ledger(store):
    ledger = build_ledger(store, LedgerQuery(as_of=AS_OF))
    assert ledger.rows == [] and ledger.tables == [] and ledger.counts() == {
        "red": 0, "yellow": 0, "green": 0, "grey": 0}


def test_corrections_show_in_the_ledger_and_survive_a_reload(store):
    from graph.ledger.corrections import correct

    ids = load_ledger_doc(store)
    doc = ids["1"].split("-t")[0]
    correct(store, doc, ids["1"], [("add_assignment", {"agency": "省审计厅", "role": "co"}),
                                   ("set_deadline", {"deadline": "2021-07-15"})], "督查室", "原文附件列明")
    correct(store, doc, ids["4"], [("not_a_task", {})], "督查室", "是工作要求, 不是任务")
    load_parsed(store, parse(LEDGER_DOC + "6.新增一项任务。(牵头单位:省教育厅;完成时限:2021年9月底前)\n"))  # replaced
    rows = by_number(ledger_rows(store, TaskFilter(), AS_OF, 15))
    assert "4" not in rows and "6" in rows
    first = rows["1"]
    assert first.co == ("浙江省财政厅", "浙江省审计厅") and first.due == date(2021, 7, 15)
    assert first.corrected == ("deadline", "units") and first.light == "green"
    assert rows["2"].corrected == ()
