"""Inputs: encodings, HTML, DOCX (paragraphs and tables), PDF; bad files give clear errors."""

from __future__ import annotations

import io

import docx
import pytest

from bench.corpus import docx_bytes
from loaders import parse_file
from loaders.errors import DocumentTooLarge, EmptyDocument, UnreadableDocument, UnsupportedFormat
from loaders.formats.read import read_bytes
from tests.pdfmaker import make_blank_pdf, make_pdf

DOC = "一、重点任务\n1.优化服务。(责任单位:省人力社保厅、省财政厅;完成时限:2020年底前)\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"])
def test_text_encodings(tmp_path, encoding):
    path = tmp_path / "plan.txt"
    path.write_bytes((DOC * 3).encode(encoding))
    parsed = parse_file(path)
    assert [a.name for a in parsed.tasks[0].assignments] == ["省人力社保厅", "省财政厅"]


def test_html_drops_scripts_navigation_and_footer(tmp_path):
    html = ("<html><head><meta charset='gbk'><title>x</title><style>p{}</style></head><body>"
            "<nav>首页 > 通知</nav><script>var a='1.假任务(责任单位:假局)';</script>"
            "<div class='content'><p>一、重点任务</p><p>1.优化服务。(责任单位:省人力社保厅)</p>"
            "<p>2.加强监管。(责任单位:省市场监管局)</p></div>"
            "<div class='footer'>版权所有 某某网站</div></body></html>")
    path = tmp_path / "plan.html"
    path.write_bytes(html.encode("gbk"))
    parsed = parse_file(path)
    assert [[a.name for a in t.assignments] for t in parsed.tasks] == [["省人力社保厅"], ["省市场监管局"]]


def test_html_table(tmp_path):
    html = ("<table><tr><th>序号</th><th>重点工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>"
            "<tr><td>1</td><td>建立台账</td><td>市发改委</td><td>市财政局<br>市统计局</td><td>2021年6月底前</td></tr>"
            "</table>")
    path = tmp_path / "t.htm"
    path.write_text(html, encoding="utf-8")
    task = parse_file(path).tasks[0]
    assert [(a.name, a.role) for a in task.assignments] == [("市发改委", "lead"), ("市财政局", "co"), ("市统计局", "co")]


def test_docx_paragraphs(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(docx_bytes("一、重点任务\n1.优化服务。(责任单位:省人力社保厅、省财政厅)"))
    assert [a.name for a in parse_file(path).tasks[0].assignments] == ["省人力社保厅", "省财政厅"]


def test_docx_table_with_merged_problem_cell(tmp_path):
    rows = [["序号", "存在问题", "整改措施", "牵头单位", "配合单位", "完成时限"],
            ["1", "审批慢", "压缩审批时限", "区行政审批局", "区司法局", "2021年3月底前"],
            ["2", "审批慢", "推行网上办理", "区大数据局", "区行政审批局、区财政局", "长期坚持"]]
    document_bytes = docx_bytes("附件:整改任务清单\n" + "\n".join("\t".join(r) for r in rows))
    document = docx.Document(io.BytesIO(document_bytes))
    table = document.tables[0]
    table.cell(1, 1).merge(table.cell(2, 1)).text = "审批慢"
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "list.docx"
    path.write_bytes(buffer.getvalue())
    parsed = parse_file(path)
    assert [t.number for t in parsed.tasks] == [1, 2]
    assert [p.text for p in parsed.problems] == ["审批慢"]
    second = parsed.tasks[1]
    assert [(a.name, a.role) for a in second.assignments] == [
        ("区大数据局", "lead"), ("区行政审批局", "co"), ("区财政局", "co")]
    assert second.deadline.kind == "ongoing"
    assert second.title == "推行网上办理"


def test_pdf_text_layer(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(make_pdf(["一、重点任务", "1.优化服务。(责任单位:省人力社保厅;完成时限:2020年底前)"]))
    task = parse_file(path).tasks[0]
    assert [a.name for a in task.assignments] == ["省人力社保厅"] and task.deadline.year == 2020


def test_pdf_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_blank_pdf())
    with pytest.raises(UnreadableDocument, match="scan.pdf: the PDF has no text layer"):
        parse_file(path)


@pytest.mark.parametrize("name, data, error, message", [
    ("empty.txt", b"", EmptyDocument, "empty.txt: the file is empty"),
    ("blank.txt", b"  \n\n ", EmptyDocument, "blank.txt: the file is empty"),
    ("junk.txt", bytes(range(256)) * 40, UnreadableDocument, "junk.txt: "),
    ("broken.docx", b"PK\x03\x04 not really a zip", UnreadableDocument, "broken.docx: not a valid .docx"),
    ("broken.pdf", b"%PDF-1.4 garbage", UnreadableDocument, "broken.pdf: "),
    ("plan.pptx", b"data", UnsupportedFormat, "plan.pptx: unsupported file type '.pptx'"),
    ("plan.xlsx", b"data", UnreadableDocument, "plan.xlsx: not a spreadsheet"),
])
def test_bad_inputs_raise_named_errors(name, data, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(".", r"\.")):
        read_bytes(data, name)


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    with pytest.raises(DocumentTooLarge, match="big.txt: 2,000 bytes is over the 1,000-byte limit"):
        parse_file(path, max_bytes=1000)
