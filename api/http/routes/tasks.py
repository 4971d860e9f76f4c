"""Tasks with filters and provenance, problems, regions, platforms, documents, /ask."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.http.answers import task_detail, tasks_page
from api.http.deps import Paging, Settings, Store, answer
from api.http.errors import ApiError
from api.shapes import coordination_json, node_json, rank_json, task_json
from graph import ask, queries
from graph.dates import LAST_YEAR
from graph.errors import NotFound

router = APIRouter()


@router.get("/tasks", tags=["tasks"], summary="Tasks, filtered (任务查询)")
def list_tasks(
    store: Store, page: Paging, settings: Settings,
    agency: Annotated[str | None, Query(description="省财政厅 / finance department")] = None,
    role: Annotated[Literal["lead", "co"] | None, Query()] = None,
    region: Annotated[str | None, Query(description="杭州 / 杭州市 / Hangzhou")] = None,
    platform: Annotated[str | None, Query(description="杭州高新区, 产业创新服务综合体")] = None,
    problem: Annotated[str | None, Query(description="problem id or its text")] = None,
    document: Annotated[str | None, Query(description="document id or title")] = None,
    due_before: Annotated[date | None, Query(description="deadline on or before YYYY-MM-DD")] = None,
    due_after: Annotated[date | None, Query(description="deadline on or after YYYY-MM-DD")] = None,
    overdue_as_of: Annotated[date | None, Query(description="YYYY-MM-DD")] = None,
    unowned: Annotated[bool | None, Query(description="true: tasks with no responsible unit")] = None,
    q: Annotated[str | None, Query(max_length=200, description="text the task contains")] = None,
    light: Annotated[Literal["red", "yellow", "green", "grey"] | None, Query(description="红/黄/绿/灰灯")] = None,
    as_of: Annotated[date | None, Query(description="lights as of YYYY-MM-DD (default today)")] = None,
) -> JSONResponse:
    if role is not None and agency is None:
        raise ApiError(400, "role needs agency: /tasks?agency=省财政厅&role=lead")
    where = queries.TaskFilter(
        agency=queries.resolve_agency(store, agency).id if agency else None, role=role,
        region=queries.find_node(store, "Region", region).id if region else None,
        platform=queries.find_node(store, "Platform", platform).id if platform else None,
        problem=queries.find_node(store, "Problem", problem).id if problem else None,
        document=queries.find_node(store, "Document", document).id if document else None,
        due=_window(due_before, due_after), overdue_as_of=overdue_as_of, unowned=unowned, q=q)
    # dates are compared with known years only; the tasks whose year is unknown are named apart
    dated = due_before is not None or due_after is not None or overdue_as_of is not None
    return answer(tasks_page(store, where, light, settings.light_settings(as_of), page.limit, page.offset, dated))


def _window(before: date | None, after: date | None) -> queries.DueWindow | None:
    if before is None and after is None:
        return None
    if before is not None and after is not None and after > before:
        raise ApiError(400, f"due_after {after} is later than due_before {before}")
    return queries.DueWindow(before or date(LAST_YEAR, 12, 31), after)


@router.get("/tasks/{task_id}", tags=["tasks"], summary="One task with provenance (任务详情与出处)")
def get_task(store: Store, settings: Settings, task_id: str,
             as_of: Annotated[date | None, Query(description="light as of YYYY-MM-DD (default today)")] = None,
             ) -> dict[str, Any]:
    row = store.task(task_id)
    if row is None:
        raise NotFound(f"no task with id {task_id!r}")
    return task_detail(store, row, settings.light_settings(as_of))


@router.get("/tasks/{task_id}/coordination", tags=["tasks"], summary="Who must work together on a task")
def get_task_coordination(store: Store, task_id: str) -> dict[str, Any]:
    return coordination_json(queries.task_coordination(store, task_id))


@router.get("/problems", tags=["problems"], summary="Problems the documents address (问题)")
def list_problems(store: Store, page: Paging) -> dict[str, Any]:
    found = store.node_page("Problem", page.limit, page.offset)
    return page.of(found.total, "problems", [node_json(n) for n in found.nodes])


@router.get("/problems/{problem_id}", tags=["problems"])
def get_problem(store: Store, page: Paging, problem_id: str) -> dict[str, Any]:
    node = queries.find_node(store, "Problem", problem_id)
    return {**node_json(node), **page.tasks(store, queries.filter_of(node))}


@router.get("/regions/{name}/tasks", tags=["regions"], summary="Tasks concerning a region (涉及某地区的任务)")
def region_tasks(store: Store, page: Paging, name: str) -> dict[str, Any]:
    node = queries.find_node(store, "Region", name)
    return {"region": node_json(node), **page.tasks(store, queries.filter_of(node))}


@router.get("/platforms", tags=["platforms"], summary="Platforms: high-tech zones, innovation complexes, labs")
def list_platforms(store: Store, page: Paging) -> dict[str, Any]:
    total, rows = store.platform_ranking(page.limit, page.offset)
    return page.of(total, "platforms", [{**node_json(n), "tasks": tasks} for n, tasks in rows])


@router.get("/platforms/{name}", tags=["platforms"])
def get_platform(store: Store, page: Paging, name: str) -> dict[str, Any]:
    node = queries.find_node(store, "Platform", name)
    return {**node_json(node), **page.tasks(store, queries.filter_of(node))}


@router.get("/documents", tags=["documents"], summary="Loaded documents (已载入的文件)")
def list_documents(store: Store, page: Paging) -> dict[str, Any]:
    found = store.node_page("Document", page.limit, page.offset)
    return page.of(found.total, "documents", [node_json(n) for n in found.nodes])


@router.get("/documents/{doc_id}", tags=["documents"])
def get_document(store: Store, page: Paging, doc_id: str) -> dict[str, Any]:
    node = store.node(doc_id)
    if node is None or node.label != "Document":
        raise NotFound(f"no document with id {doc_id!r}")
    problems = store.node_page("Problem", page.limit, page.offset, document=doc_id)
    return {**node_json(node), "problems_total": problems.total, "problems": [node_json(n) for n in problems.nodes],
            **page.tasks(store, queries.TaskFilter(document=doc_id))}


ASK_EXAMPLES = {f"example {i + 1}": {"summary": q, "value": q} for i, q in enumerate(ask.examples())}


@router.get("/ask", tags=["ask"], summary="Ask in Chinese or English (用中文或英文提问)")
def ask_question(store: Store, settings: Settings, page: Paging, q: Annotated[str, Query(
        min_length=1, max_length=200, description="财政厅参与了哪些任务 / which tasks involve the finance department",
        openapi_examples=ASK_EXAMPLES)],
                 as_of: Annotated[date | None, Query(description="the day asked as of, YYYY-MM-DD (default today): "
                                                                 "what is overdue, and the year a month means")] = None,
                 ) -> JSONResponse:
    reading = ask.read_question(q)
    if reading is None:
        raise ApiError(400, f"not understood: {q!r}. Questions this API reads look like the examples.",
                       understood=False, examples=ask.examples())
    result = ask.answer(store, reading, as_of or settings.current_date(), page.limit, page.offset)
    for part in [result, *result.get("groups", [])]:  # a name several units answer to: each answered apart
        if "tasks" in part:
            part.update(limit=page.limit, offset=page.offset, tasks=[task_json(t, full=False) for t in part["tasks"]])
    if "agencies" in result:
        result.update(limit=page.limit, offset=page.offset, agencies=[rank_json(r) for r in result["agencies"]])
    return answer({"ok": True, "question": q, "understood": True, **result})
