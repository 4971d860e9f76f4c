"""Lineage on both stores (issue 23): documents linked by 文号, by title and by hand; each relation;
coverage with a missing jurisdiction; a version diff that carries progress and corrections;
overlaps; links that follow their tasks through reloads and deletes; a task's descent in one read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph import queries
from graph.errors import LedgerError
from graph.ledger.corrections import correct
from graph.ledger.progress import record_progress
from graph.ledger.records import AuditFilter, make_progress
from graph.lineage.answers import overlaps, task_lineage
from graph.lineage.coverage import coverage
from graph.lineage.diff import version_diff
from graph.lineage.records import LinkFilter
from graph.lineage.service import link_by_hand
from graph.service import load_parsed
from loaders import parse_file, parse_text

SAMPLES = Path(__file__).parents[2] / "samples" / "lineage"
PARENT, HANGZHOU, NINGBO, REVISED, DIGITAL = "db6c6fac494", "dbce5ba0317", "d1761894c00", "dd375f1abd0", "d84b370e773"


def load(store, *names: str) -> None:
    for name in names:
        load_parsed(store, parse_file(SAMPLES / name))


@pytest.fixture
def cascade(store):
    load(store, "zhejiang-zhengwu-2023.txt", "hangzhou-zhengwu-2023.txt", "ningbo-zhengwu-2023.txt")
    return store


def links_between(store, source_doc, target_doc, kind="parent"):
    return {(lk.source, lk.target): lk for lk in store.task_links(LinkFilter(source_doc=source_doc, kind=kind))
            if lk.target_doc == target_doc}


# -- documents -------------------------------------------------------------------------------------------

def test_a_child_is_linked_by_the_number_it_cites_and_another_by_title(cascade):
    found = {(lk.source, lk.target): lk for lk in cascade.doc_links(PARENT)}
    assert found[(PARENT, HANGZHOU)].how == "number" and found[(PARENT, HANGZHOU)].evidence == "浙政办发〔2023〕18号"
    assert found[(PARENT, NINGBO)].how == "title"


def test_a_parent_loaded_after_its_children_finds_them(store):
    load(store, "hangzhou-zhengwu-2023.txt", "ningbo-zhengwu-2023.txt")
    assert store.doc_links() == []
    load(store, "zhejiang-zhengwu-2023.txt")
    assert {(lk.source, lk.target) for lk in store.doc_links()} == {(PARENT, HANGZHOU), (PARENT, NINGBO)}
    assert links_between(store, PARENT, HANGZHOU)


def test_links_made_and_undone_by_hand_are_audited_and_kept_across_reloads(cascade):
    load(cascade, "hangzhou-shuzi-2023.txt")
    link_by_hand(cascade, PARENT, DIGITAL, "parent", "link", "督查室", "要点承接分工方案")
    link_by_hand(cascade, PARENT, NINGBO, "parent", "unlink", "督查室", "宁波另行分解")
    expected = {(PARENT, HANGZHOU, "number"), (PARENT, DIGITAL, "manual")}
    assert {(lk.source, lk.target, lk.how) for lk in cascade.doc_links(PARENT)} == expected
    assert links_between(cascade, PARENT, DIGITAL) and not links_between(cascade, PARENT, NINGBO)
    load_parsed(cascade, parse_text((SAMPLES / "ningbo-zhengwu-2023.txt").read_text(encoding="utf-8") + "\n",
                                    source="ningbo-zhengwu-2023.txt"))  # a changed file: reloaded and relinked
    assert {(lk.source, lk.target, lk.how) for lk in cascade.doc_links(PARENT)} == expected
    total, lines = cascade.audit(AuditFilter(by="督查室"), None)
    assert total == 2 and [a.action for a in lines] == ["link_documents", "unlink_documents"]


def test_a_link_by_hand_names_loaded_documents_and_says_who_and_why(cascade):
    with pytest.raises(LedgerError):
        link_by_hand(cascade, PARENT, HANGZHOU, "parent", "link", "", "reason")
    with pytest.raises(queries.NotFound):
        link_by_hand(cascade, PARENT, "d0000000000", "parent", "link", "督查室", "reason")


# -- relations -------------------------------------------------------------------------------------------

def test_copied_split_and_refined_tasks(cascade):
    hz = links_between(cascade, PARENT, HANGZHOU)
    copied = hz[(f"{PARENT}-t2.4", f"{HANGZHOU}-t2.4")]
    assert (copied.relation, copied.piece) == ("照抄", "照抄") and copied.score > 0.9
    split = [hz[(f"{PARENT}-t2.3", f"{HANGZHOU}-t2.{k}")] for k in (2, 3)]
    assert [(lk.relation, lk.piece) for lk in split] == [("拆分", "细化"), ("拆分", "细化")]
    assert all(lk.evidence for lk in split)


def test_merged_and_reworded_tasks(store):
    parent = ("江南省营商环境分工方案\n江南省人民政府办公厅\n江政办〔2023〕3号\n一、重点任务\n"
              "(一)全面推行企业开办全程网上办理,将营业执照申领、公章刻制、发票申领纳入一个平台。(牵头单位:省市场监管局)\n"
              "(二)全面推行社保登记与企业开办同步办理,员工参保登记随企业设立一并完成。(牵头单位:省人力社保厅)\n"
              "(三)在交通、水利、市政公用事业等领域,坚持存量调整、增量放开,鼓励民间资本参与投资运营。(牵头单位:省国资委)\n")
    child = ("东湖市营商环境实施方案\n为贯彻落实《江南省营商环境分工方案》(江政办〔2023〕3号)精神,制定本方案。\n一、重点任务\n"
             "(一)全面推行企业开办全程网上办理,将营业执照申领、公章刻制、发票申领纳入一个平台,"
             "全面推行社保登记与企业开办同步办理,员工参保登记随企业设立一并完成。(牵头单位:市市场监管局)\n"
             "(二)在交通、水利等领域坚持存量调整和增量放开,引导社会力量积极投资。(牵头单位:市国资委)\n")
    load_parsed(store, parse_text(parent, source="jiangnan.txt"))
    load_parsed(store, parse_text(child, source="donghu.txt"))
    found = {(lk.source.rsplit("-", 1)[1], lk.target.rsplit("-", 1)[1]): lk for lk in store.task_links(LinkFilter(
        source_doc=store.doc_links()[0].source))}
    assert found[("t1.1", "t1.1")].relation == found[("t1.2", "t1.1")].relation == "合并"
    assert found[("t1.3", "t1.2")].piece == "改写"


def test_undecomposed_tasks_and_a_missing_jurisdiction(cascade):
    answer = coverage(cascade, PARENT)
    assert [c["jurisdiction"] for c in answer["columns"]] == ["宁波市", "杭州市"]
    assert answer["counts"][HANGZHOU]["undecomposed"] == [f"{PARENT}-t1.2", f"{PARENT}-t3.6"]
    row = next(r for r in answer["rows"] if r["task"]["id"] == f"{PARENT}-t1.2")
    assert row["cells"][HANGZHOU] == {"status": "未分解", "children": []}
    assert "温州市" in answer["missing_jurisdictions"] and "杭州市" not in answer["missing_jurisdictions"]


def test_a_child_led_by_another_line_of_work_or_due_later_is_flagged(cascade):
    children = {c["id"]: c for c in task_lineage(cascade, f"{PARENT}-t1.1")["children"]}
    assert children[f"{HANGZHOU}-t1.1"]["flags"] == ["lead_not_counterpart", "deadline_later"]
    assert children[f"{NINGBO}-t1.1"]["flags"] == []
    up = task_lineage(cascade, f"{HANGZHOU}-t1.1")["parents"]
    assert [p["id"] for p in up] == [f"{PARENT}-t1.1"]
    assert up[0]["evidence"][0]["source_text"] == up[0]["evidence"][0]["target_text"]


# -- versions -------------------------------------------------------------------------------------------

def test_a_revision_is_a_version_and_its_diff_carries_progress_and_corrections(cascade):
    record_progress(cascade, [make_progress(f"{PARENT}-t2.5", "推进中", "已建立差评回访台账", date(2023, 5, 6), "省政务办")])
    correct(cascade, PARENT, f"{PARENT}-t3.6", [("add_assignment", {"agency": "省商务厅", "role": "co"})], "督查室",
            "附件列明")
    load(cascade, "zhejiang-zhengwu-2024.txt")
    assert [(lk.source, lk.target, lk.kind) for lk in cascade.doc_links(REVISED)] == [(PARENT, REVISED, "version")]
    answer = version_diff(cascade, PARENT, REVISED)
    assert answer["stored"] and [t["id"] for t in answer["added"]] == [f"{REVISED}-t2.5"]
    assert [t["id"] for t in answer["removed"]] == [f"{PARENT}-t2.3"]
    changed = {c["from"]["id"]: c for c in answer["changed"]}
    assert set(changed[f"{PARENT}-t2.4"]["changes"]) == {"text", "deadline"}
    assert changed[f"{PARENT}-t2.4"]["relation"] == "修订"
    carried = changed[f"{PARENT}-t2.5"]["ledger"]["progress"]
    assert carried["carried"] and carried["to"]["status"] == "推进中"
    assert cascade.latest_progress([f"{REVISED}-t2.4"])[f"{REVISED}-t2.4"].note.endswith("已建立差评回访台账")
    kept = changed[f"{PARENT}-t3.6"]["ledger"]["corrections"]
    assert [c["carried"] for c in kept] == [True]
    assert "浙江省商务厅" in [a.name for a in cascade.task(f"{REVISED}-t3.6").assignments]
    load(cascade, "zhejiang-zhengwu-2024.txt")  # loaded again: nothing is carried twice
    assert len(cascade.progress_history(f"{REVISED}-t2.4")) == 1


# -- overlaps, reloads, deletes, descent ---------------------------------------------------------------

def test_overlaps_of_one_unit_across_plans(cascade):
    load(cascade, "hangzhou-shuzi-2023.txt")
    agency = queries.resolve_agency(cascade, "杭州市大数据发展管理局").id
    answer = overlaps(cascade, agency)
    assert [{t["id"] for t in o["tasks"]} for o in answer["overlaps"]] == [{f"{DIGITAL}-t1.1", f"{HANGZHOU}-t2.4"}]


def test_deleting_a_document_removes_its_links_and_a_reload_keeps_those_of_kept_tasks(cascade):
    before = links_between(cascade, PARENT, HANGZHOU)
    text = (SAMPLES / "hangzhou-zhengwu-2023.txt").read_text(encoding="utf-8")
    shorter = text[: text.index("三、打造特色场景")]
    load_parsed(cascade, parse_text(shorter, source="hangzhou-zhengwu-2023.txt"))
    assert links_between(cascade, PARENT, HANGZHOU).keys() == before.keys()
    assert cascade.delete_document(HANGZHOU)
    assert not links_between(cascade, PARENT, HANGZHOU)
    assert [lk.target for lk in cascade.doc_links(PARENT)] == [NINGBO]
    assert cascade.task(f"{HANGZHOU}-t1.1") is None


def test_a_national_tasks_whole_descent_is_one_read(store):
    national = ("国务院办公厅关于印发政务服务提质方案的通知\n国办发〔2022〕9号\n一、重点任务\n"
                "(一)全面实行政务服务事项清单管理,统一事项名称、编码、办理条件和申请材料,清单之外不得擅自增设办理环节。"
                "(牵头单位:国务院办公厅)\n")
    province = ("江南省人民政府办公厅关于印发政务服务提质方案的通知\n江政办发〔2022〕4号\n"
                "为贯彻落实《国务院办公厅关于印发政务服务提质方案的通知》(国办发〔2022〕9号)精神,制定本方案。\n一、重点任务\n"
                "(一)全面实行政务服务事项清单管理,统一事项名称、编码、办理条件和申请材料,清单之外不得擅自增设办理环节。"
                "(牵头单位:省政务办)\n")
    city = ("东湖市人民政府办公室关于印发政务服务提质方案的通知\n"
            "为贯彻落实《江南省人民政府办公厅关于印发政务服务提质方案的通知》(江政办发〔2022〕4号)精神,制定本方案。\n一、重点任务\n"
            "(一)全面实行政务服务事项清单管理,统一事项名称、编码、办理条件和申请材料,清单之外不得擅自增设办理环节。"
            "(牵头单位:市政务办)\n")
    for source, text in (("city.txt", city), ("national.txt", national), ("province.txt", province)):
        load_parsed(store, parse_text(text, source=source))
    top = next(n for n in store.nodes("Document") if n.props.get("number") == "国办发〔2022〕9号").id
    descent = store.task_descent(f"{top}-t1.1", 8)
    assert len(descent) == 2 and descent[0].source == f"{top}-t1.1" and descent[1].source == descent[0].target
    assert len(store.task_descent(f"{top}-t1.1", 1)) == 1


def test_the_ledger_names_each_tasks_parent_tasks(cascade):
    from graph.ledger.rows import EXTRA_COLUMNS, ledger_rows
    from graph.store import TaskFilter

    rows = {r.task_id: r for r in ledger_rows(cascade, TaskFilter(document=HANGZHOU), date(2023, 6, 1), 15)}
    assert [t for t, _ in rows[f"{HANGZHOU}-t2.2"].parents] == [f"{PARENT}-t2.3"]
    assert rows[f"{HANGZHOU}-t2.2"].cells()[-1].startswith("深化“一件事”集成改革") and EXTRA_COLUMNS[-1] == "上级任务"
    assert rows[f"{HANGZHOU}-t3.6"].parents == ()  # a task of its own (新增)


def test_two_documents_relinked_at_once_keep_one_copy_of_each_link(cascade):
    from concurrent.futures import ThreadPoolExecutor

    from graph.lineage.service import relink

    before = sorted(links_between(cascade, PARENT, HANGZHOU))
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda doc: relink(cascade, doc), [PARENT, HANGZHOU] * 4))
    after = cascade.task_links(LinkFilter(source_doc=PARENT, target_doc=HANGZHOU, kind="parent"))
    assert sorted((lk.source, lk.target) for lk in after) == before  # no link twice
    assert len(cascade.doc_links(HANGZHOU)) == 1
