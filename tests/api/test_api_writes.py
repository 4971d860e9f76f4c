"""Writes through the API: token, upload limits, delete; ambiguity across provinces."""

from __future__ import annotations

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from tests.served import ServedApp

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ZJ = "浙江省人民政府办公厅关于印发某方案的通知\n一、任务\n1.强化资金保障。(责任单位:省财政厅、省教育厅;完成时限:2021年3月底前)\n"
HENAN = "河南省人民政府办公厅关于印发某方案的通知\n一、任务\n1.强化资金保障。(责任单位:省财政厅;完成时限:2021年3月底前)\n"


@pytest.fixture
def http(store):
    with ServedApp(create_app(ApiSettings(token=TOKEN, max_upload_bytes=4096), store)) as served, \
            httpx.Client(base_url=served.url, timeout=30) as client:
        yield client


def upload(http, name, text, headers=AUTH):
    return http.post("/documents", files={"file": (name, text.encode("gb18030"), "text/plain")}, headers=headers)


def test_upload_then_query_then_delete(http):
    response = upload(http, "zj.txt", ZJ)
    body = response.json()
    assert response.status_code == 200 and body["status"] == "loaded" and body["tasks"] == 1
    assert upload(http, "zj.txt", ZJ).json()["status"] == "unchanged"
    assert http.get("/agencies/省教育厅/tasks").json()["total"] == 1
    assert http.delete(f"/documents/{body['document']['id']}", headers=AUTH).json() == {
        "ok": True, "deleted": body["document"]["id"]}
    assert http.get("/agencies/省教育厅").status_code == 404


def test_upload_returns_parse_warnings(http):
    body = upload(http, "w.txt", "一、任务\n1.做好整改。(责任单位:县人社局)\n2.加强宣传,建立通报机制和").json()
    assert any("truncated" in w for w in body["warnings"])


def test_same_name_in_two_provinces_is_ambiguous(http):
    upload(http, "zj.txt", ZJ)
    upload(http, "henan.txt", HENAN)
    response = http.get("/agencies/省财政厅")
    assert response.status_code == 409
    assert response.json()["candidates"] == ["河南省财政厅", "浙江省财政厅"]


@pytest.mark.parametrize("headers, status", [({}, 401), ({"Authorization": "Bearer wrong"}, 401),
                                             ({"Authorization": "Basic dDBrZW4="}, 401)])
def test_writes_need_the_token(http, headers, status):
    assert upload(http, "zj.txt", ZJ, headers=headers).status_code == status
    assert http.delete("/documents/x", headers=headers).status_code == status
    assert http.get("/documents").json()["total"] == 0


def test_writes_refused_without_a_configured_token(store):
    with ServedApp(create_app(ApiSettings(token=None), store)) as served:
        response = httpx.post(f"{served.url}/documents", files={"file": ("a.txt", ZJ.encode())}, headers=AUTH)
    assert response.status_code == 403 and "DUTYGRAPH_TOKEN" in response.json()["error"]


def test_upload_over_the_limit_is_refused_before_parsing(http):
    response = upload(http, "big.txt", ZJ * 200)
    assert response.status_code == 413 and response.json()["ok"] is False
    assert http.get("/documents").json()["total"] == 0


@pytest.mark.parametrize("name, data, status", [("a.pptx", b"x", 415), ("a.xlsx", b"x", 400), ("empty.txt", b"", 400),
                                                ("junk.docx", b"PK\x03\x04junk", 400)])
def test_bad_uploads_are_4xx(http, name, data, status):
    response = http.post("/documents", files={"file": (name, data)}, headers=AUTH)
    assert response.status_code == status and name in response.json()["error"]


def test_delete_unknown_document(http):
    assert http.delete("/documents/nope", headers=AUTH).status_code == 404


@pytest.mark.parametrize("year", ["0000", "9999"])
def test_a_deadline_year_that_is_no_date_never_breaks_a_query(http, year):
    text = ZJ.replace("2021年3月底前", f"{year}年12月底前")
    assert upload(http, f"y{year}.txt", text).status_code == 200
    for path in ("/agencies", "/agencies?sort=overdue", "/tasks?overdue_as_of=2026-01-01", "/tasks?due_before=2021-12-31",
                 "/agencies/省财政厅/load", "/ask?q=逾期任务", "/viz/charts/heatmap.svg", "/viz/coordination.json"):
        response = http.get(path)
        assert response.status_code == 200, (path, response.text)
    # a year outside 1949–2100 is no date: the deadline stays as written text, in no month
    assert http.get("/agencies/省财政厅/load").json()["by_month"] == {"none": 1}
    assert http.get("/tasks?due_before=2021-12-31").json()["total"] == 0
