"""Charts as self-contained SVG (no script, no external resource): lead vs co-responsible tasks
per agency, and an agency × deadline-month heatmap. Every text is escaped, and the control
characters XML forbids are dropped (graph.safe_output)."""

from __future__ import annotations

from collections import Counter
from html import escape

from graph import queries
from graph.safe_output import xml_safe
from graph.store import GraphStore
from visualizations.chrome import FONT_STACK

LEAD, CO = "#1f77b4", "#8fb8de"


def _agency_counts(store: GraphStore) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]], dict[str, str]]:
    roles: dict[str, Counter[str]] = {}
    months: dict[str, Counter[str]] = {}
    names: dict[str, str] = {}
    for task in queries.all_tasks(store):
        month = queries.deadline_month(task)
        for a in task.assignments:
            names[a.target] = a.name
            roles.setdefault(a.target, Counter())[a.role] += 1
            months.setdefault(a.target, Counter())[month] += 1
    return roles, months, names


def load_chart_svg(store: GraphStore, top: int = 30) -> str:
    """Return a horizontal bar chart: tasks led and co-responsible, per agency (busiest first)."""
    roles, _, names = _agency_counts(store)
    ranked = sorted(roles, key=lambda a: (-sum(roles[a].values()), names[a]))[:top]
    most = max((sum(roles[a].values()) for a in ranked), default=1)
    label_w, bar_w, row_h = 300, 420, 22
    height = 60 + row_h * len(ranked)
    parts = [_title("Agency load 单位任务负荷: lead 牵头 vs co 配合", label_w + bar_w + 80)]
    for i, agency in enumerate(ranked):
        y = 40 + i * row_h
        lead, co = roles[agency]["lead"], roles[agency]["co"]
        lead_w, co_w = bar_w * lead / most, bar_w * co / most
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(names[agency])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{lead_w:.1f}" height="16" fill="{LEAD}">'
                     f"<title>{escape(names[agency])}: lead {lead}</title></rect>")
        parts.append(f'<rect x="{label_w + lead_w:.1f}" y="{y + 3}" width="{co_w:.1f}" height="16" fill="{CO}">'
                     f"<title>{escape(names[agency])}: co {co}</title></rect>")
        parts.append(f'<text x="{label_w + lead_w + co_w + 6:.1f}" y="{y + 15}">{lead} + {co}</text>')
    parts.append(_legend(height - 14))
    return _svg(label_w + bar_w + 80, height, parts)


def heatmap_svg(store: GraphStore, top: int = 30) -> str:
    """Return an agency × deadline-month grid; darker cells hold more tasks."""
    roles, months, names = _agency_counts(store)
    ranked = sorted(roles, key=lambda a: (-sum(roles[a].values()), names[a]))[:top]
    columns = sorted({m for a in ranked for m in months[a]})
    most = max((months[a][m] for a in ranked for m in columns), default=1)
    label_w, cell, head = 300, 46, 70
    width, height = label_w + cell * len(columns) + 20, head + cell * len(ranked) // 2 + 20
    parts = [_title("Deadlines by month 各单位任务到期月份", width)]
    for j, month in enumerate(columns):
        parts.append(f'<text x="{label_w + j * cell + cell / 2}" y="{head - 8}" text-anchor="middle" '
                     f'font-size="11">{escape(month)}</text>')
    for i, agency in enumerate(ranked):
        y = head + i * cell // 2
        parts.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end">{escape(names[agency])}</text>')
        for j, month in enumerate(columns):
            n = months[agency][month]
            shade = 0.1 + 0.9 * n / most if n else 0.0
            parts.append(f'<rect x="{label_w + j * cell}" y="{y}" width="{cell - 2}" height="{cell // 2 - 2}" '
                         f'fill="{LEAD}" fill-opacity="{shade:.2f}" stroke="#ddd"><title>{escape(names[agency])} '
                         f"{escape(month)}: {n}</title></rect>")
            if n:
                parts.append(f'<text x="{label_w + j * cell + cell / 2 - 1}" y="{y + 15}" text-anchor="middle" '
                             f'font-size="11">{n}</text>')
    return _svg(width, height, parts)


def _svg(width: float, height: float, parts: list[str]) -> str:
    body = "\n".join(parts)
    return xml_safe(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
                    f'font-family="{FONT_STACK}" font-size="12">\n{body}\n</svg>\n')


def _title(text: str, width: float) -> str:
    return f'<text x="{width / 2:.0f}" y="22" text-anchor="middle" font-size="15">{escape(text)}</text>'


def _legend(y: float) -> str:
    return (f'<rect x="300" y="{y - 10}" width="12" height="12" fill="{LEAD}"/><text x="316" y="{y}">lead 牵头</text>'
            f'<rect x="400" y="{y - 10}" width="12" height="12" fill="{CO}"/><text x="416" y="{y}">co 配合</text>')
