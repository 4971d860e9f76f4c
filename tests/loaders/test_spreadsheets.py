"""Spreadsheets (.xlsx, .xls, .et, .ods, .csv): every sheet, merged cells, the header found below a
title, a two-row header joined, hidden rows and empty columns skipped, and each task's cell."""

from __future__ import annotations

import pytest

from loaders.formats.read import read_bytes
from loaders.formats.sheet_text import Sheet, column_letter, sheets_text
from loaders.parse import parse_text
from loaders.records import SourceLocation
from loaders.serialize import parsed_to_json
from tests.officemaker import NOTE, TITLE, converted, responsibility_list, xlsx_bytes

EXPECTED = [  # title, lead, co, leaders, deadline (raw), sheet, row
    ("建立审批事项台账", ["县行政审批局"], ["县财政局", "县统计局"], ("王伟",), "2021年6月底前", "整改任务", 6),
    ("推行一网通办", ["县行政审批局"], ["县大数据局"], ("王伟",), "长期坚持", "整改任务", 7),
    ("清理过期文件", ["县行政审批局"], ["县司法局"], ("李明",), "2021年9月30日", "整改任务", 8),
    ("压缩企业开办时间", ["县市场监管局"], ["县税务局"], ("李明",), "2021年12月底前", "整改任务", 10),
    ("完善考核办法", ["县委组织部"], ["县人力社保局"], (), "2022年6月底前", "第二批", 2),
]


def facts(data: bytes, name: str) -> list[tuple]:
    read = read_bytes(data, name)
    parsed = parse_text(read.text, source=name, locations=read.locations)
    out = []
    for task in parsed.tasks:
        loc = task.source_location
        out.append((task.title, [a.name for a in task.assignments if a.role == "lead"],
                    [a.name for a in task.assignments if a.role == "co"], task.leaders,
                    task.deadline.raw if task.deadline else None, loc.sheet if loc else None, loc.row if loc else None))
    return out


def test_xlsx_list_reads_as_its_office_wrote_it():
    assert facts(xlsx_bytes(responsibility_list()), "list.xlsx") == EXPECTED


def test_xlsx_title_and_note_are_the_preamble_and_the_task_cell_is_the_provenance():
    data = xlsx_bytes(responsibility_list())
    read = read_bytes(data, "list.xlsx")
    parsed = parse_text(read.text, source="list.xlsx", locations=read.locations)
    assert read.text.splitlines()[:2] == [TITLE, NOTE]
    assert parsed.document.title == TITLE
    assert parsed.tasks[0].source_location == SourceLocation("list.xlsx", "整改任务", 6, "B")
    assert parsed_to_json(parsed)["tasks"][-1]["source_location"] == {"file": "list.xlsx", "sheet": "第二批", "row": 2,
                                                                 "column": "B"}


def test_two_row_header_is_joined_and_the_empty_column_dropped():
    header = read_bytes(xlsx_bytes(responsibility_list()), "list.xlsx").text.splitlines()[2]
    assert header.split("\t") == ["序号", "整改任务", "牵头责任单位", "配合责任单位", "责任领导", "完成时限"]


@pytest.mark.parametrize("to", ["xls:MS Excel 97", "ods"])
def test_libreoffice_xls_and_ods_read_like_the_xlsx(to):
    data = converted(xlsx_bytes(responsibility_list()), ".xlsx", to)
    assert facts(data, "list." + to.split(":")[0]) == EXPECTED


def test_et_that_is_an_xls_is_read_as_one():
    data = converted(xlsx_bytes(responsibility_list()), ".xlsx", "xls:MS Excel 97")
    assert facts(data, "list.et") == EXPECTED


def test_format_is_read_from_the_bytes_not_the_name():
    assert facts(xlsx_bytes(responsibility_list()), "list.xls") == EXPECTED
    html = ("<html><body><table><tr><td>序号</td><td>整改任务</td><td>牵头单位</td><td>完成时限</td></tr>"
            "<tr><td>1</td><td>建立台账</td><td>县发改局</td><td>2021年6月底前</td></tr></table></body></html>")
    task = parse_text(read_bytes(html.encode(), "export.xls").text).tasks[0]
    assert [a.name for a in task.assignments] == ["县发改局"]


CSV = ("东湖县整改任务清单\n"
       "序号,整改任务,责任单位,,完成时限\n"
       ",,牵头,配合,\n"
       "1,建立台账,县发改局,\"县财政局、县统计局\",2021年6月底前\n"
       "2,\"推行网上办理,减少跑动\",县大数据局,,长期坚持\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_each_encoding_with_a_two_row_header(encoding):
    read = read_bytes(CSV.encode(encoding), "list.csv")
    parsed = parse_text(read.text, source="list.csv", locations=read.locations)
    assert [(t.title, [(a.name, a.role) for a in t.assignments]) for t in parsed.tasks] == [
        ("建立台账", [("县发改局", "lead"), ("县财政局", "co"), ("县统计局", "co")]),
        ("推行网上办理,减少跑动", [("县大数据局", "lead")])]
    assert parsed.tasks[1].source_location == SourceLocation("list.csv", None, 5, "B")


def test_sheet_text_keeps_each_cell_location():
    text, locations = sheets_text([Sheet("表", [["", "序号", "任务", "牵头单位", "完成时限"],
                                               ["", "1", "建立台账", "县发改局", "2021年6月底前"]])])
    assert text == "序号\t任务\t牵头单位\t完成时限\n1\t建立台账\t县发改局\t2021年6月底前"
    where = {text[loc.span.start:loc.span.end]: (loc.row, loc.column) for loc in locations}
    assert where["建立台账"] == (2, "C") and where["序号"] == (1, "B")


def test_a_merged_cell_down_rows_applies_to_each_and_across_stays_once():
    sheet = Sheet("表", [["整改清单", "", "", ""], ["序号", "整改任务", "牵头单位", "配合单位"],
                        ["1", "任务甲", "县发改局", "县财政局"], ["2", "任务乙", "", "县统计局"]],
                  merges=[(0, 0, 0, 3), (2, 2, 3, 2)])
    text, _ = sheets_text([sheet])
    assert text.splitlines() == ["整改清单", "序号\t整改任务\t牵头单位\t配合单位", "1\t任务甲\t县发改局\t县财政局",
                                 "2\t任务乙\t县发改局\t县统计局"]


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
