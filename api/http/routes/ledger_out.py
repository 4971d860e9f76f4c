"""The ledger's outputs: the /ledger page and its JSON twin, /ledger.xlsx and /ledger.csv. All four
take the same filters in the URL and show the same rows (graph.ledger.rows.build_ledger)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from api.http.deps import Settings, Store
from api.http.errors import ApiError
from api.http.pages import CSP, page_slot
from graph import dates, queries
from graph.ledger.leaders import resolve_leader
from graph.ledger.rows import Grouping, Ledger, LedgerQuery, build_ledger
from graph.ledger.terms import LIGHTS
from graph.ledger.xlsx import ledger_csv, ledger_xlsx
from graph.store import GraphStore
from visualizations.ledger import render_ledger

router = APIRouter(tags=["ledger"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class LedgerAsk:
    """A ledger as the URL asks for it: the query for the store, and the filters as given (the
    page's form shows them back; its download links carry them on)."""

    query: LedgerQuery
    filters: dict[str, str]


def ledger_ask(
    store: Store, settings: Settings,
    agency: Annotated[str | None, Query(description="省科技厅 / an agency id: only its tasks")] = None,
    role: Annotated[Literal["lead", "co"] | None, Query(description="with agency: lead = 牵头, co = 配合")] = None,
    leader: Annotated[str | None, Query(max_length=100, description="王伟 / a person id: their tasks")] = None,
    document: Annotated[str | None, Query(description="document id or title")] = None,
    light: Annotated[str | None, Query(description="only red, yellow, green or grey rows (empty: all)")] = None,
    by: Annotated[Literal["agency", "leader", "document", "none"] | None,
                  Query(description="one table (sheet) per agency, leader or document")] = None,
    as_of: Annotated[str | None, Query(description="lights as of this day (YYYY-MM-DD; empty: today)")] = None,
) -> LedgerAsk:
    # the page's form sends every field, empty ones as "": an empty light or date means "not given"
    light, day = _light(light or None), _day(as_of or None)
    if role is not None and not agency:
        raise ApiError(400, "role needs agency: /ledger?agency=省财政厅&role=lead")
    where = queries.TaskFilter(
        agency=queries.resolve_agency(store, agency).id if agency else None, role=role,
        document=queries.find_node(store, "Document", document).id if document else None,
        leader=resolve_leader(store, leader).id if leader and leader.strip() else None)
    query = LedgerQuery(where, day or settings.current_date(), settings.yellow_days, by or "agency", light)
    given = {"agency": agency, "role": role, "leader": leader, "document": document, "light": light, "by": by,
             "as_of": day.isoformat() if day else None}
    return LedgerAsk(query, {k: v for k, v in given.items() if v})


def _light(value: str | None) -> str | None:
    if value is not None and value not in LIGHTS:
        raise ApiError(400, f"light must be one of {', '.join(LIGHTS)}, not {value!r}")
    return value


def _day(value: str | None) -> date | None:
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        raise ApiError(400, f"as_of must be a day written YYYY-MM-DD, not {value!r}") from None
    if day is not None and not dates.FIRST_YEAR <= day.year <= dates.LAST_YEAR:  # every deadline lies in these years
        raise ApiError(400, f"as_of {value} is outside {dates.FIRST_YEAR}–{dates.LAST_YEAR}")
    return day


Ask = Annotated[LedgerAsk, Depends(ledger_ask)]


def _build(store: GraphStore, ask: LedgerAsk) -> Ledger:
    return build_ledger(store, ask.query)


@router.get("/ledger.json", summary="JSON twin of the ledger page (督办台账)")
def ledger_json(store: Store, ask: Ask) -> dict[str, Any]:
    return {"ok": True, "filters": ask.filters, **_build(store, ask).as_json()}


@router.get("/ledger", response_class=HTMLResponse, dependencies=[Depends(page_slot)],
            summary="The supervision ledger: one table per agency, leader or document (督办台账)")
async def ledger_page(store: Store, ask: Ask) -> HTMLResponse:
    ledger = await run_in_threadpool(_build, store, ask)
    return HTMLResponse(render_ledger(ledger, ask.filters), headers={"Content-Security-Policy": CSP})


@router.get("/ledger.xlsx", summary="The ledger as an Excel workbook (by=agency: one sheet per agency)",
            response_class=Response, responses={200: {"content": {XLSX: {}}}})
async def ledger_workbook(store: Store, ask: Ask) -> Response:
    by = ask.query.by if "by" in ask.filters else "none"  # one sheet unless sheets are asked for
    ledger = await run_in_threadpool(_build, store, LedgerAsk(_regrouped(ask.query, by), ask.filters))
    data = await run_in_threadpool(ledger_xlsx, ledger)
    return Response(data, media_type=XLSX, headers={"Content-Disposition": _attachment("督办台账.xlsx")})


@router.get("/ledger.csv", summary="The ledger's rows as CSV (UTF-8 with BOM, for Excel)", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
def ledger_table_csv(store: Store, ask: Ask) -> Response:
    text = ledger_csv(_build(store, ask))
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": _attachment("督办台账.csv")})


def _regrouped(query: LedgerQuery, by: Grouping) -> LedgerQuery:
    return replace(query, by=by)


def _attachment(name: str) -> str:
    """Return a Content-Disposition naming a Chinese file name the way every browser reads it (RFC 6266)."""
    return f"attachment; filename=\"ledger{name[name.rindex('.'):]}\"; filename*=UTF-8''{quote(name)}"
