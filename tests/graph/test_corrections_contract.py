"""Corrections on both stores: applied when made, re-applied on reload, orphaned when their task
changes, refused whole when any change does not apply."""

from __future__ import annotations

from datetime import date

import pytest

from graph.errors import LedgerError, NotFound
from graph.ledger import lights
from graph.ledger.corrections import correct
from graph.ledger.records import AuditFilter
from graph.service import load_parsed
from graph.store import DueWindow, TaskFilter
from loaders import parse_text
from tests.graph.test_ledger_contract import HOW, LEDGER_DOC, task_id

BY, WHY = "督查室王五", "文件原文如此"


@pytest.fixture
def loaded(store):
    parsed = parse_text(LEDGER_DOC, source="ledger.txt")
    load_parsed(store, parsed)
    return store, parsed


def reload(store, text=LEDGER_DOC):
    return load_parsed(store, parse_text(text, source="ledger.txt"))


def units(store, tid):
    return [(a.name, a.role, a.correction is not None) for a in store.task(tid).assignments]


def test_added_assignment_is_marked_corrected_and_survives_reload(loaded):
    store, parsed = loaded
    first = task_id(parsed, 1)
    made = correct(store, parsed.document.id, first, [("add_assignment", {"agency": "省审计厅", "role": "co"})],
                   BY, WHY)
    expected = [("浙江省财政厅", "lead", False), ("浙江省教育厅", "co", False), ("浙江省审计厅", "co", True)]
    assert units(store, first) == expected
    assert store.task(first).assignments[2].correction == made[0].id
    assert reload(store, LEDGER_DOC + "6.新增一项任务。(责任单位:省教育厅)\n").status == "replaced"
    assert units(store, first) == expected
    assert [c.state for c in store.corrections(doc=parsed.document.id)] == ["active"]


def test_role_and_removal(loaded):
    store, parsed = loaded
    second = task_id(parsed, 2)
    correct(store, parsed.document.id, second, [("set_role", {"agency": "省财政厅", "role": "lead"}),
                                                ("remove_assignment", {"agency": "省发展改革委"})], BY, WHY)
    assert units(store, second) == [("浙江省财政厅", "lead", True)]


def test_a_correction_whose_task_text_changed_is_orphaned(loaded):
    store, parsed = loaded
    fifth = task_id(parsed, 5)
    correct(store, parsed.document.id, fifth, [("set_deadline", {"deadline": "2021-12-31"})], BY, WHY)
    assert store.task(fifth).props["due_month"] == 12
    reload(store, LEDGER_DOC.replace("5.完善考核办法。", "5.完善年度考核办法。"))
    orphaned = store.corrections(state="orphaned")
    assert len(orphaned) == 1 and "text of task" in orphaned[0].state_reason
    assert "due_month" not in store.task(fifth).props  # the parser's version stands, and the orphan is reported
    reload(store)  # the text is back: the correction applies again
    assert store.corrections(state="orphaned") == [] and store.task(fifth).props["due_month"] == 12


def test_a_correction_whose_task_is_gone_is_orphaned(loaded):
    store, parsed = loaded
    correct(store, parsed.document.id, task_id(parsed, 5), [("set_leaders", {"leaders": ["李  明"]})], BY, WHY)
    reload(store, LEDGER_DOC.replace("5.完善考核办法。(责任单位:省教育厅)\n", ""))
    assert "no longer in document" in store.corrections(state="orphaned")[0].state_reason


def test_not_a_task_stays_removed(loaded):
    store, parsed = loaded
    third = task_id(parsed, 3)
    correct(store, parsed.document.id, third, [("not_a_task", {})], BY, WHY)
    assert store.task(third) is None
    reload(store, LEDGER_DOC + "6.新增一项任务。(责任单位:省教育厅)\n")
    assert store.task(third) is None and store.corrections(state="active")[0].kind == "not_a_task"


def test_document_year_places_year_less_deadlines(loaded):
    store, parsed = loaded
    fourth = task_id(parsed, 4)
    by_october = TaskFilter(due=DueWindow(date(2021, 10, 31)))
    assert fourth not in [r.id for r in store.tasks(by_october, None).rows]
    correct(store, parsed.document.id, None, [("document_year", {"year": 2021})], BY, "年份见落款")
    assert fourth in [r.id for r in store.tasks(by_october, None).rows]
    assert store.task(fourth).props["year_inferred"] is True
    lit = {t.row.id: t.light for t in lights.lit_tasks(store, TaskFilter(), HOW)}
    assert lit[fourth] == "green"
    reload(store, LEDGER_DOC + "6.新增一项任务。(责任单位:省教育厅)\n")
    assert store.task(fourth).props["due_year"] == 2021


def test_bad_corrections_change_nothing(loaded):
    store, parsed = loaded
    first = task_id(parsed, 1)
    before = units(store, first)
    with pytest.raises(LedgerError, match="省审计厅 is not assigned"):
        correct(store, parsed.document.id, first, [("add_assignment", {"agency": "省统计局", "role": "co"}),
                                                   ("remove_assignment", {"agency": "省审计厅"})], BY, WHY)
    with pytest.raises(LedgerError, match="role 'boss'"):
        correct(store, parsed.document.id, first, [("set_role", {"agency": "省财政厅", "role": "boss"})], BY, WHY)
    with pytest.raises(LedgerError, match="reason"):
        correct(store, parsed.document.id, first, [("not_a_task", {})], BY, " ")
    with pytest.raises(NotFound, match="no task"):
        correct(store, parsed.document.id, "nope", [("not_a_task", {})], BY, WHY)
    assert units(store, first) == before
    assert store.corrections() == [] and store.audit(AuditFilter(), None)[0] == 0


def test_corrections_are_in_the_audit_log(loaded):
    store, parsed = loaded
    first = task_id(parsed, 1)
    made = correct(store, parsed.document.id, first, [("set_leaders", {"leaders": ["李明"]})], BY, WHY)
    total, lines = store.audit(AuditFilter(task=first), None)
    assert total == 1 and lines[0].action == "correction" and lines[0].reason == WHY and lines[0].by == BY
    assert lines[0].detail == {"correction": made[0].id, "kind": "set_leaders", "change": {"leaders": ["李明"]}}
