"""One contract, two stores: every test here runs on SQLite and on a real Neo4j."""

from __future__ import annotations

from datetime import date

import pytest

from graph import queries
from graph.errors import Ambiguous, NotFound
from graph.service import load_parsed
from graph.store import DueWindow
from loaders import parse_file, parse_text


def numbers(rows):
    return sorted(r.props["number"] for r in rows)


def agency_id(store, name):
    return queries.resolve_agency(store, name).id


@pytest.fixture
def seeded(store, seed_path):
    load_parsed(store, parse_file(seed_path))
    return store


# -- the seed gold's queries -------------------------------------------------------------------------

def test_gold_finance_department(seeded):
    assert numbers(queries.agency_tasks(seeded, agency_id(seeded, "finance department"))) == [1, 3]
    assert numbers(queries.agency_tasks(seeded, agency_id(seeded, "省财政厅"))) == [1, 3]


def test_gold_science_and_technology(seeded):
    sci = agency_id(seeded, "省科技厅")
    assert sci == agency_id(seeded, "science and technology")
    assert numbers(queries.agency_tasks(seeded, sci)) == [1, 2, 3, 4, 5, 6, 7]
    assert numbers(queries.agency_tasks(seeded, sci, role="lead")) == [1, 2, 3, 4, 5]


def test_gold_shared_tasks(seeded):
    shared = queries.shared_tasks(seeded, [agency_id(seeded, "省科技厅"), agency_id(seeded, "省经信厅")])
    assert numbers(shared) == [4, 5]


def test_gold_financial_supervision_is_not_finance(seeded):
    regulator = agency_id(seeded, "省地方金融监管局")
    assert regulator != agency_id(seeded, "finance department")
    assert numbers(queries.agency_tasks(seeded, regulator)) == [6]


def test_gold_due_by_end_of_june(seeded):
    # the seed's deadlines lost their year (年6月底前): no June of any year holds them; they are the
    # tasks due in June of a year the document does not give, named apart (graph.ledger.terms)
    assert numbers(queries.year_unknown_in_month(seeded, 6)) == [1, 4, 7]
    assert queries.tasks_due(seeded, DueWindow(date(2020, 6, 30), date(2020, 6, 1))) == []


def test_gold_unowned(seeded):
    unowned = queries.unowned_tasks(seeded)
    assert numbers(unowned) == [8] and unowned[0].props["truncated"] is True


def test_all_gold_queries_are_covered(gold):
    assert len(gold["queries"]) == 7  # one test above per query; a new gold query needs a new test


# -- rows, load, coordination ------------------------------------------------------------------------

def test_task_row_has_provenance(seeded):
    row = queries.year_unknown_in_month(seeded, 6)[0]
    lead = row.assignments[0]
    assert (lead.name, lead.role, lead.written) == ("浙江省科学技术厅", "lead", "省科技厅")
    assert "(责任单位:省科技厅、省财政厅" in lead.evidence and lead.span and lead.doc == row.props["doc"]
    assert row.problem_text == "部分综合体的服务能力与方式亟待优化"


def test_agency_load(seeded):
    load = queries.agency_load(seeded, agency_id(seeded, "省科技厅"))
    assert load.total == 7 and load.by_role == {"lead": 5, "co": 2}
    assert load.by_month == {"????-06": 3, "????-12": 2, "????-09": 2}
    assert load.by_list == {"即知即改任务清单": 4, "持续推进任务清单": 3}
    top = load.co_agencies[0]
    assert top[1] in ("浙江省财政厅", "浙江省发展和改革委员会", "浙江省经济和信息化厅") and top[2] == 2


def test_task_coordination(seeded):
    task = queries.year_unknown_in_month(seeded, 6)[1]  # task 4
    coordination = queries.task_coordination(seeded, task.id)
    assert coordination.leads == ["浙江省科学技术厅"]
    assert coordination.co == ["浙江省卫生健康委员会", "浙江省发展和改革委员会", "浙江省经济和信息化厅"]
    assert coordination.groups == ["各市、县(市、区)"]


def test_tasks_by_region_platform_problem_document(seeded, seed_path):
    regions = {n.props["short"]: n.id for n in seeded.nodes("Region")}
    assert numbers(queries.tasks_of(seeded, regions["湖州"])) == [8]
    platforms = {n.props["name"]: n.id for n in seeded.nodes("Platform")}
    assert numbers(queries.tasks_of(seeded, platforms["杭州高新区"])) == [3]
    problems = {n.props["ordinal"]: n.id for n in seeded.nodes("Problem")}
    assert numbers(queries.tasks_of(seeded, problems[4])) == [5, 6, 7]
    doc = seeded.nodes("Document")[0]
    assert numbers(queries.tasks_of(seeded, doc.id)) == list(range(1, 9))


