"""Responsibility markers in every written form, and the roles they give."""

from __future__ import annotations

import pytest

from tests.helpers import only_task, parse, units


@pytest.mark.parametrize("open_, close", [("(", ")"), ("（", "）"), ("〔", "〕"), ("[", "]"), ("【", "】")])
def test_field_list_in_any_bracket(open_, close):
    task = only_task(f"1.完善机制。{open_}责任单位:省科技厅、省财政厅;整改时限:2020年6月底前{close}")
    assert units(task) == [("省科技厅", "lead"), ("省财政厅", "co")]
    assert task.deadline.month == 6 and task.deadline.year == 2020


def test_full_width_separators():
    task = only_task("1.完善机制。（牵头单位：省发展改革委；配合单位：省财政厅，省商务厅；完成时限：2021年9月30日前）")
    assert units(task) == [("省发展改革委", "lead"), ("省财政厅", "co"), ("省商务厅", "co")]
    assert (task.deadline.year, task.deadline.month, task.deadline.day) == (2021, 9, 30)


def test_several_leads_in_lead_field_all_lead():
    task = only_task("1.推进改革。(牵头单位:省发展改革委、省财政厅;参与单位:省统计局)")
    assert units(task) == [("省发展改革委", "lead"), ("省财政厅", "lead"), ("省统计局", "co")]


@pytest.mark.parametrize("key", ["配合单位", "参与单位", "协办单位", "协同配合单位"])
def test_co_fields(key):
    task = only_task(f"1.推进改革。(主要责任单位:市发改委;{key}:市财政局、市统计局)")
    assert units(task) == [("市发改委", "lead"), ("市财政局", "co"), ("市统计局", "co")]


def test_nested_bracket_never_closes_marker():
    task = only_task("1.做好储备。(责任单位:县发改局(粮食局)、县财政局;完成时限:2020年底前)")
    assert units(task) == [("县发改局(粮食局)", "lead"), ("县财政局", "co")]
    assert task.deadline.month == 12


def test_nested_full_width_bracket_in_name():
    task = only_task("1.保护知识产权。（责任单位：省市场监管局（省知识产权局）、省公安厅）")
    assert units(task) == [("省市场监管局（省知识产权局）", "lead"), ("省公安厅", "co")]


def test_state_council_lead_and_duty():
    task = only_task("(一)降低融资成本。加大支持力度。(国家发展改革委牵头,财政部、商务部等按职责分工负责)")
    assert units(task) == [("国家发展改革委", "lead"), ("财政部", "co"), ("商务部", "co")]


def test_state_council_single_responsible():
    assert units(only_task("(一)优化服务。(市场监管总局负责)")) == [("市场监管总局", "lead")]


def test_state_council_lead_implement():
    assert units(only_task("(一)优化服务。(工业和信息化部牵头落实)")) == [("工业和信息化部", "lead")]


def test_state_council_duty_list_first_leads():
    task = only_task("(二)稳定就业。(人力资源社会保障部、教育部按职责分工负责)")
    assert units(task) == [("人力资源社会保障部", "lead"), ("教育部", "co")]


def test_state_council_each_leads():
    task = only_task("(三)做好统筹。(国家发展改革委、财政部分别牵头)")
    assert units(task) == [("国家发展改革委", "lead"), ("财政部", "lead")]


def test_state_council_regions_implement_is_collective():
    task = only_task("(四)抓好落实。(国务院相关部门按职责分工负责,各地区落实)")
    assert [(a.name, a.role, a.collective) for a in task.assignments] == [
        ("国务院相关部门", "lead", True), ("各地区", "co", True)]


def test_mixed_field_each_leads():
    task = only_task("1.推进改革。(责任单位:省发展改革委、省财政厅分别牵头)")
    assert units(task) == [("省发展改革委", "lead"), ("省财政厅", "lead")]


def test_line_based_fields():
    text = "1.建立工作台账。\n牵头单位:区发改局\n配合单位:区财政局、区统计局\n完成时限:2022年3月底前\n2.开展督查。\n责任单位:区督查室\n"
    parsed = parse(text)
    assert [units(t) for t in parsed.tasks] == [
        [("区发改局", "lead"), ("区财政局", "co"), ("区统计局", "co")], [("区督查室", "lead")]]
    assert parsed.tasks[0].deadline.month == 3


def test_non_marker_brackets_are_ignored():
    task = only_task("1.出台办法。制定《管理办法(试行)》(以下简称《办法》)。(责任单位:省科技厅)")
    assert units(task) == [("省科技厅", "lead")]


def test_people_fields_are_not_units():
    task = only_task("1.抓好整改。(责任领导:张三;责任单位:县教育局;完成时限:长期坚持)")
    assert units(task) == [("县教育局", "lead")]
    assert task.deadline.kind == "ongoing"


def test_marker_evidence_and_span():
    parsed = parse("1.抓好整改。(责任单位:县教育局)")
    task = parsed.tasks[0]
    assert task.evidence == "(责任单位:县教育局)"
    assert parsed.text[task.evidence_span.start:task.evidence_span.end] == task.evidence


def test_key_with_a_bracketed_gloss():
    task = only_task("1.推进改革。(牵头部门(单位):市发改委;配合部门（单位）:市财政局)")
    assert units(task) == [("市发改委", "lead"), ("市财政局", "co")]


def test_office_level_fields():
    task = only_task("1.完善制度。(牵头处室:办公室;配合处室:人事处、财务处)")
    assert units(task) == [("办公室", "lead"), ("人事处", "co"), ("财务处", "co")]


def test_items_numbered_with_a_closing_parenthesis():
    parsed = parse("一、任务\n1)建立台账。(责任单位:县发改局)\n2)开展督查。(责任单位:县督查室)\n")
    assert [t.path[-1] for t in parsed.tasks] == ["1", "2"]


def test_responsibility_list_beside_a_lead_field_is_co():
    task = only_task("1.推进改革。(牵头单位:市发改委;责任单位:各区县政府、市财政局;完成时限:2021年底前)")
    assert units(task) == [("市发改委", "lead"), ("各区县政府", "co"), ("市财政局", "co")]


def test_lines_lead_then_responsible():
    task = only_task("1.推进改革。\n牵头单位:市发改委\n责任单位:市财政局、市统计局\n")
    assert units(task) == [("市发改委", "lead"), ("市财政局", "co"), ("市统计局", "co")]
