"""The HTML face of an API error, for people on page routes: what was asked, what went wrong,
the names it may have meant (as links to their pages), and the way home. The error itself is
made by api.http.errors, in the one shape; this only draws it."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from visualizations.chrome import crumbs, render

HEADINGS = {400: "Bad request 请求有误", 404: "Not found 未找到", 409: "Which one? 有多个匹配",
            503: "Store unavailable 数据库暂不可用"}


def render_error_page(body: dict[str, Any], asked: str, page_prefix: str | None, twin: str | None = None) -> str:
    """Return the page for error `body` ({"ok": false, "error", "status", ...}) on the request
    `asked`; names it suggests link under `page_prefix` (e.g. "/viz/agency/") when given."""
    status = int(body["status"])
    names = body.get("candidates") or body.get("suggestions") or []
    heading = "Did you mean 您要找的是不是" if body.get("suggestions") else "It may mean 可能是指"
    choices = [(str(n), page_prefix + quote(str(n), safe="") if page_prefix else None) for n in names]
    return render("error.html", title=f"{status} {HEADINGS.get(status, 'Error 出错了')}",
                  crumbs=crumbs((f"{status} {HEADINGS.get(status, 'Error 出错了')}", None)), status=status,
                  heading=HEADINGS.get(status, "Error 出错了"), asked=asked, error=body["error"], choices=choices,
                  choices_heading=heading, twin=twin)
