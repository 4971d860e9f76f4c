"""The /ledger page: the supervision ledger (督办台账) as HTML tables, one per agency, leader or
document, with each row's light, status, latest progress note, deadline and units, and a link to
the task's page. The filters are a plain GET form, so every view is a URL; no script runs.

It prints on A4 landscape: the header row repeats on each page and a row is never cut in two.
All document text is escaped (and loses the characters HTML cannot carry)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import quote, urlencode

from graph.ledger.rows import GROUPINGS, LIGHT_NAMES, Ledger, LedgerRow, LedgerTable
from graph.ledger.terms import LIGHTS
from graph.safe_output import xml_safe

LIGHT_COLOURS = {"red": "#d62728", "yellow": "#f2b700", "green": "#2ca02c", "grey": "#9a9a9a"}
CORRECTED_NAMES = {"units": "责任单位", "deadline": "完成时限", "leaders": "责任领导", "year": "年份", "task": "任务"}
GROUP_NAMES = {"agency": "按单位", "leader": "按责任领导", "document": "按来源文件", "none": "不分组"}
_HEAD = ("灯", "序号", "重点任务", "牵头单位", "配合单位", "责任领导", "完成时限", "状态", "进展情况", "来源文件",
         "上级任务")
_WIDTHS = (3, 4, 19, 10, 10, 7, 8, 5, 13, 11, 10)  # percent: every agency's table lines up with the others

STYLE = """
body{font-family:"WenQuanYi Zen Hei","Noto Sans CJK SC",sans-serif;margin:12px 16px;color:#222}
h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:18px 0 6px}
.dg-summary span{margin-right:14px}.dg-form{margin:8px 0;font-size:13px}.dg-form label{margin-right:10px}
table{border-collapse:collapse;width:100%;font-size:12px;margin-bottom:8px;table-layout:fixed}
td{overflow-wrap:anywhere}
th,td{border:1px solid #999;padding:3px 5px;vertical-align:top;text-align:left}
th{background:#eee}{widths}thead{display:table-header-group}
tr{break-inside:avoid;page-break-inside:avoid}
.light{display:inline-block;width:12px;height:12px;border-radius:6px;vertical-align:middle}
td.num{text-align:right;white-space:nowrap}td.due{white-space:nowrap}
a.corrected{font-size:11px;color:#8a4b00;border:1px solid #d9a441;border-radius:3px;padding:0 3px;text-decoration:none}
.year-unknown{font-size:13px;background:#f6f6f6;padding:4px 8px;margin:6px 0}
@page{size:A4 landscape;margin:10mm}
@media print{.dg-form,.dg-links{display:none}body{margin:0}a{color:inherit;text-decoration:none}
h2{break-after:avoid;page-break-after:avoid}}
""".replace("{widths}", "".join(f"th:nth-child({i}){{width:{w}%}}" for i, w in enumerate(_WIDTHS, start=1)))


def render_ledger(ledger: Ledger, filters: Mapping[str, str], title: str = "督办台账") -> str:
    """Return the ledger page; `filters` are the query values it was asked with (shown in the form)."""
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
        f'<h1 id="dg-title">{_e(title)}</h1>', _summary(ledger), _form(ledger, filters), _links(filters),
        _year_unknown(ledger),
    ]
    parts += [_table(t, ledger.by) for t in ledger.tables]
    if not ledger.tables:
        parts.append('<p id="dg-empty">没有符合条件的任务 (no task meets the filters)</p>')
    parts.append("</body></html>")
    return xml_safe("".join(parts))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _summary(ledger: Ledger) -> str:
    counts = ledger.counts()
    lights = "".join(f'<span class="dg-count" data-light="{k}">{_dot(k)} {_e(LIGHT_NAMES[k])}: {counts[k]}</span>'
                     for k in LIGHTS)
    return (f'<div class="dg-summary" id="dg-summary">截至 {ledger.as_of.isoformat()} · 共 {len(ledger.rows)} 项任务 · '
            f"临期 {ledger.yellow_days} 天内为黄灯<br>{lights}</div>")


def _dot(light: str) -> str:
    return f'<i class="light" style="background:{LIGHT_COLOURS[light]}" title="{_e(LIGHT_NAMES[light])}"></i>'


def _form(ledger: Ledger, filters: Mapping[str, str]) -> str:
    def field(name: str, label: str, kind: str = "text") -> str:
        return (f'<label>{_e(label)} <input type="{kind}" name="{name}" '
                f'value="{_e(filters.get(name, ""))}"></label>')

    def choice(name: str, label: str, options: dict[str, str], chosen: str) -> str:
        opts = "".join(f'<option value="{_e(v)}"{" selected" if v == chosen else ""}>{_e(t)}</option>'
                       for v, t in options.items())
        return f'<label>{_e(label)} <select name="{name}">{opts}</select></label>'

    lights = {"": "全部", **{k: LIGHT_NAMES[k] for k in LIGHTS}}
    return ('<form class="dg-form" method="get" action="/ledger">'
            + field("agency", "单位") + field("leader", "责任领导") + field("document", "来源文件")
            + choice("light", "灯", lights, filters.get("light", ""))
            + choice("by", "分组", {g: GROUP_NAMES[g] for g in GROUPINGS}, ledger.by)
            + field("as_of", "截至日期", "date") + '<button type="submit">筛选</button></form>')


def _links(filters: Mapping[str, str]) -> str:
    query = urlencode({k: v for k, v in filters.items() if v})
    suffix = f"?{query}" if query else ""
    return (f'<div class="dg-links" id="dg-links"><a href="/ledger.xlsx{_e(suffix)}">Excel</a> · '
            f'<a href="/ledger.csv{_e(suffix)}">CSV</a> · <a href="/ledger.json{_e(suffix)}">JSON</a></div>')


def _year_unknown(ledger: Ledger) -> str:
    rows = ledger.year_unknown()
    if not rows:
        return ""
    names = "、".join(f"{_e(r.number)}. {_e(r.title)}" for r in rows[:20])
    more = f" … 等 {len(rows)} 项" if len(rows) > 20 else ""
    return (f'<div class="year-unknown" id="dg-year-unknown">{len(rows)} 项任务的完成时限没有年份, 未计入任何年份'
            f" (灰灯; 可用 PATCH /documents/{{id}} 设定年份): {names}{more}</div>")


def _table(table: LedgerTable, by: str) -> str:
    counts = table.counts()
    tally = " ".join(f"{_dot(k)}{counts[k]}" for k in LIGHTS if counts[k])
    heading = f'<h2>{_e(table.title)} <small>({len(table.rows)} 项 {tally})</small></h2>' if by != "none" else ""
    head = "".join(f"<th>{h}</th>" for h in _HEAD)
    body = "".join(_row(r) for r in table.rows)
    return (f'<section class="dg-table" data-key="{_e(table.key)}">{heading}'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>")


def _row(row: LedgerRow) -> str:
    link = f"/viz/task/{quote(row.task_id, safe='')}"
    due = _e(row.deadline) + (' <small>(年份未知)</small>' if row.year_unknown else "")
    cells = [
        f'<td data-light="{row.light}">{_dot(row.light)}</td>', f'<td class="num">{_e(row.number)}</td>',
        f'<td><a href="{_e(link)}">{_e(row.title)}</a>{_corrected(row)}</td>', f"<td>{_e('、'.join(row.leads))}</td>",
        f"<td>{_e('、'.join(row.co))}</td>", f"<td>{_e('、'.join(row.leaders))}</td>",
        f'<td class="due">{due}</td>', f'<td class="status">{_e(row.status)}</td>',
        f"<td>{_e(row.note)}{_reported(row)}</td>", f"<td>{_e(row.document)}</td>", f"<td>{_parents(row)}</td>",
    ]
    return f'<tr data-task="{_e(row.task_id)}" data-light="{row.light}">{"".join(cells)}</tr>'


def _parents(row: LedgerRow) -> str:
    """The parent tasks a row carries out, each a link to its lineage page."""
    return "<br>".join(f'<a class="parent" href="/viz/lineage/{_e(quote(task, safe=""))}">{_e(title)}</a>'
                       for task, title in row.parents)


def _corrected(row: LedgerRow) -> str:
    """A mark on a row a person corrected, linking to the task's history (who, when, why)."""
    if not row.corrected:
        return ""
    history = f"/tasks/{quote(row.task_id, safe='')}/history"
    what = ", ".join(CORRECTED_NAMES.get(f, f) for f in row.corrected)
    return f' <a class="corrected" href="{_e(history)}" title="已更正: {_e(what)}">已更正</a>'


def _reported(row: LedgerRow) -> str:
    return f" <small>({row.reported.isoformat()})</small>" if row.reported else ""
