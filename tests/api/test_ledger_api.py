"""The supervision ledger through real HTTP, on both stores: progress and lights, corrections
with provenance and history, the audit log, a document's year; writes need the token and bad
input changes nothing."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from tests.graph.test_ledger_contract import LEDGER_DOC
from tests.served import ServedApp

TOKEN = "ledger-t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TODAY = date(2021, 6, 20)


@pytest.fixture
def http(store):
    settings = ApiSettings(token=TOKEN, today=TODAY, yellow_days=15)
    with ServedApp(create_app(settings, store)) as served, httpx.Client(base_url=served.url, timeout=60) as client:
        yield client


def upload(http, text=LEDGER_DOC):
    response = http.post("/documents", files={"file": ("ledger.txt", text.encode(), "text/plain")}, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()["document"]["id"]


@pytest.fixture
def doc(http):
    return upload(http)


def tid(doc, n):
    return f"{doc}-t{'1' if n <= 2 else '2'}.{n}"


def numbers(body):
    return [t["number"] for t in body["tasks"]]


def test_progress_then_lights(http, doc):
    first = tid(doc, 1)
    posted = http.post(f"/tasks/{first}/progress", json={"status": "推进中", "note": "资金下达一半", "by": "张三",
                                                          "reported": "2021-06-01"}, headers=AUTH)
    assert posted.status_code == 200 and posted.json()["light"] == "red" and posted.json()["status"] == "推进中"
    http.post(f"/tasks/{first}/progress", json={"status": "已完成", "by": "张三"}, headers=AUTH)
    history = http.get(f"/tasks/{first}/progress").json()
    assert [p["status"] for p in history["history"]] == ["推进中", "已完成"]
    assert history["latest"]["reported"] == TODAY.isoformat() and history["light"] == "green"
    assert numbers(http.get("/tasks", params={"light": "yellow"}).json()) == [2]
    assert numbers(http.get("/tasks", params={"light": "red", "as_of": "2021-07-01"}).json()) == [2]
    red_finance = http.get("/tasks", params={"light": "red", "agency": "省财政厅", "as_of": "2021-07-01"}).json()
    assert numbers(red_finance) == [2] and red_finance["tasks"][0]["light"] == "red"
    lit = http.get("/lights").json()
    assert lit["counts"] == {"red": 0, "yellow": 1, "green": 1, "grey": 3} and lit["as_of"] == "2021-06-20"
    assert [t["deadline"] for t in lit["year_unknown"]["tasks"]] == ["9月底前"]
    finance = next(a for a in lit["agencies"] if a["name"] == "浙江省财政厅")
    assert (finance["green"], finance["yellow"], finance["grey"]) == (1, 1, 1)


def test_task_answers_carry_light_and_progress(http, doc):
    http.post(f"/tasks/{tid(doc, 2)}/progress", json={"status": "推进中", "note": "进展顺利", "by": "李四"}, headers=AUTH)
    body = http.get(f"/tasks/{tid(doc, 2)}").json()
    assert body["light"] == "yellow" and body["status"] == "推进中" and body["progress"]["note"] == "进展顺利"
    listed = http.get("/tasks").json()["tasks"]
    assert [t["status"] for t in listed] == [None, "推进中", None, None, None]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}])
def test_ledger_writes_need_the_token(http, doc, headers):
    first = tid(doc, 1)
    assert http.post(f"/tasks/{first}/progress", json={"status": "推进中", "by": "x"}, headers=headers).status_code == 401
    assert http.patch(f"/tasks/{first}", json={"by": "x", "reason": "y", "not_a_task": True},
                      headers=headers).status_code == 401
    assert http.patch(f"/documents/{doc}", json={"by": "x", "reason": "y", "year": 2021},
                      headers=headers).status_code == 401
    assert http.get("/audit").json()["total"] == 0 and http.get(f"/tasks/{first}").status_code == 200


def test_bad_progress_changes_nothing(http, doc):
    first = tid(doc, 1)
    wrong = http.post(f"/tasks/{first}/progress", json={"status": "done", "by": "x"}, headers=AUTH)
    assert wrong.status_code == 400 and "status 'done' is not one of 未开始" in wrong.json()["error"]
    assert wrong.json()["ok"] is False
    unknown = http.post("/tasks/nope/progress", json={"status": "推进中", "by": "x"}, headers=AUTH)
    assert unknown.status_code == 404 and "no task with id 'nope'" in unknown.json()["error"]
    junk = http.post(f"/tasks/{first}/progress", json={"status": "推进中", "by": "x", "extra": 1}, headers=AUTH)
    assert junk.status_code == 400
    assert http.get(f"/tasks/{first}/progress").json()["history"] == [] and http.get("/audit").json()["total"] == 0


def test_correction_with_provenance_history_and_audit(http, doc):
    first = tid(doc, 1)
    patched = http.patch(f"/tasks/{first}", json={"by": "督查室王五", "reason": "原文漏列审计厅",
                                                   "add": [{"agency": "省审计厅", "role": "co"}],
                                                   "deadline": "2021-04-30"}, headers=AUTH)
    assert patched.status_code == 200, patched.text
    task = http.get(f"/tasks/{first}").json()
    added = task["provenance"]["assignments"][2]
    assert (added["agency"], added["source"], added["by"], added["reason"]) == (
        "浙江省审计厅", "corrected", "督查室王五", "原文漏列审计厅")
    assert task["provenance"]["assignments"][0]["source"] == "parsed" and task["provenance"]["assignments"][0]["span"]
    assert task["provenance"]["deadline"]["source"] == "corrected" and task["deadline"]["month"] == 4
    history = http.get(f"/tasks/{first}/history").json()
    assert [c["kind"] for c in history["corrections"]] == ["add_assignment", "set_deadline"]
    audit = http.get("/audit", params={"by": "督查室王五", "document": doc}).json()
    assert audit["total"] == 2 and {a["action"] for a in audit["audit"]} == {"correction"}
    assert http.get("/audit", params={"by": "someone else"}).json()["total"] == 0


def test_bad_correction_changes_nothing(http, doc):
    first = tid(doc, 1)
    before = http.get(f"/tasks/{first}").json()
    bad = http.patch(f"/tasks/{first}", json={"by": "王五", "reason": "r", "add": [{"agency": "省统计局", "role": "co"}],
                                             "remove": ["省审计厅"]}, headers=AUTH)
    assert bad.status_code == 400 and "省审计厅 is not assigned" in bad.json()["error"]
    assert http.patch("/tasks/nope", json={"by": "王五", "reason": "r", "not_a_task": True},
                      headers=AUTH).status_code == 404
    assert http.patch(f"/tasks/{first}", json={"by": "王五", "reason": "r", "roles": [{"agency": "x", "role": "boss"}]},
                      headers=AUTH).status_code == 400
    assert http.get(f"/tasks/{first}").json() == before and http.get("/corrections").json()["total"] == 0


def test_not_a_task_then_orphaned_after_the_text_changes(http, doc):
    third, fifth = tid(doc, 3), tid(doc, 5)
    assert http.patch(f"/tasks/{third}", json={"by": "王五", "reason": "是口号", "not_a_task": True},
                      headers=AUTH).json()["task"] is None
    gone = http.get(f"/tasks/{third}")
    assert gone.status_code == 404 and "marked not a task by 王五" in http.patch(
        f"/tasks/{third}", json={"by": "a", "reason": "b", "not_a_task": True}, headers=AUTH).json()["error"]
    http.patch(f"/tasks/{fifth}", json={"by": "王五", "reason": "补时限", "deadline": "2021-12-31"}, headers=AUTH)
    upload(http, LEDGER_DOC.replace("5.完善考核办法。", "5.完善年度考核办法。"))
    orphaned = http.get("/corrections", params={"state": "orphaned"}).json()
    assert orphaned["total"] == 1 and orphaned["corrections"][0]["task_id"] == fifth
    assert http.get(f"/tasks/{third}").status_code == 404  # still not a task after the reload


def test_document_year_places_year_less_deadlines(http, doc):
    fourth = tid(doc, 4)
    before = http.get("/tasks", params={"due_before": "2021-09-30"}).json()
    assert numbers(before) == [1, 2] and [t["id"] for t in before["year_unknown"]["tasks"]] == [fourth]
    bad = http.patch(f"/documents/{doc}", json={"by": "王五", "reason": "落款", "year": 21}, headers=AUTH)
    assert bad.status_code == 400
    assert http.patch(f"/documents/{doc}", json={"by": "王五", "reason": "落款2021年", "year": 2021},
                      headers=AUTH).status_code == 200
    after = http.get("/tasks", params={"due_before": "2021-09-30"}).json()
    assert numbers(after) == [1, 2, 4] and after["year_unknown"]["total"] == 0
    assert http.get(f"/tasks/{fourth}").json()["provenance"]["year"]["by"] == "王五"
    assert http.patch("/documents/nope", json={"by": "a", "reason": "b", "year": 2021}, headers=AUTH).status_code == 404


def test_deleting_a_document_orphans_its_corrections(http, doc):
    http.patch(f"/tasks/{tid(doc, 1)}", json={"by": "王五", "reason": "r", "leaders": ["李明"]}, headers=AUTH)
    assert http.delete(f"/documents/{doc}", headers=AUTH).status_code == 200
    orphaned = http.get("/corrections", params={"state": "orphaned"}).json()["corrections"]
    assert len(orphaned) == 1 and "deleted" in orphaned[0]["state_reason"]
    upload(http)
    assert http.get("/corrections", params={"state": "orphaned"}).json()["total"] == 0


def test_leaders(http, doc):
    listed = http.get("/leaders").json()
    assert [(p["name"], p["title"], p["tasks"]) for p in listed["leaders"]] == [("王伟", "副省长", 2)]
    load = http.get("/leaders/王  伟").json()
    assert load["label"] == "Person" and load["lights"] == {"red": 1, "yellow": 1, "green": 0, "grey": 0}
    assert load["agencies"][0] == {"id": load["agencies"][0]["id"], "name": "浙江省财政厅", "lead": 1, "co": 1}
    red = http.get("/leaders/王伟/tasks", params={"light": "red"}).json()
    assert numbers(red) == [1] and red["total"] == 1
    assert http.get(f"/tasks/{tid(doc, 1)}").json()["leaders"] == ["王伟"]
    assert [(p["name"], p["tasks"]) for p in http.get("/agencies/省财政厅").json()["leaders"]] == [("王伟", 2)]
    assert http.get("/tasks").json()["tasks"][0]["leaders"] == ["王伟"]
    assert [e["name"] for e in http.get("/lights").json()["leaders"]] == ["王伟"]
    missing = http.get("/leaders/省财政厅")
    assert missing.status_code == 404 and missing.json()["ok"] is False  # a unit is not a person


def test_ask_with_a_year_names_year_less_deadlines(http, doc):
    body = http.get("/ask", params={"q": "2021年9月底前到期的任务"}).json()
    assert body["reading"]["period"] == {"month": 9, "year": 2021, "up_to": True}, body
    assert numbers(body) == [1, 2] and [t["id"] for t in body["year_unknown"]["tasks"]] == [tid(doc, 4)]
    overdue = http.get("/ask", params={"q": "逾期任务"}).json()
    assert numbers(overdue) == [1] and overdue["year_unknown"]["total"] == 1
