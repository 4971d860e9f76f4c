"""/ask about lineage (issue 23): the phrasings of the `lineage` block of questions.yaml, and their
answers on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from graph import ask
from graph.lineage.questions import examples
from tests.graph.test_lineage_contract import HANGZHOU, NINGBO, PARENT, load


@pytest.mark.parametrize(("question", "intent", "place", "number"), [
    ("哪些任务还没有分解", "undecomposed", None, None),
    ("哪些上级任务尚未分解?", "undecomposed", None, None),
    ("杭州市哪些任务还没有分解", "undecomposed", "杭州市", None),
    ("杭州市还没有分解哪些任务", "undecomposed", "杭州市", None),
    ("未分解的任务有哪些", "undecomposed", None, None),
    ("国家第7项任务各省由谁牵头", "leads_by_place", None, 7),
    ("省级第四项任务各市分别由谁牵头", "leads_by_place", None, 4),
    ("which tasks have Hangzhou not broken down", "undecomposed", "hangzhou", None),
    ("which tasks are not broken down?", "undecomposed", None, None),
])
def test_lineage_phrasings(question, intent, place, number):
    reading = ask.read_question(question)
    assert reading is not None and reading.intent == intent
    assert (reading.subjects[0] if reading.subjects else None) == place and reading.number == number


def test_every_example_is_read_and_other_questions_are_not_taken():
    assert all(ask.read_question(q).intent in ("undecomposed", "leads_by_place") for q in examples())
    assert ask.read_question("省科技厅要完成什么").intent == "tasks_of"
    assert ask.read_question("6月底前到期的任务").intent == "due_by"


def test_lineage_answers(store):
    load(store, "zhejiang-zhengwu-2023.txt", "hangzhou-zhengwu-2023.txt", "ningbo-zhengwu-2023.txt")
    today = date(2023, 6, 1)
    hangzhou = ask.answer(store, ask.read_question("杭州市哪些任务还没有分解"), today)
    assert [t.id for t in hangzhou["tasks"]] == [f"{PARENT}-t1.2", f"{PARENT}-t3.6"]
    everywhere = ask.answer(store, ask.read_question("哪些任务还没有分解"), today)
    assert {b["document"] for b in everywhere["by_jurisdiction"]} == {HANGZHOU, NINGBO}
    leads = ask.answer(store, ask.read_question("省级第4项任务各市由谁牵头"), today)
    assert [(x["jurisdiction"], x["leads"]) for x in leads["leads"]] == [
        ("宁波市", ["宁波市大数据发展管理局"]), ("杭州市", ["杭州市大数据发展管理局"])]
