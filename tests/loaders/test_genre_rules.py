"""The genre's rules (issue 9), each on a tiny document written for it: numbering, parents and
children, notes, lists, leaders, excerpts cut mid-name, titles and document facts, warnings."""

from __future__ import annotations

import pytest

from loaders.outline.reflow import reflow
from loaders.phrases.leaders import split_leaders
from tests.helpers import only_task, parse, units


@pytest.mark.parametrize("mark", [".", "．", "﹒", "、"])
def test_any_mark_after_an_item_number(mark):
    parsed = parse(f"一、任务\n1{mark}优化服务。(责任单位:县人社局)\n2{mark}加强监管。(责任单位:县市场监管局)\n")
    assert [t.number for t in parsed.tasks] == [1, 2]


def test_item_text_starting_with_digits_keeps_its_number():
    parsed = parse("一、任务\n10.压实责任。(责任单位:县委办)\n11.121人才计划全面实施。(责任单位:县人社局)\n"
                   "12.2019年9月底前完成清理。(责任单位:县财政局)\n")
    assert [t.number for t in parsed.tasks] == [10, 11, 12]
    assert parsed.tasks[2].deadline.month == 9


def test_item_number_without_a_mark():
    parsed = parse("一、就业工程\n1优化就业服务\n牵头单位:市人社局\n2加强技能培训\n牵头单位:市人社局、农委\n")
    assert [t.number for t in parsed.tasks] == [1, 2]
    assert units(parsed.tasks[1]) == [("市人社局", "lead"), ("市农委", "lead")]


def test_title_keeps_its_characters_after_a_space():
    assert only_task("1. 加强测试工作。(责任单位:县委办)").title == "加强测试工作"


def test_a_parent_with_its_own_marker_is_a_task_beside_its_children():
    parsed = parse("一、任务\n1.完善体系。(牵头单位:县应急局)\n(1)修订预案。(责任单位:县应急局、县公安局)\n"
                   "(2)开展演练。(责任单位:县消防救援大队)\n")
    assert [t.title for t in parsed.tasks] == ["完善体系", "修订预案", "开展演练"]


def test_a_marker_alone_after_the_last_child_speaks_for_the_parent():
    parsed = parse("一、任务\n1.完善预案体系\n(1)加强预案管理。\n(2)推进预案修订。\n(责任单位:县应急局、县公安局)\n"
                   "2.健全机制。(责任单位:县应急局)\n")
    assert [(t.title, units(t)[:1]) for t in parsed.tasks] == [
        ("完善预案体系", [("县应急局", "lead")]), ("健全机制", [("县应急局", "lead")])]


def test_a_child_cut_inside_its_marker_is_truncated_and_inherits_nothing():
    parsed = parse("一、任务\n(一)推进改革。(牵头单位:省发改委)\n1.细化方案。(责任单位:省财政厅)\n2.压实责任。(责任单位:省委组")
    cut = parsed.tasks[-1]
    assert cut.truncated and all(not a.inherited for a in cut.assignments)
    assert "省委组" not in [a.name for a in cut.assignments]


def test_an_excerpt_ending_mid_name_drops_the_cut_name():
    task = parse("一、任务\n1.加强监管。(责任单位:省科技厅、省财")
    assert task.tasks[0].truncated
    assert [a.name for a in task.tasks[0].assignments] == ["省科技厅"]


def test_rule_notes_are_never_units():
    parsed = parse("一、重点任务(列第一位的为牵头单位,下同)\n1.优化服务。(省发展改革委、省财政厅)\n"
                   "2.加强监管。(省市场监管局、省公安厅;2021年底前)\n")
    assert [units(t) for t in parsed.tasks] == [
        [("省发展改革委", "lead"), ("省财政厅", "co")], [("省市场监管局", "lead"), ("省公安厅", "co")]]


def test_a_note_on_the_first_unit_marks_it_lead():
    task = only_task("1.做好统计。\n责任单位:县发改局(首位单位为牵头单位,下同)、县财政局")
    assert units(task) == [("县发改局", "lead"), ("县财政局", "co")]


def test_a_note_gives_a_group_every_item_after_it():
    parsed = parse("以下各项任务均需各县区政府负责落实,不再单独列出。\n一、任务\n1.优化服务。(责任单位:市发改委)\n"
                   "2.加强监管。(责任单位:市市场监管局)\n")
    assert all(("各县区政府", "co") in units(t) for t in parsed.tasks)


