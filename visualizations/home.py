"""The front door: what is loaded, who carries the load, where to go next (`/` and `/viz`), and
one search box over agencies, tasks and /ask questions. Each builder returns plain data — the JSON
twin — and a render function turns it into the page."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from graph import ask, queries
from graph.errors import Ambiguous, NotFound
from graph.store import GraphStore, TaskFilter
from visualizations.chrome import VIEWS, crumbs, node_url, render

TOP_AGENCIES = 25  # agencies listed on the home page, busiest first (the rest: /agencies)
HOME_DOCUMENTS = 100
SEARCH_TASKS = 30

# (path, title, what it shows) — the views /viz lists and the home page links to
VIEW_LIST: tuple[tuple[str, str, str], ...] = (
    ("/viz/coordination", "Coordination network 协同网络",
     "agencies linked by the tasks they share; size = load, colour = community, hubs named"),
    ("/viz/graph", "Whole graph 全图", "every node, aggregated to agencies, problems and documents when large"),
    ("/viz/charts/load.svg", "Load chart 负荷图", "lead vs co-responsible tasks per agency"),
    ("/viz/charts/heatmap.svg", "Deadline heatmap 到期热力图", "agency × deadline month"),
    ("/viz/agency/{name}", "An agency 单位", "its tasks on a ring, then the agencies it shares them with"),
    ("/viz/document/{id}", "A document 文件", "its problems, tasks, agencies, regions and platforms"),
    ("/viz/task/{id}", "A task 任务", "who leads, who helps, its problem and document"),
    ("/viz/lineage/{task id}", "A task's lineage 上下级任务", "its parent tasks, its children by jurisdiction coloured "
     "by relation (照抄 细化 拆分 …), its versions"),
    ("/viz/coverage/{document id}", "A plan's coverage 分解情况", "its tasks × the places whose plans carry them "
     "out, 未分解 in red"),
    ("/viz/problem/{id} · /viz/region/{name} · /viz/platform/{name} · /viz/policy/{id}",
     "Problems, regions, platforms, policies 问题·地区·平台·政策", "the tasks that address or concern each"),
    ("/docs", "API docs 接口文档", "every endpoint, with Chinese and English examples (also /redoc)"),
)


def home_data(store: GraphStore, today: date, leaders_url: str | None = None) -> dict[str, Any]:
    """Return the home page's facts: loaded documents, agencies by load, links to the views."""
    docs = store.node_page("Document", HOME_DOCUMENTS, 0)
    ranked = queries.agency_summaries(store, today, sort="load", limit=TOP_AGENCIES)
    return {
        "documents_total": docs.total,
        "documents": [_document(n.id, n.props) for n in docs.nodes],
        "agencies_total": ranked.total,
        "agencies": [{"id": r.node.id, "name": r.node.props.get("name"), "kind": r.node.label,
                      "tasks": r.tasks, "lead": r.lead, "co": r.co, "due_soon": r.due_soon, "overdue": r.overdue,
                      "url": node_url(r.node.id, r.node.label)} for r in ranked.rows],
        "leaders_url": leaders_url,
        "views": [{"path": path, "title": title, "about": about} for path, title, about in VIEW_LIST],
        "ask_examples": ask.examples(),
    }


def _document(doc_id: str, props: dict[str, Any]) -> dict[str, Any]:
    return {"id": doc_id, "title": props.get("title"), "issuer": props.get("issuer"), "year": props.get("year"),
            "tasks": props.get("tasks"), "warnings": list(props.get("warnings") or []), "source": props.get("source"),
            "url": node_url(doc_id, "Document")}


def render_home(data: dict[str, Any]) -> str:
    return render("home.html", title="dutygraph", crumbs=[("首页 Home", None)], **data)


def render_views() -> str:
    views = [{"path": p, "title": t, "about": a, "link": "{" not in p} for p, t, a in VIEW_LIST]
    return render("views.html", title="Views 视图", crumbs=crumbs((VIEWS[0], None)), views=views)


def search_data(store: GraphStore, q: str) -> dict[str, Any]:
    """Return what `q` finds: the agencies it names (or close names), tasks whose text holds it,
    and whether /ask reads it as a question."""
    found = store.tasks(TaskFilter(q=q), SEARCH_TASKS, 0)
    reading = ask.read_question(q)
    return {"q": q, "agencies": _agencies_named(store, q), "tasks_total": found.total,
            "tasks": [{"id": t.id, "number": t.props.get("number"), "title": t.props.get("title"),
                       "document_title": t.document_title, "url": node_url(t.id, "Task")} for t in found.rows],
            "question": None if reading is None else {"intent": reading.intent,
                                                       "url": "/ask?" + urlencode({"q": q})}}


def _agencies_named(store: GraphStore, q: str) -> list[dict[str, Any]]:
    """Return the agencies `q` may mean: the one it resolves to, the candidates when ambiguous,
    or the close names when none matches (each marked with how it was found)."""
    try:
        node = queries.resolve_agency(store, q)
        return [{"name": node.props.get("name"), "match": "exact", "url": node_url(node.id, node.label)}]
    except Ambiguous as many:
        names, match = many.candidates, "candidate"
    except NotFound as none:
        names, match = none.suggestions, "close"
    return [{"name": n, "match": match, "url": "/viz/agency/" + quote(n, safe="")} for n in names]


def render_search(data: dict[str, Any]) -> str:
    return render("search.html", title=f"Search 搜索: {data['q']}", crumbs=crumbs((f"搜索 {data['q']}", None)),
                  **data)
