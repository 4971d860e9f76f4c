"""People on both stores: leaders become Person nodes overseeing tasks, never agencies or places."""

from __future__ import annotations

import pytest

from graph import queries
from graph.errors import NotFound
from graph.ledger import leaders
from graph.ledger.corrections import correct
from graph.service import load_parsed
from graph.store import TaskFilter
from loaders import parse_text
from tests.graph.test_ledger_contract import HOW, LEDGER_DOC, task_id

SECOND = """浙江省人民政府办公厅关于印发另一方案的通知
一、工作任务
1.推进项目建设。(责任单位:省发展改革委;完成时限:2021年12月底前)
分管省领导:王伟、宁波
"""


@pytest.fixture
def loaded(store):
    parsed = parse_text(LEDGER_DOC, source="ledger.txt")
    load_parsed(store, parsed)
    return store, parsed


def test_leaders_are_people_with_title_and_jurisdiction(loaded):
    store, parsed = loaded
    person = leaders.resolve_leader(store, "王  伟")
    assert (person.label, person.props["name"], person.props["title"], person.props["jurisdiction"]) == (
        "Person", "王伟", "副省长", "浙江省")
    tasks = store.tasks(TaskFilter(leader=person.id), None).rows
    assert [t.id for t in tasks] == [task_id(parsed, 1), task_id(parsed, 2)]


def test_a_person_is_never_an_agency_or_a_region(loaded):
    store, _ = loaded
    load_parsed(store, parse_text(SECOND, source="second.txt"))
    assert leaders.resolve_leader(store, "宁波").label == "Person"
    with pytest.raises(NotFound):
        queries.resolve_agency(store, "王伟")
    assert "宁波" not in [n.props.get("short") for n in store.nodes("Region")]
    assert not [a for a in store.agency_list() if a.props.get("name") in ("王伟", "宁波")]


def test_one_person_across_documents_of_one_province(loaded):
    store, _ = loaded
    load_parsed(store, parse_text(SECOND, source="second.txt"))
    assert len([n for n in store.nodes("Person") if n.props["name"] == "王伟"]) == 1
    assert leaders.leader_task_counts(store, [leaders.resolve_leader(store, "王伟")]) == {
        leaders.resolve_leader(store, "王伟").id: 3}


def test_leader_load(loaded):
    store, _ = loaded
    load = leaders.leader_load(store, leaders.resolve_leader(store, "王伟"), HOW)
    assert load.lights == {"red": 1, "yellow": 1, "green": 0, "grey": 0}
    assert [(u["name"], u["lead"], u["co"]) for u in load.agencies] == [
        ("浙江省财政厅", 1, 1), ("浙江省发展和改革委员会", 1, 0), ("浙江省教育厅", 0, 1)]
    assert load.by_month == {"2021-03": 1, "2021-06": 1}


def test_counts_per_leader(loaded):
    store, _ = loaded
    from graph.ledger import leaders, lights

    lit = lights.lit_tasks(store, TaskFilter(), HOW)
    assert [(e["name"], e["red"], e["yellow"], e["total"]) for e in leaders.counts_per_leader(lit)] == [
        ("王伟", 1, 1, 2)]


def test_corrected_leaders_survive_reload(loaded):
    store, parsed = loaded
    fifth = task_id(parsed, 5)
    correct(store, parsed.document.id, fifth, [("set_leaders", {"leaders": ["李  明", "王伟"]})], "王五", "补列")
    assert [t.id for t in store.tasks(TaskFilter(leader=leaders.resolve_leader(store, "李明").id), None).rows] == [fifth]
    load_parsed(store, parse_text(LEDGER_DOC + "6.新增一项任务。(责任单位:省教育厅)\n", source="ledger.txt"))
    wang = leaders.resolve_leader(store, "王伟")
    assert wang.props["title"] == "副省长"  # the person the parser found, not a second one
    assert fifth in [t.id for t in store.tasks(TaskFilter(leader=wang.id), None).rows]
    assert store.task(fifth).props["leaders"] == ["李明", "王伟"]