def test_etc_before_a_group_keeps_both():
    task = only_task("1.抓好落实。(责任单位:省发改委等各有关部门)")
    assert [(a.name, a.collective) for a in task.assignments] == [("省发改委", False), ("各有关部门", True)]


@pytest.mark.parametrize("group", ["各县、市、区政府", "市政府各部门", "各区、县(市)政府", "各县(市、区)政府(管委会)"])
def test_groups_stay_whole(group):
    task = only_task(f"1.抓好落实。(牵头单位:市发改委;责任单位:{group})")
    assert [(a.name, a.collective) for a in task.assignments][1:] == [(group, True)]


def test_government_departments_and_their_direct_bodies_are_two_groups():
    task = only_task("1.抓好落实。(省发改委牵头,省政府各部门、各直属机构配合)")
    assert units(task) == [("省发改委", "lead"), ("省政府各部门", "co"), ("各直属机构", "co")]


@pytest.mark.parametrize("name", ["残联", "工商联", "科协", "团市委"])
def test_organisations_take_no_shared_prefix(name):
    task = only_task(f"1.做好帮扶。(责任单位:市民政局、{name})")
    assert [a.name for a in task.assignments] == ["市民政局", name]


def test_a_date_inside_a_marker_is_the_deadline_never_a_unit():
    task = only_task("1.完成清理。(责任单位:县财政局、县审计局;2021年12月底前)")
    assert units(task) == [("县财政局", "lead"), ("县审计局", "co")]
    assert (task.deadline.year, task.deadline.month) == (2021, 12)


@pytest.mark.parametrize("label, role", [("主体责任单位", "lead"), ("协同责任单位", "co"), ("配合责任单位", "co"),
                                         ("共同责任单位", "co"), ("主责单位", "lead")])
def test_labels_read_by_their_words(label, role):
    task = only_task(f"1.做好工作。\n牵头单位:市发改委\n{label}:市财政局\n" if role == "co"
                     else f"1.做好工作。\n{label}:市财政局\n")
    assert ("市财政局", role) in units(task)


def test_a_division_label_holding_clauses():
    task = only_task("1.地区生产总值增长6%。\n部门分工:省发展改革委牵头,各地、各部门配合。")
    assert units(task) == [("省发展改革委", "lead"), ("各地", "co"), ("各部门", "co")]


def test_leaders_are_people_not_units_or_places():
    task = only_task("1.地区生产总值增长6%。\n分管省领导:宁波\n部门分工:省发展改革委牵头,省统计局配合。")
    assert task.leaders == ("宁波",)
    assert "宁波" not in [a.name for a in task.assignments]
    assert "宁波" not in task.mention_names("region")


def test_leader_posts_name_no_one():
    task = only_task("(一)主要目标:增长7%(分管副省长、协管副秘书长负责,省发展改革委牵头,省统计局配合)")
    assert task.leaders == () and units(task) == [("省发展改革委", "lead"), ("省统计局", "co")]


def test_a_section_heading_names_the_leader_of_its_items():
    parsed = parse("一、沈  凌副县长牵头重点工作\n1.新增托位300个。\n责任单位:县卫健局、县妇联\n")
    assert parsed.tasks[0].leaders == ("沈凌",)


def test_leader_names_lose_their_padding():
    assert [leader.name for leader in split_leaders("王  伟、欧阳  琳")] == ["王伟", "欧阳琳"]
    assert [leader.name for leader in split_leaders("王伟 李明")] == ["王伟", "李明"]


def test_pdf_line_wraps_are_joined():
    body = ("1.建立高校院所科技成果转化年度报告制度推动成果转化。(责任单位:省科技厅、省财政厅;整改时限:2021年6月底前)"
            "2.建设省级技术交易市场分中心培育技术经理人。(责任单位:省科技厅、省人力社保厅;整改时限:2021年12月底前)") * 3
    lines = [body[i:i + 26] for i in range(0, len(body), 26)]
    wrapped = "\n".join(["科技创新整改工作方案"] + lines[:6] + ["- 2 -"] + lines[6:])
    joined = reflow(wrapped)
    assert body in joined and "- 2 -" not in joined