def test_text_search(seeded):
    assert numbers(queries.search_tasks(seeded, "国有企业")) == [7]


def test_unknown_agencies_get_suggestions(seeded):
    with pytest.raises(NotFound) as missing:
        queries.resolve_agency(seeded, "省气象局")
    assert missing.value.suggestions == []
    with pytest.raises(NotFound) as near:
        queries.resolve_agency(seeded, "省财务局")
    assert near.value.suggestions == ["浙江省财政厅"]
    with pytest.raises(NotFound):
        queries.resolve_agency(seeded, "市财政局")


@pytest.mark.parametrize("typo", ["省财政听", "finanse department"])
def test_small_typos_resolve(seeded, typo):
    assert queries.resolve_agency(seeded, typo).props["name"] == "浙江省财政厅"


# -- many documents ----------------------------------------------------------------------------------

ZJ_B = "浙江省人民政府办公厅关于印发某方案的通知\n一、任务\n1.强化资金保障。(责任单位:浙江省财政厅、省教育厅;完成时限:2021年3月底前)\n"
HENAN = "河南省人民政府办公厅关于印发某方案的通知\n一、任务\n1.强化资金保障。(责任单位:省财政厅;完成时限:2021年3月底前)\n"


def test_documents_sharing_agencies_merge(seeded):
    load_parsed(seeded, parse_text(ZJ_B, source="b.txt"))
    finance = agency_id(seeded, "浙江省财政厅")
    assert len(queries.agency_tasks(seeded, finance)) == 3


def test_same_name_in_another_province_is_another_agency(seeded):
    load_parsed(seeded, parse_text(HENAN, source="henan.txt"))
    with pytest.raises(Ambiguous) as both:
        queries.resolve_agency(seeded, "省财政厅")
    assert both.value.candidates == ["河南省财政厅", "浙江省财政厅"]
    assert len(queries.agency_tasks(seeded, agency_id(seeded, "河南省财政厅"))) == 1


def test_reload_is_idempotent(seeded, seed_path):
    before = seeded.counts()
    result = load_parsed(seeded, parse_file(seed_path))
    assert result.status == "unchanged" and seeded.counts() == before


def test_changed_version_replaces_its_facts(store):
    load_parsed(store, parse_text(ZJ_B, source="b.txt"))
    changed = ZJ_B.replace("省教育厅", "省商务厅")
    assert load_parsed(store, parse_text(changed, source="b.txt")).status == "replaced"
    names = {n.props["name"] for n in store.nodes("Agency")}
    assert "浙江省商务厅" in names and "浙江省教育厅" not in names
    assert store.counts()["Task"] == 1


def test_delete_keeps_shared_agencies(seeded):
    load_parsed(seeded, parse_text(ZJ_B, source="b.txt"))
    b_id = parse_text(ZJ_B, source="b.txt").document.id
    assert seeded.delete_document(b_id) is True
    names = {n.props["name"] for n in seeded.nodes("Agency")}
    assert "浙江省财政厅" in names and "浙江省教育厅" not in names
    assert seeded.counts()["Task"] == 8
    assert seeded.delete_document(b_id) is False


def test_delete_last_document_empties_the_graph(seeded):
    doc = seeded.nodes("Document")[0]
    seeded.delete_document(doc.id)
    assert seeded.counts() == {"edges": 0}


def test_failed_load_leaves_graph_as_it_was(seeded):
    before = seeded.counts()
    from graph.build import build_facts

    facts = build_facts(parse_text(ZJ_B, source="b.txt"))
    steps = []

    def fail_midway(step):
        steps.append(step)
        if len(steps) == 2:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        seeded.write_document(facts, progress=fail_midway)
    assert seeded.counts() == before
    assert seeded.document_hash(facts.doc_id) is None


def test_failed_replacement_keeps_the_old_version(store):
    from graph.build import build_facts

    load_parsed(store, parse_text(ZJ_B, source="b.txt"))
    before = store.counts()
    facts = build_facts(parse_text(ZJ_B.replace("省教育厅", "省商务厅"), source="b.txt"))

    def fail(step):
        if "nodes" in step:
            raise RuntimeError("crash")

    with pytest.raises(RuntimeError):
        store.write_document(facts, progress=fail)
    assert store.counts() == before
    assert "浙江省教育厅" in {n.props["name"] for n in store.nodes("Agency")}


