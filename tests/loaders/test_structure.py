"""Outline: headings of every style, inline headings, problems and lists, which level is a task."""

from __future__ import annotations

from tests.helpers import parse


def test_inline_headings_in_one_paragraph():
    parsed = parse("一、任务清单\n(一)针对“服务不优”的整改措施。1.优化服务。(责任单位:省科技厅)。"
                   "2.完善机制。(责任单位:省财政厅)(二)针对“投入不足”的整改措施。3.加大投入。(责任单位:省财政厅)")
    assert [t.number for t in parsed.tasks] == [1, 2, 3]
    assert [p.text for p in parsed.problems] == ["服务不优", "投入不足"]
    assert [t.problem for t in parsed.tasks] == [parsed.problems[0].id, parsed.problems[0].id, parsed.problems[1].id]


def test_numbers_inside_sentences_are_not_headings():
    parsed = parse("1.推进升级。实施“凤凰行动2.0”版,占GDP比重达2.8%,完成3.5亿元投资。(责任单位:省金融办)")
    assert [t.number for t in parsed.tasks] == [1]
    assert "2.0" in parsed.tasks[0].text and "2.8%" in parsed.tasks[0].text


def test_state_council_tasks_at_second_level():
    text = ("一、总体要求\n(一)指导思想。坚持问题导向。\n(二)工作目标。到年底完成。\n"
            "二、重点任务\n(一)降低成本。(财政部牵头)\n(二)优化服务。(市场监管总局负责)\n"
            "三、保障措施\n(一)加强领导。各地要高度重视。\n")
    parsed = parse(text)
    assert [t.title for t in parsed.tasks] == ["降低成本", "优化服务"]
    assert [t.path for t in parsed.tasks] == [("二", "(一)"), ("二", "(二)")]


def test_full_width_headings():
    parsed = parse("一、重点任务\n（一）优化营商环境。（责任单位：市发改委）\n（二）加强监管。（责任单位：市市场监管局）")
    assert [t.number for t in parsed.tasks] == [1, 2]


def test_third_and_fourth_level_headings():
    parsed = parse("一、任务\n(一)总体\n1.分项\n(1)细化服务。(责任单位:县人社局)\n(2)加强培训。\n"
                   "①开展评估。(责任单位:县统计局)\n②组织考试。(责任单位:县人社局)")
    assert [t.path[-1] for t in parsed.tasks] == ["(1)", "①", "②"]
    assert parsed.tasks[1].path == ("一", "(一)", "1", "(2)", "①")


def test_list_headings_group_tasks():
    parsed = parse("一、即知即改任务清单\n1.立即整改。(责任单位:县委办)\n二、持续推进任务清单\n2.长期坚持。(责任单位:县政府办)")
    assert [t.task_list for t in parsed.tasks] == ["即知即改任务清单", "持续推进任务清单"]


def test_problem_heading_forms():
    parsed = parse("一、关于“审批慢”的问题\n1.压缩时限。(责任单位:区行政审批局)\n"
                   "二、“监管弱”方面的问题\n2.加强监管。(责任单位:区市场监管局)")
    assert [p.text for p in parsed.problems] == ["审批慢", "监管弱"]


def test_task_without_marker_in_a_task_section_is_unowned():
    parsed = parse("一、重点任务\n1.优化服务。(责任单位:县人社局)\n2.加强宣传,营造氛围。\n3.强化考核。(责任单位:县考核办)")
    assert [t.number for t in parsed.tasks] == [1, 2, 3]
    unowned = parsed.tasks[1]
    assert unowned.assignments == () and not unowned.truncated
    assert any("no responsible unit" in w for w in parsed.warnings)


def test_truncated_last_task_is_kept_and_flagged():
    parsed = parse("一、重点任务\n1.优化服务。(责任单位:县人社局)\n2.加强宣传,建立通报机制和")
    assert parsed.tasks[-1].truncated and parsed.tasks[-1].assignments == ()
    assert not parsed.tasks[0].truncated


def test_children_inherit_parent_marker():
    parsed = parse("一、任务\n(一)强化保障。(省财政厅负责)\n二、其他\n(一)推进改革。(责任单位:省发改委)\n"
                   "1.细化方案。\n2.压实责任。(责任单位:省委组织部)")
    titles = [t.title for t in parsed.tasks]
    # an item with its own marker is a task even when its children have markers of their own
    assert titles == ["强化保障", "推进改革", "细化方案", "压实责任"]
    inherited = parsed.tasks[2]
    assert [(a.name, a.inherited) for a in inherited.assignments] == [("省发改委", True)]


def test_footer_is_cut():
    parsed = parse("一、任务\n1.优化服务。(责任单位:县人社局)\n转载请注明地址:http://example.com\n上一篇:无\n2.某某")
    assert [t.number for t in parsed.tasks] == [1]


def test_document_with_no_tasks_warns():
    parsed = parse("关于开展调研的通知\n请各单位做好准备。")
    assert parsed.tasks == () and parsed.warnings


def test_title_issuer_and_year_from_preamble():
    parsed = parse("浙江省人民政府办公厅关于印发营商环境整改方案的通知\n浙政办发〔2021〕12号\n各市人民政府:\n"
                   "一、任务\n1.优化服务。(责任单位:省发展改革委;完成时限:6月底前)\n浙江省人民政府办公厅\n2021年3月1日")
    doc = parsed.document
    assert doc.issuer == "浙江省人民政府办公厅"
    assert (doc.year, doc.year_source) == (2021, "number")
    assert doc.province == "浙江省"
    assert (parsed.tasks[0].deadline.year, parsed.tasks[0].deadline.year_inferred) == (2021, True)


def test_paragraphs_with_markers_but_no_numbering_are_tasks():
    parsed = parse("为做好整改工作,制定如下措施。\n加强组织领导,成立工作专班。(责任单位:县委办)\n压实工作责任。(责任单位:县纪委监委)\n")
    assert [(t.title, t.number) for t in parsed.tasks] == [("加强组织领导,成立工作专班", None), ("压实工作责任", None)]


def test_problem_heading_without_quotes():
    parsed = parse("一、关于项目审批时间过长问题\n1.压缩时限。(责任单位:区行政审批局)")
    assert [p.text for p in parsed.problems] == ["项目审批时间过长"]


def test_issuer_keeps_a_place_the_data_does_not_know():
    parsed = parse("江南市人民政府办公室关于印发整改方案的通知\n一、任务\n1.优化服务。(责任单位:市行政审批局)")
    assert parsed.document.issuer == "江南市人民政府办公室"


def test_headline_noise_before_the_issuer_is_dropped():
    parsed = parse("最新速看省科技领导小组办公室印发ldq\n一、任务\n1.优化服务。(责任单位:省科技厅)")
    assert parsed.document.issuer == "省科技领导小组办公室"