def test_title_of_the_notice_not_a_cited_one_and_the_signing_issuer():
    parsed = parse("江南市人民政府办公室\n关于印发江南市营商环境\n整改方案的通知\n江政办〔2021〕8号\n各县(市、区)人民政府,市政府各部门:\n"
                   "根据《省政府关于优化营商环境的意见》(浙政发〔2019〕3号)要求,现印发。\n江南市人民政府办公室\n2021年3月1日\n"
                   "一、任务\n1.优化服务。(责任单位:市发改委;完成时限:6月底前)\n")
    doc = parsed.document
    assert doc.title == "江南市人民政府办公室关于印发江南市营商环境整改方案的通知"
    assert doc.issuer == "江南市人民政府办公室"
    assert (doc.year, doc.year_source) == (2021, "number")


def test_an_issuers_own_line_above_a_plans_title_is_not_part_of_it():
    parsed = parse("宁波市人民政府办公厅\n宁波市2026年营商环境优化提升重点任务分工方案\n"
                   "一、任务\n1.优化服务。(责任单位:市发改委;完成时限:2026年6月底前)\n")
    doc = parsed.document
    assert (doc.title, doc.issuer) == ("宁波市2026年营商环境优化提升重点任务分工方案", "宁波市人民政府办公厅")


def test_bare_kinds_and_verbs_are_not_platforms():
    task = only_task("1.加强创新。通过重点实验室开展攻关,建设实验室。(责任单位:省科技厅)")
    assert task.mention_names("platform") == []


def test_a_year_outside_the_calendar_is_not_a_date():
    parsed = parse("一、任务\n1.加强监管。(责任单位:省财政厅;完成时限:9999年6月底前)\n")
    assert parsed.tasks[0].deadline.month is None
    assert any("outside 1949" in w for w in parsed.warnings)


def test_warnings_name_what_was_not_understood():
    parsed = parse("一、任务\n1.优化服务。\n工作目标:提速一半\n2.加强监管。(责任单位:县市场监管局)\n"
                   "序号\t重点任务\t牵头单位\t奇怪栏目\n1\t做好工作\t县财政局\t甲\n")
    text = "\n".join(parsed.warnings)
    assert "no responsible unit" in text and "工作目标" in text and "奇怪栏目" in text


def test_traditional_script_reads_like_simplified_and_keeps_names_as_written():
    task = only_task("1.推行企業開辦全程網上辦理。(市市場監管局牽頭,市稅務局按職責分工負責)")
    assert units(task) == [("市市場監管局", "lead"), ("市稅務局", "co")]


def test_the_seed_as_a_wrapped_pdf_parses_like_its_text(seed_path, tmp_path):
    from loaders.parse import parse_file, parse_text
    from tests.pdfmaker import make_pdf

    text = seed_path.read_text(encoding="utf-8")
    lines = [piece for paragraph in text.split("\n") for piece in
             ([paragraph[i:i + 28] for i in range(0, len(paragraph), 28)] or [""])]
    pdf = tmp_path / "seed.pdf"
    pdf.write_bytes(make_pdf(lines))
    expected = [(t.number, units(t)) for t in parse_text(text).tasks]
    assert [(t.number, units(t)) for t in parse_file(pdf).tasks] == expected


def test_a_letter_spaced_header_and_glossed_header_cells():
    parsed = parse("序号\n\n重 点 工 作 任 务(其中3项配合工作)\n\n责任单位\n\n1\n\n新建社区食堂20家。\n\n市民政局、市商务局\n\n"
                   "2\n\n完成老旧管网改造。\n\n市城管局\n")
    assert [units(t) for t in parsed.tasks] == [[("市民政局", "lead"), ("市商务局", "co")], [("市城管局", "lead")]]


def test_a_header_word_split_over_two_lines():
    parsed = parse("序号\n重点工作\n区本级\n任务数\n责任单位\n1\n新增就业5000人。\n3\n区人社局\n")
    assert [units(t) for t in parsed.tasks] == [[("区人社局", "lead")]]


def test_a_single_spaced_table():
    parsed = parse("序号 工 作 任 务 牵头负责部门\n1 城镇新增就业5万人以上 市人社局\n2 新建学校3所 市教育局\n")
    assert [(t.number, units(t)) for t in parsed.tasks] == [(1, [("市人社局", "lead")]), (2, [("市教育局", "lead")])]


