"""The lineage and coverage pages (issue 23): each renders its JSON twin, document text is escaped,
and in a real headless Chromium the children stand by jurisdiction, coloured by relation, and the
未分解 cells of the coverage table are red. Screenshots: test-artifacts/lineage.png, coverage.png."""

from __future__ import annotations

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_text
from tests.graph.test_lineage_contract import HANGZHOU, NINGBO, PARENT, SAMPLES, load
from tests.served import ServedApp
from tests.visualizations.test_browser import ARTIFACTS
from visualizations.lineage import RELATION_COLOURS


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = SqliteStore(tmp_path_factory.mktemp("lineage"))
    load(store, "zhejiang-zhengwu-2023.txt", "hangzhou-zhengwu-2023.txt")
    ningbo = (SAMPLES / "ningbo-zhengwu-2023.txt").read_text(encoding="utf-8")
    hostile = ningbo.replace("(四)扩大电子证照共享应用", "(四)扩大电子证照<script>alert(1)</script>共享应用")
    load_parsed(store, parse_text(hostile, source="ningbo-zhengwu-2023.txt"))
    with ServedApp(create_app(ApiSettings(), store)) as served:
        yield served.url
    store.close()


def test_each_page_is_its_json_twin_with_text_escaped(site):
    with httpx.Client(base_url=site, timeout=60) as http:
        page = http.get(f"/viz/lineage/{PARENT}-t2.4")
        twin = http.get(f"/viz/lineage/{PARENT}-t2.4.json").json()
        assert page.status_code == 200 and "default-src 'none'" in page.headers["content-security-policy"]
        assert {c["id"] for c in twin["children"]} == {f"{HANGZHOU}-t2.4", f"{NINGBO}-t1.4"}
        assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        cover = http.get(f"/viz/coverage/{PARENT}")
        assert cover.status_code == 200 and cover.text.count('data-status="未分解"') == sum(
            len(c["undecomposed"]) for c in http.get(f"/viz/coverage/{PARENT}.json").json()["counts"].values())
        assert http.get("/viz/lineage/nope").status_code == 404


def test_lineage_and_coverage_pages_as_a_user_sees_them(browser, site):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(d.message), d.dismiss()))
    assert page.goto(f"{site}/viz/lineage/{PARENT}-t2.3").status == 200
    places = page.locator(".dg-place").evaluate_all("els => els.map(e => e.dataset.place)")
    assert places == ["杭州市"]
    boxes = page.locator('.dg-place .dg-box[data-relation="拆分"]')
    assert boxes.count() == 2
    assert boxes.first.evaluate("e => getComputedStyle(e).borderTopColor") == "rgb(255, 127, 14)"  # 拆分's orange
    page.screenshot(path=str(ARTIFACTS / "lineage.png"), full_page=True)
    assert page.goto(f"{site}/viz/coverage/{PARENT}").status == 200
    red = page.locator('td[data-status="未分解"]').first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert red == "rgb(253, 232, 232)" and RELATION_COLOURS["未分解"] == "#d62728"
    assert "扩大电子证照<script>alert(1)</script>共享应用" in page.inner_text("body")  # shown, never run
    page.screenshot(path=str(ARTIFACTS / "coverage.png"), full_page=True)
    assert errors == []
    page.close()
