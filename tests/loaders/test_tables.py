"""Tables flattened to text: one cell per line under a header; unit cells split over lines."""

from __future__ import annotations

from tests.helpers import parse, units

FLAT = """附件
重点工作任务分工表
序号
重点工作任务
牵头单位
配合单位
完成时限
1
建立重点项目推进机制
市发改委
市财政局、
市自然资源局
2021年6月底前
2
开展营商环境评价
市营商办
市统计局
2021年12月底前
3
完善企业服务平台
市经信局
长期坚持
"""


def test_flat_table_rows_become_tasks():
    parsed = parse(FLAT)
    assert [t.number for t in parsed.tasks] == [1, 2, 3]
    assert [t.title for t in parsed.tasks] == ["建立重点项目推进机制", "开展营商环境评价", "完善企业服务平台"]


def test_flat_table_unit_cell_split_over_lines():
    first = parse(FLAT).tasks[0]
    assert units(first) == [("市发改委", "lead"), ("市财政局", "co"), ("市自然资源局", "co")]
    assert (first.deadline.year, first.deadline.month) == (2021, 6)


def test_flat_table_row_without_co_units():
    parsed = parse(FLAT)
    assert units(parsed.tasks[1]) == [("市营商办", "lead"), ("市统计局", "co")]
    assert units(parsed.tasks[2]) == [("市经信局", "lead")]
    assert parsed.tasks[2].deadline.kind == "ongoing"


def test_tab_separated_table_with_mixed_column():
    text = "序号\t整改任务\t责任单位\t整改时限\n1\t清理欠款\t县财政局、县审计局\t2020年9月底前\n2\t规范收费\t县市场监管局\t立行立改\n"
    parsed = parse(text)
    assert [units(t) for t in parsed.tasks] == [
        [("县财政局", "lead"), ("县审计局", "co")], [("县市场监管局", "lead")]]


def test_table_and_outline_in_one_document():
    text = "一、总体要求\n(一)目标。全面完成整改。\n二、重点任务\n1.加强领导。(责任单位:县委办)\n" + FLAT
    parsed = parse(text)
    assert [t.title for t in parsed.tasks][:1] == ["加强领导"]
    assert len(parsed.tasks) == 4