def test_unit_cells_written_as_clauses():
    parsed = parse("任务\n主要内容\n责任单位\n加强财政信息公开,按月公开收支。\n市财政局牵头落实\n"
                   "加强金融政策解读。\n市金融办、人行市中心支行分别牵头落实\n")
    assert [units(t) for t in parsed.tasks] == [
        [("市财政局", "lead")], [("市金融办", "lead"), ("人行市中心支行", "lead")]]


def test_a_table_section_row_names_the_leader_and_label_notes_are_not_units():
    parsed = parse("序号\n重点工作任务\n责任单位\n(一)王宏副市长牵头重点工作\n1\n稳定粮食生产。\n市农业农村局、市商务局\n"
                   "省牵头单位:省农业农村厅\n2\n发展现代物流。\n市商务局\n")
    assert [(t.leaders, units(t)) for t in parsed.tasks] == [
        (("王宏",), [("市农业农村局", "lead"), ("市商务局", "co")]), (("王宏",), [("市商务局", "lead")])]


def test_a_note_after_a_full_stop_inside_a_marker_is_no_unit():
    task = only_task("1.落实减税政策。(责任单位:市财政局、市税务局。以下政策均需各县区政府落实,不再单独列出)")
    assert units(task) == [("市财政局", "lead"), ("市税务局", "co")]


def test_the_role_word_nearest_the_head_decides():
    task = only_task("1.做好工作。\n主要协作单位:各乡镇人民政府、县发改局\n")
    assert [role for _, role in units(task)] == ["co", "co"]


def test_a_section_heading_above_a_table_names_its_leader():
    parsed = parse("二、李丹常委、常务副区长牵头重点工作\n序号\t重点工作\t责任单位\n1\t新增就业。\t区人社局\n")
    assert parsed.tasks[0].leaders == ("李丹",)


def test_outline_levels_by_the_genres_order_in_an_excerpt():
    parsed = parse("3.加强监管。\n责任单位:省市场监管局\n四、卢山副省长牵头重点工作\n1.优化环境。\n责任单位:省发展改革委\n")
    assert parsed.tasks[-1].leaders == ("卢山",)


def test_a_post_before_a_leaders_name():
    assert [leader.name for leader in split_leaders("广东省副省长、珠海市委书记吕玉印")] == ["吕玉印"]
    assert [leader.name for leader in split_leaders("陆 明俞 悦")] == ["陆明", "俞悦"]


def test_a_table_ends_at_the_pages_metadata():
    parsed = parse("类别 | 事项名称 | 责任单位 | 分管市领导 |\n四、教育 | 14.改扩建学校 | 教育体育局 | 刘福利 |\n"
                   "15.推进课后服务 | 教育体育局 | 刘福利 |\n索引号: | 1137/2022-04772 | 成文日期: | 2022-10-08 |\n")
    assert [(t.number, units(t), t.leaders) for t in parsed.tasks] == [
        (14, [("教育体育局", "lead")], ("刘福利",)), (15, [("教育体育局", "lead")], ("刘福利",))]


def test_tasks_past_the_limit_are_not_read_and_the_warning_says_so():
    from loaders.limits import ReadLimits, using_limits

    text = "".join(f"{i}.做好第{i}项工作。(责任单位:县财政局)\n" for i in range(1, 81))
    with using_limits(ReadLimits(max_tasks=50)):
        parsed = parse(text)
    assert len(parsed.tasks) == 50
    assert "DUTYGRAPH_MAX_TASKS" in parsed.warnings[0]


def test_enclosed_numbers_are_items_like_their_bracketed_forms():
    parsed = parse("一、指标分工\n1.约束性指标。\n⑴学校巩固率达到96%。\n责任单位:省教育厅。\n"
                   "⑵林地面积稳定。\n牵头单位:省林业局。\n责任单位:省林业局、省统计局。\n")
    assert [(t.path[-1], units(t)) for t in parsed.tasks] == [
        ("⑴", [("省教育厅", "lead")]), ("⑵", [("省林业局", "lead"), ("省统计局", "co")])]


