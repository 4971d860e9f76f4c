"""What every HTML page shares: one Jinja environment (autoescaped: document text is untrusted),
the font stack, the breadcrumb back to `/`, and the URL of each node's own page."""

from __future__ import annotations

import json
from functools import cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from graph.safe_output import xml_safe

# Chinese first, in the order a Debian machine (fonts-wqy-microhei, fonts-noto-cjk), Windows and
# macOS have them; without one of the first two, headless Chromium draws Chinese as boxes.
FONT_STACK = ("'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', "
              "'Source Han Sans SC', sans-serif")
# Pages carry everything inline: nothing may be fetched from anywhere, even by injected markup.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                           "img-src data: 'self'; font-src data:; connect-src 'none'; form-action 'self'; "
                           "frame-ancestors 'self'")
HOME = ("首页 Home", "/")
VIEWS = ("视图 Views", "/viz")
Crumbs = list[tuple[str, str | None]]  # (text, url); the last, the page itself, has no url

# label → the route prefix of a node's own page (ids are quoted whole: they hold ':' and '/')
_PAGE_OF_LABEL = {"Agency": "/viz/agency/", "AgencyGroup": "/viz/agency/", "Task": "/viz/task/",
                  "Document": "/viz/document/", "Problem": "/viz/problem/", "Region": "/viz/region/",
                  "Platform": "/viz/platform/", "PolicyDocument": "/viz/policy/", "Person": "/viz/leader/",
                  "Leader": "/viz/leader/"}
LEADER_LABELS = ("Person", "Leader")  # the leaders' pages (issue 11) are /viz/leader/{name}


def node_url(node_id: str, label: str, name: str | None = None) -> str | None:
    """Return the URL of a node's own page, or None for a label without one (a leader's page is
    found by the leader's name)."""
    prefix = _PAGE_OF_LABEL.get(label)
    if prefix is None:
        return None
    return prefix + quote((name or node_id) if label in LEADER_LABELS else node_id, safe="")


def crumbs(*trail: tuple[str, str | None]) -> Crumbs:
    """Return the breadcrumb of a page: home, then `trail` (its last item is the page itself)."""
    return [HOME, *trail]


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("visualizations", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["font_stack"] = Markup(FONT_STACK)  # our constant, written into <style> as it is
    env.filters["script_json"] = script_json
    return env


def render(template: str, **context: Any) -> str:
    """Return a page from `template`, with no control character left in it."""
    return xml_safe(environment().get_template(template).render(**context))


def script_json(value: Any) -> Markup:
    """Return `value` as JSON that is safe inside a <script>: no '<', '>' or '&' survives literally,
    so document text can neither close the script nor open a comment."""
    text = json.dumps(value, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
