"""Uploads and folder loads take the office formats: a spreadsheet's tasks keep their cell, a .doc
is converted in the parser process, a bad workbook is the one error shape."""

from __future__ import annotations

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from tests.api.test_cli_graph import run
from tests.officemaker import converted, plan_docx, responsibility_list, xlsx_bytes
from tests.served import ServedApp

TOKEN = "office-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def http(store):
    with ServedApp(create_app(ApiSettings(token=TOKEN), store)) as served, \
            httpx.Client(base_url=served.url, timeout=60) as client:
        yield client


def test_an_uploaded_workbook_loads_every_sheet(http):
    response = http.post("/documents", files={"file": ("清单.xlsx", xlsx_bytes(responsibility_list()))}, headers=AUTH)
    body = response.json()
    assert response.status_code == 200 and body["tasks"] == 5, body
    assert body["document"]["title"] == "东湖县营商环境整改任务清单"
    assert http.get("/agencies/县行政审批局/tasks").json()["total"] == 3


def test_an_uploaded_doc_is_converted(http):
    data = converted(plan_docx(), ".docx", "doc:MS Word 97")
    body = http.post("/documents", files={"file": ("plan.doc", data)}, headers=AUTH).json()
    assert body["ok"] and body["tasks"] == 2, body


def test_a_locked_workbook_is_the_one_error_shape(http):
    response = http.post("/documents", files={"file": ("locked.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))},
                         headers=AUTH)
    body = response.json()
    assert response.status_code == 400 and body["ok"] is False and body["error"].startswith("locked.xls: ")


def test_a_folder_load_takes_spreadsheets_and_csv(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "list.xlsx").write_bytes(xlsx_bytes(responsibility_list()))
    (folder / "list.csv").write_bytes("序号,整改任务,牵头单位,配合单位\n1,建立台账,县发改局,县财政局\n".encode("gbk"))
    result = run("load", str(folder), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    listed = run("documents", "--data-dir", str(tmp_path / "data"))
    assert "list.xlsx" in listed.stdout and "list.csv" in listed.stdout
