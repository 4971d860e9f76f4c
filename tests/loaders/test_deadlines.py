"""Every deadline form, year inference, and years that are not deadlines."""

from __future__ import annotations

import pytest

from loaders.phrases.deadlines import document_year, find_deadline
from tests.helpers import only_task


@pytest.mark.parametrize("raw, year, month, day, kind", [
    ("2020年6月底前", 2020, 6, None, "by"),
    ("2021年9月30日前", 2021, 9, 30, "by"),
    ("2020年底前", 2020, 12, None, "by"),
    ("12月底前", None, 12, None, "by"),
    ("年6月底前", None, 6, None, "by"),
    ("每年12月底前", None, 12, None, "recurring"),
])
def test_dated_forms(raw, year, month, day, kind):
    d = find_deadline(raw)
    assert (d.raw, d.year, d.month, d.day, d.kind) == (raw, year, month, day, kind)


@pytest.mark.parametrize("raw", ["长期坚持", "持续推进", "年内持续推进"])
def test_ongoing_in_time_field(raw):
    assert find_deadline(raw, from_field=True).kind == "ongoing"


def test_whole_year_in_a_time_field_is_due_at_the_year_end():
    d = find_deadline("全年", from_field=True)
    assert (d.kind, d.year, d.month) == ("by", None, 12)
    assert find_deadline("2025年全年", from_field=True).year == 2025


def test_status_and_past_dates_in_text_are_not_deadlines():
    assert find_deadline("截至5月底,新增就业2.5万人") is None
    assert find_deadline("2019年11月举办全省现场推进会") is None
    assert find_deadline("2021年6月出台实施意见").month == 6


def test_own_number_not_a_cited_one():
    text = "根据《某省办法》(黔府办发〔2022〕25号)要求,制定本方案。\n某市人民政府\n2023年3月1日\n"
    assert document_year(text, "工作方案") == (2023, "signature")
    assert document_year("苏政办〔2011〕87号\n根据(国函〔2009〕130号)", "实施方案") == (2011, "number")


def test_target_year_is_not_a_deadline():
    assert find_deadline("2020年贷款增速不低于30%") is None
    assert find_deadline("三年内翻一番") is None


def test_deadline_phrase_in_task_text():
    task = only_task("1.出台政策。2021年6月底前出台实施意见。(责任单位:省财政厅)")
    assert (task.deadline.year, task.deadline.month) == (2021, 6)


def test_time_field_beats_text():
    task = only_task("1.出台政策。2021年3月底前起草。(责任单位:省财政厅;完成时限:2021年6月底前)")
    assert task.deadline.month == 6


def test_year_option_fills_missing_year():
    task = only_task("1.出台政策。(责任单位:省财政厅;完成时限:9月底前)", year=2022)
    assert (task.deadline.year, task.deadline.year_inferred) == (2022, True)


def test_written_year_is_not_inferred():
    task = only_task("1.出台政策。(责任单位:省财政厅;完成时限:2023年9月底前)", year=2022)
    assert (task.deadline.year, task.deadline.year_inferred) == (2023, False)


def test_document_year_sources():
    assert document_year("浙政办发〔2020〕5号\n正文", "") == (2020, "number")
    assert document_year("正文\n某某局\n2019年5月6日\n", "") == (2019, "signature")
    assert document_year("正文\n二〇二一年三月一日\n", "") == (2021, "signature")
    assert document_year("正文", "2022年工作要点") == (2022, "title")
    assert document_year("正文", "整改方案") == (None, None)


@pytest.mark.parametrize("raw, year, month", [
    ("2021年第三季度末", 2021, 9), ("一季度", None, 3), ("2020年上半年", 2020, 6), ("下半年", None, 12),
])
def test_quarters_and_half_years(raw, year, month):
    d = find_deadline(raw)
    assert (d.year, d.month) == (year, month)


def test_numeric_dates_in_time_fields_only():
    d = find_deadline("2020.12", from_field=True)
    assert (d.year, d.month, d.day) == (2020, 12, None)
    d = find_deadline("2021-06-30", from_field=True)
    assert (d.year, d.month, d.day) == (2021, 6, 30)
    assert find_deadline("增长2020.12个百分点") is None


def test_lead_note_in_a_list_marks_the_lead():
    task = only_task("1.建设平台。(责任单位:市财政局、市发改委(牵头)、市统计局)")
    assert [(a.name, a.role) for a in task.assignments] == [("市财政局", "co"), ("市发改委", "lead"), ("市统计局", "co")]
