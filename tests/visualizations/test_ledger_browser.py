"""The /ledger page in a real headless Chromium, as a supervision officer sees it: one table per
agency with coloured lights, the latest progress, links to each task, filters in the URL, no
script from document text running; printed to PDF on A4 landscape. Screenshot:
test-artifacts/ledger.png."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from api.http.app import create_app
from api.settings import ApiSettings
from graph.ledger.records import make_progress
from graph.stores.sqlite import SqliteStore
from tests.graph.test_ledger_rows import AS_OF, load_ledger_doc
from tests.served import ServedApp
from tests.visualizations.test_browser import ARTIFACTS

A4_LANDSCAPE = (842, 595)  # points


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = SqliteStore(tmp_path_factory.mktemp("ledger"))
    ids = load_ledger_doc(store)
    store.add_progress([make_progress(ids["3"], "推进中", "已召开专题会<img src=x onerror=alert(2)>", AS_OF, "督查室")])
    with ServedApp(create_app(ApiSettings(today=AS_OF), store)) as served:
        yield served.url


def open_ledger(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    seen: dict[str, list[str]] = {"errors": [], "dialogs": [], "foreign": []}
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: seen["foreign"].append(r.url) if not r.url.startswith((url.split("/ledger")[0],
                                                                                          "data:")) else None)
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200
    return page, seen


def test_ledger_page_as_a_user_sees_it(browser, site):
    page, seen = open_ledger(browser, site + "/ledger?by=agency")
    headings = page.locator("section.dg-table h2").all_inner_texts()
    assert len(headings) == 4 and any(h.startswith("浙江省科学技术厅") for h in headings)
    tables = page.locator("section.dg-table")
    first = tables.nth(next(i for i, h in enumerate(headings) if h.startswith("浙江省科学技术厅"))).locator("tbody tr").first
    assert first.locator("td").nth(2).inner_text() == "完善科技金融服务机制"
    colour = first.locator("i.light").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(214, 39, 40)"  # red: due 31 March, nothing reported by 20 June
    finance = tables.nth(next(i for i, h in enumerate(headings) if h.startswith("浙江省财政厅"))).locator("tbody tr").nth(1)
    assert finance.locator("td.status").inner_text() == "推进中"
    assert "已召开专题会<img src=x onerror=alert(2)>" in finance.inner_text()  # shown as text, never run
    assert "<script>alert(1)</script>" in page.inner_text("body")
    assert "1 项任务的完成时限没有年份" in page.inner_text("#dg-year-unknown")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ledger.png"), full_page=True)
    assert seen == {"errors": [], "dialogs": [], "foreign": []}
    page.close()
    assert (ARTIFACTS / "ledger.png").stat().st_size > 20_000


def test_filters_live_in_the_url(browser, site):
    page, _ = open_ledger(browser, site + "/ledger")
    page.select_option("select[name=light]", "red")
    page.fill("input[name=agency]", "省科技厅")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert "light=red" in page.url and f"agency={quote('省科技厅')}" in page.url
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and rows.first.get_attribute("data-light") == "red"
    page.locator("tbody tr a").first.click()
    page.wait_for_load_state("load")
    assert "/viz/task/" in page.url  # each row links to its task's page
    page.close()


def test_prints_on_a4_landscape_without_cutting_rows(browser, site):
    page, _ = open_ledger(browser, site + "/ledger?by=agency")
    page.emulate_media(media="print")
    assert page.locator("form.dg-form").is_hidden()
    assert page.locator("tbody tr").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    assert page.locator("thead").first.evaluate("e => getComputedStyle(e).display") == "table-header-group"
    pdf = page.pdf(format="A4", landscape=True, prefer_css_page_size=True)
    page.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "ledger.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_LANDSCAPE
    assert "完善科技金融服务机制" in "".join(p.extract_text() for p in reader.pages)
