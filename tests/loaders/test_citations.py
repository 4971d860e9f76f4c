"""The plans a plan carries out, and its own number, read from its head (issue 23)."""

from __future__ import annotations

from loaders import parse_text
from loaders.outline.citations import number_key

CHILD = """东湖市人民政府办公室关于印发东湖市数字政务提升实施方案的通知
东政办发〔2023〕7号
各县(市、区)人民政府,市政府各部门:
为贯彻落实《江南省人民政府办公厅关于印发数字政务提升行动方案的通知》(江政办发〔2023〕12号)精神,结合我市实际,制定本方案。
一、重点任务
(一)推行政务服务事项清单管理,年底前公布市级清单。(牵头单位:市政务办)
"""


def test_a_child_plan_names_its_parent_with_title_and_number():
    doc = parse_text(CHILD, source="child.txt").document
    assert doc.number == "东政办发〔2023〕7号"
    [cited] = doc.cites
    assert cited.title == "江南省人民政府办公厅关于印发数字政务提升行动方案的通知"
    assert cited.number == "江政办发〔2023〕12号"
    assert CHILD[cited.span.start:cited.span.end].startswith("《江南省")


def test_the_number_after_a_cited_title_is_not_the_documents_own():
    text = CHILD.replace("东政办发〔2023〕7号\n", "")
    assert parse_text(text, source="child.txt").document.number is None


def test_several_parents_top_down_and_a_title_without_number():
    text = ("西岭县进一步优化营商环境实施方案\n为贯彻落实《南山省人民政府关于进一步优化营商环境的若干意见》(南政发〔2018〕26号)和"
            "《北川市进一步优化营商环境实施方案》要求,结合我县实际,制定本方案。\n一、重点任务\n"
            "(一)压减开办企业时间。(牵头单位:县市场监管局)\n")
    cites = parse_text(text, source="x.txt").document.cites
    assert [(c.title, c.number) for c in cites] == [
        ("南山省人民政府关于进一步优化营商环境的若干意见", "南政发〔2018〕26号"),
        ("北川市进一步优化营商环境实施方案", None)]


def test_a_title_that_wraps_the_parent_cites_it():
    text = ("东湖市贯彻落实《江南省数字政务提升行动方案》分工方案\n一、重点任务\n"
            "(一)推行政务服务事项清单管理。(牵头单位:市政务办)\n")
    [cited] = parse_text(text, source="x.txt").document.cites
    assert (cited.title, cited.number) == ("江南省数字政务提升行动方案", None)


def test_documents_named_without_a_cue_or_that_are_laws_are_not_parents():
    text = ("东湖市优化营商环境工作要点\n党中央高度重视《优化营商环境条例》的实施。根据《优化营商环境条例》,制定本要点。\n"
            "一、重点任务\n(一)落实《江南省数字政务提升行动方案》明确的清单管理要求。(牵头单位:市政务办)\n")
    assert parse_text(text, source="x.txt").document.cites == ()


def test_traditional_script_and_glosses_on_a_mirror_are_read():
    text = ("成府發(fā)〔2016〕29號《東湖市人民政府關(guān)于促進民間投資的實施意見》\n"
            "根據(jù)省政府《關(guān)于促進民間投資的意見》(川府發(fā)〔2016〕38號)精神,結合我市實際,現提出如下實施意見。\n"
            "一、放寬市場準入\n(一)開展市場準入專項清理。(責任單位:市發改委)\n")
    doc = parse_text(text, source="x.txt").document
    assert doc.number == "成府发〔2016〕29号"
    assert [(c.title, c.number) for c in doc.cites] == [("关于促进民间投资的意见", "川府发〔2016〕38号")]


def test_numbers_compare_however_the_brackets_are_typed():
    assert number_key("国办发[2019]39号") == number_key("国办发〔2019〕第39号") == "国办发〔2019〕39号"
    assert number_key("國辦發(2019)39號") == "国办发〔2019〕39号"
