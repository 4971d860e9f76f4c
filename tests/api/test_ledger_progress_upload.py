"""Bulk progress over real HTTP: `POST /progress` with a csv or xlsx sheet records every row or
none, with a verdict per row; the ledger's own workbook reads back; junk, unknown tasks, wrong
statuses and missing tokens change nothing."""

from __future__ import annotations

import io

import httpx
import pytest
from openpyxl import Workbook, load_workbook

from api.http.app import create_app
from api.settings import ApiSettings
from tests.graph.test_ledger_rows import AS_OF, LEDGER_DOC, load_ledger_doc
from tests.served import ServedApp

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TITLE = LEDGER_DOC.splitlines()[0]


@pytest.fixture
def served(store):
    ids = load_ledger_doc(store)
    with ServedApp(create_app(ApiSettings(token=TOKEN, today=AS_OF, max_upload_bytes=64 * 1024), store)) as app, \
            httpx.Client(base_url=app.url, timeout=30) as client:
        yield client, ids, store


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def send(http, name: str, data: bytes, headers=AUTH, **form):
    return http.post("/progress", files={"file": (name, data)}, data={"by": "督查室", **form}, headers=headers)


def history(store, ids) -> dict[str, list[str]]:
    return {n: [p.status for p in store.progress_history(i)] for n, i in ids.items()}


def test_csv_by_task_id_is_recorded(served):
    http, ids, store = served
    response = send(http, "p.csv", csv_bytes("任务编号,状态,进展情况,报告日期", f"{ids['1']},已完成,办法已印发,2021-06-01",
                                              f"{ids['2']},推进中,已完成初稿,2021/6/18"))
    body = response.json()
    assert response.status_code == 200 and body["recorded"] == 2 and body["errors"] == 0, body
    assert [r["outcome"] for r in body["rows"]] == ["matched", "matched"]
    assert history(store, ids)["1"] == ["已完成"]
    assert store.progress_history(ids["2"])[0].reported.isoformat() == "2021-06-18"
    assert store.progress_history(ids["2"])[0].by == "督查室"
    rows = http.get("/ledger.json", params={"by": "none"}).json()["tables"][0]["rows"]
    assert {r["number"]: r["light"] for r in rows}["1"] == "green"


def test_xlsx_by_number_and_document_title(served):
    http, ids, store = served
    data = xlsx_bytes([["全省督办任务进展表"], ["序号", "来源文件", "状态", "进展情况", "报告人"],
                       [3, TITLE, "推进中", "已召开专题会", "省财政厅"]])
    body = send(http, "p.xlsx", data).json()
    assert body["ok"] and body["recorded"] == 1 and body["rows"][0]["row"] == 3, body
    assert store.progress_history(ids["3"])[0].by == "省财政厅"


def test_junk_rows_are_named_and_nothing_is_recorded(served):
    http, ids, store = served
    response = send(http, "p.csv", csv_bytes("任务编号,状态,进展情况", f"{ids['1']},已完成,好", "填报说明:请按时填写,,",
                                              f"{ids['2']},推进中,好"))
    body = response.json()
    assert response.status_code == 400 and body["ok"] is False and "nothing was recorded" in body["error"]
    verdicts = {r["row"]: (r["outcome"], r["problem"]) for r in body["rows"]}
    assert verdicts[2][0] == "matched" and verdicts[4][0] == "matched"
    assert verdicts[3] == ("error", "no task with id '填报说明:请按时填写'")
    assert all(h == [] for h in history(store, ids).values())


@pytest.mark.parametrize("line, problem", [
    ("{id},完成了,好", "status '完成了' is not one of 未开始, 推进中, 已完成, 已销号"),
    ("nope-t9,推进中,好", "no task with id 'nope-t9'"),
    ("{id},,只有说明", "no 状态"),
])
def test_bad_rows_change_nothing(served, line, problem):
    http, ids, store = served
    response = send(http, "p.csv", csv_bytes("任务编号,状态,进展情况", f"{ids['2']},推进中,好", line.format(id=ids["1"])))
    body = response.json()
    assert response.status_code == 400 and problem in body["rows"][1]["problem"], body
    assert all(h == [] for h in history(store, ids).values())


def test_a_row_naming_no_task_is_junk(served):
    http, ids, store = served
    body = send(http, "p.csv", csv_bytes("序号,状态,进展情况", "1,推进中,好", ",推进中,没有序号")).json()
    assert body["rows"][1]["problem"] == "no 任务编号 or 序号: which task is this row about?"
    assert history(store, ids)["1"] == []


