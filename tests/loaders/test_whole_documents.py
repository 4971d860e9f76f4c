"""Whole documents of the genre, end to end: a city government's HTML page (GB2312, site chrome,
inline markers of three kinds, a table with a merged problem column, a signature)."""

from __future__ import annotations

from graph.registry.agencies import default_registry
from graph.registry.jurisdiction import document_jurisdiction
from loaders import parse_file
from tests.conftest import DATA


def test_city_html_page():
    parsed = parse_file(DATA / "jiangnan-gb2312.html")
    doc = parsed.document
    assert (doc.issuer, doc.year, doc.year_source) == ("江南市人民政府办公室", 2021, "number")
    assert [t.number for t in parsed.tasks] == [1, 2, 3, 4, 5]
    assert [p.text for p in parsed.problems] == ["审批效率不高", "涉企收费不规范", "融资难"]
    roles = [[(a.name, a.role) for a in t.assignments] for t in parsed.tasks]
    assert roles[0] == [("市行政审批局", "lead"), ("市发改委", "co"), ("市自然资源和规划局", "co")]
    assert roles[2] == [("市市场监管局", "lead"), ("市财政局", "co"), ("市发改委", "co")]
    assert roles[4] == [("市财政局", "lead"), ("市国资委", "co")]
    assert (parsed.tasks[0].deadline.year, parsed.tasks[0].deadline.year_inferred) == (2021, True)
    assert parsed.tasks[4].deadline.kind == "ongoing"
    everything = " ".join(t.text for t in parsed.tasks)
    assert "版权所有" not in everything and "字号" not in everything


def test_city_units_resolve_in_the_city():
    parsed = parse_file(DATA / "jiangnan-gb2312.html")
    where = document_jurisdiction(parsed.document)
    names = {default_registry().resolve(a.name, where).name for t in parsed.tasks for a in t.assignments}
    assert {"江南市财政局", "江南市发展和改革委员会", "中国人民银行江南中心支行"} <= names
