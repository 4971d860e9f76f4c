"""The ledger over real HTTP: /ledger.json, /ledger.xlsx (read back with openpyxl), /ledger.csv,
the /ledger page's escaping, and filters in the URL."""

from __future__ import annotations

import io

import httpx
import pytest
from openpyxl import load_workbook

from api.http.app import create_app
from api.settings import ApiSettings
from graph.ledger.records import make_progress
from tests.graph.test_ledger_rows import AS_OF, load_ledger_doc
from tests.graph.test_ledger_xlsx import OFFICIAL
from tests.served import ServedApp

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def served(store):
    ids = load_ledger_doc(store)
    with ServedApp(create_app(ApiSettings(token=TOKEN, today=AS_OF), store)) as app, \
            httpx.Client(base_url=app.url, timeout=30) as client:
        yield client, ids, store


def test_ledger_json_counts_lights_and_names_year_unknown(served):
    http, ids, _ = served
    body = http.get("/ledger.json", params={"by": "none"}).json()
    assert body["ok"] and body["as_of"] == "2021-06-20" and body["total"] == 5
    assert body["lights"] == {"red": 1, "yellow": 1, "green": 1, "grey": 2}
    assert [t["title"] for t in body["year_unknown"]] == ["开展年度绩效评价"]


def test_ledger_json_filters_by_agency_light_and_date(served):
    http, _, _ = served
    body = http.get("/ledger.json", params={"agency": "省科技厅", "light": "red"}).json()
    assert [t["title"] for t in body["tables"]] == ["浙江省科学技术厅"]
    assert [r["number"] for r in body["tables"][0]["rows"]] == ["1"] and body["filters"]["light"] == "red"
    later = http.get("/ledger.json", params={"as_of": "2022-01-05", "by": "none"}).json()
    assert later["lights"] == {"red": 3, "yellow": 0, "green": 0, "grey": 2}


def test_progress_shows_in_the_ledger(served):
    http, ids, store = served
    store.add_progress([make_progress(ids["1"], "已完成", "办法已印发", AS_OF, "督查室")])
    rows = http.get("/ledger.json", params={"by": "none"}).json()["tables"][0]["rows"]
    first = next(r for r in rows if r["number"] == "1")
    assert (first["status"], first["note"], first["light"]) == ("已完成", "办法已印发", "green")


def test_ledger_xlsx_one_sheet_per_agency(served):
    http, _, _ = served
    response = http.get("/ledger.xlsx", params={"by": "agency"})
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert "浙江省科学技术厅" in book.sheetnames and len(book.sheetnames) == 4
    sheet = book["浙江省财政厅"]
    assert [c.value for c in sheet[1]][:9] == OFFICIAL and sheet.max_row == 3 and sheet.freeze_panes == "A2"


def test_ledger_xlsx_for_one_agency_is_one_sheet(served):
    http, _, _ = served
    book = load_workbook(io.BytesIO(http.get("/ledger.xlsx", params={"agency": "省财政厅"}).content))
    assert book.sheetnames == ["督办台账"]
    assert [r[1].value for r in book.active.iter_rows(min_row=2)] == ["完善科技金融服务机制",
                                                                      "建立<b>通报</b>机制<script>alert(1)</script>"]


def test_ledger_csv_has_a_bom(served):
    http, _, _ = served
    response = http.get("/ledger.csv", params={"leader": "王伟副省长"})
    assert response.content.startswith(b"\xef\xbb\xbf") and response.headers["content-type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").count("\n") == 3  # header and two tasks


def test_ledger_page_escapes_document_text(served):
    http, _, _ = served
    page = http.get("/ledger").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "@page{size:A4 landscape" in page and 'href="/viz/task/' in page


@pytest.mark.parametrize("params, status, word", [
    ({"light": "purple"}, 400, "light"), ({"by": "colour"}, 400, "by"), ({"as_of": "2021-13-01"}, 400, "as_of"),
    ({"as_of": "9999-12-31"}, 400, "as_of"), ({"role": "lead"}, 400, "role needs agency"),
    ({"agency": "不存在的单位"}, 404, "不存在的单位"), ({"document": "nope"}, 404, "nope")])
def test_bad_filters_are_clear_errors(served, params, status, word):
    http, _, _ = served
    for path in ("/ledger.json", "/ledger.xlsx", "/ledger"):
        response = http.get(path, params=params)
        body = response.json()
        assert response.status_code == status and body["ok"] is False and word in body["error"], body


def test_corrected_rows_say_so(served):
    http, ids, _ = served
    doc = ids["1"].split("-t")[0]
    response = http.patch(f"/tasks/{ids['1']}", headers=AUTH, json={
        "add": [{"agency": "省审计厅", "role": "co"}], "by": "督查室", "reason": "原文附件列明"})
    assert response.status_code == 200, response.text
    rows = http.get("/ledger.json", params={"by": "none", "document": doc}).json()["tables"][0]["rows"]
    assert [r["corrected"] for r in rows if r["number"] == "1"] == [["units"]]
    page = http.get("/ledger", params={"by": "none"}).text
    assert page.count('class="corrected"') == 1 and f'href="/tasks/{ids["1"]}/history"' in page
