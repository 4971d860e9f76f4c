"""Finding 11: the reader lets a few control characters through (up to 8 per document), and one
in a title made both SVG charts and the GraphML export ill-formed for every user. Now one function
(graph.safe_output.xml_safe) strips them from everything written as SVG, GraphML, XML and HTML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest
from lxml import etree
from lxml import html as lxml_html

from graph.export import export
from graph.service import load_paths
from visualizations.charts import heatmap_svg, load_chart_svg
from visualizations.pages import render_page
from visualizations.subgraphs import agency_ego, document_graph, whole_graph

CONTROLS = ("浙江省人民政府办公厅关于印发\x01某方案的通知\n一、任务\n"
            "1.加强\x02测试\x0b工作。(责任单位:省财政厅、省\x03教育厅;完成时限:2021年3月底前)\n"
            "2.做好\x1f整改\x0c。(责任单位:省科技厅;完成时限:2021年6月底前)\n")
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@pytest.fixture
def loaded(store, tmp_path):
    path = tmp_path / "controls.txt"
    path.write_text(CONTROLS, encoding="utf-8")
    summary = load_paths(store, [path])
    assert summary.errors == [] and summary.results[0].tasks == 2  # the reader lets them in
    return store, summary.results[0].doc_id


def test_charts_parse_as_xml(loaded):
    store, _ = loaded
    for svg in (load_chart_svg(store), heatmap_svg(store)):
        root = etree.fromstring(svg.encode())
        assert root.tag.endswith("svg") and not FORBIDDEN.search(svg)
        assert "教育厅" in svg


def test_graphml_parses_with_both_parsers(loaded):
    store, _ = loaded
    text = export(store, "graphml")
    values = [data.text or "" for data in ElementTree.fromstring(text).iter("{http://graphml.graphdrawing.org/xmlns}data")]
    assert etree.fromstring(text.encode()).tag.endswith("graphml")
    assert "加强测试工作" in values  # the title, without its control characters


def test_pages_hold_no_control_characters(loaded):
    store, doc_id = loaded
    for graph in (document_graph(store, doc_id), whole_graph(store), agency_ego(store, "省财政厅")):
        page = render_page(graph, {"JSON": "/x.json"})
        assert not FORBIDDEN.search(page)
        assert lxml_html.document_fromstring(page).findtext(".//h2")


def test_json_export_keeps_the_text_as_it_was(loaded):
    """JSON escapes control characters itself, so the record of what the document said stays whole."""
    store, _ = loaded
    assert "\\u0002" in export(store, "json")