def test_overdue_needs_a_known_year(store):
    load_parsed(store, parse_text(ZJ_B, source="b.txt"))
    assert len(queries.overdue_tasks(store, date(2021, 4, 1))) == 1
    assert queries.overdue_tasks(store, date(2021, 3, 31)) == []


INJECTION = "省财政厅'}) MATCH (n) DETACH DELETE n //"


def test_cypher_payloads_are_plain_text(seeded):
    before = seeded.counts()
    with pytest.raises(NotFound):
        queries.resolve_agency(seeded, INJECTION)
    assert queries.search_tasks(seeded, INJECTION) == []
    doc = parse_text('1.做好整改。(责任单位:省财政厅"}) DETACH DELETE n //、省教育厅)', source="evil'.txt")
    load_parsed(seeded, doc)
    assert seeded.counts()["Task"] == before["Task"] + 1
    assert seeded.delete_document(doc.document.id)
    assert seeded.counts() == before


def test_due_windows_compare_known_years_only(seeded):
    load_parsed(seeded, parse_text(ZJ_B, source="b.txt"))  # 2021年3月底前
    march = DueWindow(date(2021, 3, 31), date(2021, 3, 1))
    assert len(queries.tasks_due(seeded, march)) == 1
    assert queries.tasks_due(seeded, DueWindow(date(2021, 2, 28), date(2021, 2, 1))) == []
    assert queries.tasks_due(seeded, DueWindow(date(2021, 3, 30))) == []  # the whole last day, not before
    # the seed's years are unknown: in no year's June, however it is asked; named apart instead
    assert queries.tasks_due(seeded, DueWindow(date(2020, 6, 30), date(2020, 6, 1))) == []
    assert numbers(queries.tasks_due(seeded, DueWindow(date(2100, 12, 31)))) == [1]
    assert numbers(queries.year_unknown_in_month(seeded, 6)) == [1, 4, 7]


# -- deadlines whose year is no date -------------------------------------------------------------------

@pytest.mark.parametrize("year", [0, 9999, 10000])
def test_a_year_outside_1949_2100_is_an_unknown_year(store, year):
    from graph.build import build_facts

    facts = build_facts(parse_text(ZJ_B, source="b.txt"))  # 2021年3月底前
    task = next(n for n in facts.nodes if n.label == "Task")
    task.props.update(due_year=year, due_sort=year * 10000 + 331)  # as an older parser stored it
    store.write_document(facts)
    finance = agency_id(store, "浙江省财政厅")
    assert queries.overdue_tasks(store, date(2026, 1, 1)) == []
    assert queries.tasks_due(store, DueWindow(date(2021, 3, 31), date(2021, 3, 1))) == []  # no date: never placed
    assert len(queries.year_unknown_in_month(store, 3)) == 1  # named apart, like a year-less deadline
    assert queries.agency_load(store, finance, date(2026, 1, 1)).by_month == {"????-03": 1}
    ranked = queries.agency_summaries(store, date(2026, 1, 1), sort="overdue").rows
    assert {r.node.props["name"]: (r.tasks, r.overdue) for r in ranked}["浙江省财政厅"] == (1, 0)
    assert queries.deadline_month(queries.all_tasks(store)[0]) == "????-03"


# -- the coordination network ----------------------------------------------------------------------------

def pairs_from_rows(store):
    """Agency pairs and the tasks they share, counted in Python over every task row."""
    from collections import Counter

    pairs: Counter = Counter()
    for task in queries.all_tasks(store):
        ids = sorted({a.target for a in task.assignments if a.label == "Agency"})
        pairs.update((x, y) for i, x in enumerate(ids) for y in ids[i + 1:])
    return dict(pairs)


def test_the_coordination_network_follows_loads_replacements_and_deletes(seeded):
    from graph.store import CoordinationFilter

    def network():
        data = seeded.coordination(CoordinationFilter(), 1000)
        return {(p.a, p.b): p.shared for p in data.pairs}

    assert network() == pairs_from_rows(seeded)
    load_parsed(seeded, parse_text(ZJ_B, source="b.txt"))
    load_parsed(seeded, parse_text(ZJ_B.replace("省教育厅", "省科技厅"), source="b.txt"))  # replaced
    assert network() == pairs_from_rows(seeded)
    doc = next(d for d in seeded.nodes("Document") if d.props["source"] == "b.txt")
    seeded.delete_document(doc.id)
    assert network() == pairs_from_rows(seeded)
    science = agency_id(seeded, "省科技厅")
    partners = {p.b: p.shared for p in seeded.co_agencies([science])}
    assert partners == {b if a == science else a: n for (a, b), n in pairs_from_rows(seeded).items()
                        if science in (a, b)}