def test_a_sentence_starting_with_you_hands_the_item_over():
    task = only_task("二、办好实事\n(一)提高种粮补贴标准。由县财政局、农业局,各乡(镇)、街道负责落实。\n")
    assert units(task) == [("县财政局", "lead"), ("县农业局", "co"), ("各乡(镇)、街道", "co")]


def test_because_is_no_handover():
    parsed = parse("一、工作\n1.做好防汛。由于雨季提前,各单位要提早准备。\n")
    assert [units(t) for t in parsed.tasks] == [[]] or parsed.tasks == ()


def test_a_field_on_a_one_line_page_ends_where_the_next_label_starts():
    task = only_task("1.建成城东公园。 牵头领导:周海 责任单位:市住建局 项目责任人:陈力 完成情况:已完成主体工程。")
    assert units(task) == [("市住建局", "lead")] and task.leaders == ("周海",)


def test_a_scoring_department_column_is_not_responsible():
    parsed = parse("序号\t考核指标\t责任部门\t评分部门\n1\t森林覆盖率不下降\t县林业局\t市林业局\n")
    assert [units(t) for t in parsed.tasks] == [[("县林业局", "lead")]]


def test_host_and_assist_verbs():
    task = only_task("1.社会消费品零售总额稳步增长。(区商务局、区财政局主办,各街道协办)\n")
    assert units(task) == [("区商务局", "lead"), ("区财政局", "lead"), ("各街道", "co")]


def test_two_zones_share_the_kind_written_after_the_last():
    task = only_task("1.完成年度投资目标。(牵头单位:市发改局;责任单位:各乡、镇人民政府,金沙垸、白湖管理区)\n")
    assert units(task) == [("市发改局", "lead"), ("各乡、镇人民政府", "co"), ("金沙垸管理区", "co"),
                           ("白湖管理区", "co")]


def test_a_section_heading_names_the_unit_that_leads_its_items():
    parsed = parse("一、王五市长负责的工作\n(一)市审计局牵头的工作\n全面加强审计监督。\n协同单位:市直各部门。\n"
                   "(二)市编办牵头的工作\n1.优化机构设置。\n2.推进街道机构改革。\n协同单位:市财政局。\n")
    assert [(t.path[1:], units(t), t.leaders) for t in parsed.tasks] == [
        (("(一)",), [("市审计局", "lead"), ("市直各部门", "co")], ("王五",)),
        (("(二)", "1"), [("市编办", "lead")], ("王五",)),
        (("(二)", "2"), [("市编办", "lead"), ("市财政局", "co")], ("王五",))]


def test_a_single_spaced_table_with_a_category_and_several_text_columns():
    parsed = parse("节水任务分解表\n\n序号 类别 主要任务 细化措施 牵头单位 参与单位 责任单位\n"
                   "1 节约用 水 控制用水总量 推行计划用水,新增取水从严审批。 县水务局 县发改局、农业局等 各乡镇人民政府\n"
                   "2  提高用水效率 落实节水评价制度。 县水务局 县发改局 各乡镇人民政府\n")
    assert [units(t) for t in parsed.tasks] == [
        [("县水务局", "lead"), ("各乡镇人民政府", "co"), ("县发改局", "co"), ("县农业局", "co")],
        [("县水务局", "lead"), ("各乡镇人民政府", "co"), ("县发改局", "co")]]


def test_a_progress_table_one_cell_per_line_with_the_unit_before_the_task():
    parsed = parse("民生实事项目实施进度表\n序号 |\n责任单位 |\n实施内容 |\n协同单位 |\n分管 领导 |\n最新进度(8月24日) |\n"
                   "是否 达序时 |\n未达序时原因 及存在问题 |\n15 |\n民政局 |\n新增养老床位300张,完成适老化改造400户。 |\n"
                   "财政局 住建局 各区镇街道 |\n新增床位:已新增两家机构;改造正在施工,9月底前完成。 |\n是 |\n"
                   "16 |\n卫健委 |\n新建社区卫生服务站3个。 |\n财政局 |\n已完成2个。 |\n是 |\n")
    assert [(t.number, units(t)) for t in parsed.tasks] == [
        (15, [("民政局", "lead"), ("财政局", "co"), ("住建局", "co"), ("各区镇街道", "co")]),
        (16, [("卫健委", "lead"), ("财政局", "co")])]
