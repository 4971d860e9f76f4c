"""Property-based tests: any text or bytes gives records or a named error, never another
exception; every span points at the text it claims."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import parse_text
from loaders.errors import LoaderError
from loaders.formats.read import read_bytes

# Text made of the genre's own pieces, shuffled: headings, markers, brackets, names, dates, noise.
PIECES = ["一、", "(一)", "（二）", "1.", "2、", "(3)", "①", "。", ";", "；", ",", "、", "\n", "(", ")", "（", "）",
          "〔", "〕", "【", "】", "[", "]", "责任单位:", "牵头单位：", "配合单位:", "完成时限:", "整改时限：", "省财政厅",
          "市发改委", "各市、县(市、区)", "等", "牵头", "按职责分工负责", "分别牵头", "负责", "2020年6月底前", "年底前",
          "每年12月底前", "长期坚持", "针对“", "”的整改措施", "即知即改任务清单", "《", "》", "杭州", "高新区",
          "http://x.cn/a", "转载请注明", "2.8%", "凤凰行动2.0", " ", "\t", "序号", "重点工作任务", "完成时限"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=60).map("".join)


def check_spans(parsed) -> None:
    text = parsed.text
    for task in parsed.tasks:
        assert text[task.span.start:task.span.end] == task.text
        for a in task.assignments:
            assert text[a.span.start:a.span.end] == a.written
            assert a.name and a.role in ("lead", "co")
        if task.deadline is not None:
            assert text[task.deadline.span.start:task.deadline.span.end].strip() == task.deadline.raw
        for m in task.mentions:
            if m.kind != "region":
                assert text[m.span.start:m.span.end] == m.name
    for problem in parsed.problems:
        assert text[problem.span.start:problem.span.end] == problem.text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_parses_with_true_spans(text):
    check_spans(parse_text(text, source="h.txt"))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_parses(text):
    check_spans(parse_text(text, source="u.txt"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf"]))
def test_any_bytes_give_text_or_a_named_error(data, name):
    try:
        result = read_bytes(data, name)
    except LoaderError as exc:
        assert name in str(exc)
        return
    check_spans(parse_text(result.text, source=name))
