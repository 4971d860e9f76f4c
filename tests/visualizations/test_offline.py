"""Every page works on an isolated network: in headless Chromium, any request leaving the server
is aborted and fails the test — for `/`, each graph page, an error page, `/docs` and `/redoc`.
Screenshots land in test-artifacts/offline-*.png."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.visualizations.test_browser import ARTIFACTS, site  # noqa: F401 (a fixture)

PAGES = [
    ("/", "#dg-documents", "home"), ("/viz", "#dg-view-list", "views"),
    ("/search?q=" + quote("财政"), "#dg-task-hits", "search"),
    ("/viz/coordination", "#mynetwork canvas", "coordination"), ("/viz/graph", "#mynetwork canvas", "graph"),
    ("/viz/agency/" + quote("省科技厅"), "#mynetwork canvas", "agency"),
    ("/viz/region/" + quote("杭州"), "#mynetwork canvas", "region"),
    ("/viz/agency/" + quote("省财政听听"), "#dg-choices", "error"),
    ("/docs", ".swagger-ui .info .title", "docs"), ("/redoc", "h1", "redoc"),
]


def visit_offline(browser, origin: str, path: str, ready: str, shot: str) -> dict:
    """Open `path` with every request outside `origin` aborted; return what the page did."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    seen: dict = {"outside": [], "errors": [], "failed": [], "blocked": []}

    def guard(route):
        if route.request.url.startswith((origin + "/", "data:", "blob:")):
            route.continue_()
        else:
            seen["outside"].append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    # a request the page's CSP stops never reaches the route guard: the browser reports it here
    page.on("console", lambda m: seen["blocked"].append(m.text) if "Content Security Policy" in m.text else None)
    page.on("requestfailed", lambda r: seen["failed"].append(r.url))
    response = page.goto(origin + path, wait_until="load")
    seen["status"] = response.status if response else None
    page.wait_for_selector(ready, timeout=20000)
    page.wait_for_timeout(300)
    seen["text"] = page.inner_text(ready) if "canvas" not in ready else ""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"offline-{shot}.png"))
    page.close()
    return seen


@pytest.mark.parametrize("path, ready, shot", PAGES, ids=[p[2] for p in PAGES])
def test_pages_ask_nothing_outside_the_server(browser, site, path, ready, shot):  # noqa: F811
    seen = visit_offline(browser, site[0], path, ready, shot)
    assert seen["outside"] == [] and seen["errors"] == [], seen
    refused = [url for url in seen["failed"] if any(url in b for b in seen["blocked"])]
    assert seen["failed"] == refused, seen  # nothing failed but what the CSP refused to send
    assert seen["status"] == (404 if shot == "error" else 200)
    if shot in ("docs", "redoc"):
        assert "dutygraph" in seen["text"]
    if shot == "redoc":  # ReDoc's logo from its maker's CDN: refused by the page's CSP, not fetched
        assert all("cdn.redoc.ly" in b for b in seen["blocked"]), seen["blocked"]
    else:
        assert seen["blocked"] == []
