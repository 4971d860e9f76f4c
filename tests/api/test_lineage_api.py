"""Lineage through real HTTP (issue 23): the shipped samples uploaded, then a task's lineage, a
parent plan's coverage, a version diff, one unit's overlaps, and a link made by hand (with the
token; without it, refused and nothing changes)."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from tests.graph.test_lineage_contract import HANGZHOU, NINGBO, PARENT, REVISED, SAMPLES
from tests.served import ServedApp

TOKEN = "lineage-t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def http(store):
    with ServedApp(create_app(ApiSettings(token=TOKEN), store)) as served, \
            httpx.Client(base_url=served.url, timeout=60) as client:
        for path in sorted(SAMPLES.iterdir()):
            sent = client.post("/documents", files={"file": (path.name, path.read_bytes(), "text/plain")}, headers=AUTH)
            assert sent.status_code == 200, sent.text
        yield client


def test_a_tasks_lineage_and_a_plans_coverage(http):
    lineage = http.get(f"/tasks/{PARENT}-t2.3/lineage").json()
    assert [(c["id"], c["relation"]) for c in lineage["children"]] == [(f"{HANGZHOU}-t2.2", "拆分"),
                                                                       (f"{HANGZHOU}-t2.3", "拆分")]
    assert lineage["children"][0]["evidence"][0]["source_text"]
    assert lineage["versions"]["later"] == []  # removed in the 2024 revision
    cover = http.get(f"/documents/{PARENT}/coverage").json()
    assert cover["counts"][NINGBO]["undecomposed"] == [f"{PARENT}-t2.3", f"{PARENT}-t2.5"]
    assert "温州市" in cover["missing_jurisdictions"]


def test_a_version_diff_and_overlaps(http):
    diff = http.get(f"/documents/{PARENT}/diff", params={"to": REVISED}).json()
    assert [t["id"] for t in diff["added"]] == [f"{REVISED}-t2.5"]
    overlaps = http.get(f"/agencies/{quote('杭州市大数据发展管理局')}/overlaps").json()
    assert len(overlaps["overlaps"]) == 1 and overlaps["overlaps"][0]["score"] > 0.9


def test_linking_by_hand_needs_the_token(http):
    body = {"to": NINGBO, "action": "unlink", "by": "督查室", "reason": "宁波另行分解"}
    refused = http.post(f"/documents/{PARENT}/links", json=body)
    assert refused.status_code == 401 and refused.json()["ok"] is False
    assert NINGBO in [link["target"] for link in http.get(f"/documents/{PARENT}/links").json()["links"]]
    done = http.post(f"/documents/{PARENT}/links", json=body, headers=AUTH)
    assert done.status_code == 200 and NINGBO not in [link["target"] for link in done.json()["links"]]


def test_unknown_ids_are_404_in_the_error_shape(http):
    for url in ("/tasks/nope/lineage", "/documents/nope/coverage", f"/documents/{PARENT}/diff?to=nope"):
        answer = http.get(url)
        assert answer.status_code == 404 and answer.json()["ok"] is False, url
