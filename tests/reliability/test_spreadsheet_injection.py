"""Finding 10: CSV and RACI exports wrote cells such as `=HYPERLINK(…)`, `+…`, `-…`, `@…` as they
came, and a spreadsheet runs them as formulas. Now every such cell starts with `'` (the OWASP
CSV-injection rule) and the file starts with a UTF-8 BOM, so Excel reads the Chinese right."""

from __future__ import annotations

import csv
import io

import pytest

from graph.export import export
from graph.safe_output import FORMULA_STARTS
from graph.service import load_parsed
from loaders import parse_text
from tests.api.test_cli_graph import run

HOSTILE = ("浙江省人民政府办公厅关于印发某方案的通知\n一、任务\n"
           "1.=1+1整改工作。(责任单位:=省教育厅;完成时限:2021年3月底前)\n"
           "2.+加强监督。(责任单位:省教育厅)\n"
           "3.-做好整改。(责任单位:@省科技厅)\n"
           "4.@SUM(1+1)整改。(责任单位:省财政厅)\n"
           "5.\t做好整改。(责任单位:省科技厅)\n")


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))) for cell in row]


@pytest.mark.parametrize("fmt", ["csv", "raci"])
def test_no_exported_cell_starts_like_a_formula(store, fmt):
    load_parsed(store, parse_text(HOSTILE, source="hostile.txt"))
    text = export(store, fmt)
    assert text.startswith("\ufeff")
    found = cells(text)
    assert not [c for c in found if c.startswith(FORMULA_STARTS)]
    assert {"'=1+1整改工作", "'+加强监督", "'-做好整改", "'@SUM(1+1)整改"} <= set(found)
    assert "省财政厅" in " ".join(found) and "'省财政厅" not in found  # ordinary cells are left alone


def test_the_command_line_export_is_safe_too(tmp_path):
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    data = str(tmp_path / "data")
    assert run("load", str(tmp_path / "hostile.txt"), "--data-dir", data).returncode == 0
    assert run("export", "--format", "raci", "-o", str(tmp_path / "raci.csv"), "--data-dir", data).returncode == 0
    raw = (tmp_path / "raci.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert not [c for c in cells(raw.decode("utf-8")) if c.startswith(FORMULA_STARTS)]