def test_a_sheet_without_a_header_is_refused(served):
    http, ids, store = served
    body = send(http, "p.csv", csv_bytes("a,b,c", "1,2,3")).json()
    assert body["status"] == 400 and "no header row" in body["rows"][0]["problem"]


def test_number_in_several_documents_needs_the_document(served):
    http, ids, store = served
    from graph.service import load_parsed
    from loaders import parse_text

    load_parsed(store, parse_text(LEDGER_DOC.replace("督办示范方案", "另一方案"), source="other.txt"))
    body = send(http, "p.csv", csv_bytes("序号,状态,进展情况", "1,推进中,好")).json()
    assert body["status"] == 400 and "add a 来源文件" in body["rows"][0]["problem"]


def test_the_exported_ledger_reads_back(served):
    http, ids, store = served
    book = load_workbook(io.BytesIO(http.get("/ledger.xlsx", params={"by": "agency"}).content))
    sheet = book["浙江省财政厅"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("状态") + 1, value="已完成")
    sheet.cell(row=2, column=header.index("进展情况") + 1, value="已印发")
    buffer = io.BytesIO()
    book.save(buffer)
    body = send(http, "ledger.xlsx", buffer.getvalue()).json()
    matched = [r for r in body["rows"] if r["outcome"] == "matched"]
    assert body["ok"] and body["recorded"] == 1 and matched[0]["task_id"] == ids["1"], body
    assert {r["outcome"] for r in body["rows"]} == {"matched", "skipped"}  # the untouched rows change nothing
    assert history(store, ids)["1"] == ["已完成"] and history(store, ids)["3"] == []


def test_the_exported_csv_reads_back(served):
    http, ids, store = served
    text = http.get("/ledger.csv").content.decode("utf-8-sig")
    lines = text.splitlines()
    lines[1] = lines[1].replace(",未开始,", ",推进中,")  # the first task, now under way
    body = send(http, "ledger.csv", ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")).json()
    assert body["ok"] and body["recorded"] == 1 and [r["outcome"] for r in body["rows"]].count("skipped") == 4
    assert history(store, ids)["1"] == ["推进中"]


def test_a_task_reported_differently_on_two_sheets_is_an_error(served):
    http, ids, store = served
    book = Workbook()
    book.active.title = "省科技厅"
    book.active.append(["任务编号", "状态", "进展情况"])
    book.active.append([ids["1"], "推进中", "已起草"])
    other = book.create_sheet("省财政厅")
    other.append(["任务编号", "状态", "进展情况"])
    other.append([ids["1"], "已完成", "已印发"])
    buffer = io.BytesIO()
    book.save(buffer)
    body = send(http, "two.xlsx", buffer.getvalue()).json()
    assert body["status"] == 400 and "reported differently in 省科技厅!2" in body["error"]
    assert history(store, ids)["1"] == []


def test_the_quote_before_formula_text_comes_off(served):
    http, ids, store = served
    body = send(http, "p.csv", csv_bytes("任务编号,状态,进展情况", f"{ids['1']},推进中,'-完成3项")).json()
    assert body["ok"] and store.progress_history(ids["1"])[0].note == "-完成3项"


def test_dry_run_records_nothing(served):
    http, ids, store = served
    body = send(http, "p.csv", csv_bytes("任务编号,状态", f"{ids['1']},已完成"), dry_run="true").json()
    assert body["ok"] and body["recorded"] == 0 and body["rows"][0]["outcome"] == "matched"
    assert history(store, ids)["1"] == []


@pytest.mark.parametrize("headers, status", [({}, 401), ({"Authorization": "Bearer wrong"}, 401)])
def test_uploads_need_the_token(served, headers, status):
    http, ids, store = served
    response = send(http, "p.csv", csv_bytes("任务编号,状态", f"{ids['1']},已完成"), headers=headers)
    assert response.status_code == status and response.json()["ok"] is False
    assert history(store, ids)["1"] == []


def test_not_a_sheet_and_too_large(served):
    http, ids, store = served
    assert send(http, "p.docx", b"PK\x03\x04").status_code == 415
    big = csv_bytes("任务编号,状态,进展情况", *[f"{ids['1']},推进中,{'很长的说明' * 20}"] * 200)
    response = send(http, "p.csv", big)
    assert response.status_code == 413 and "DUTYGRAPH_MAX_UPLOAD" in response.json()["error"]
    assert send(http, "p.xlsx", b"not a workbook").status_code == 400
