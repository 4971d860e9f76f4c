"""Counterparts across levels: 财政部 → 省财政厅 → 市财政局 are one line of work (the registry's
department key, graph/data/agencies.yaml), so a child task led by another line of work than its
parent's lead is flagged, and so is a child deadline later than its parent's."""

from __future__ import annotations

from graph import dates
from graph.cache import cached
from graph.store import GraphStore, TaskRow

FLAGS = {
    "lead_not_counterpart": "牵头单位不是上级任务牵头单位的对口部门 (the lead is not the parent lead's counterpart)",
    "deadline_later": "完成时限晚于上级任务 (the deadline is later than the parent's)",
}


def departments(store: GraphStore) -> dict[str, str | None]:
    """Return every agency's line of work by agency id (read once per store version)."""
    return cached(store, "agency departments",
                  lambda: {n.id: n.props.get("department") for n in store.agency_list()})


def due_sort(row: TaskRow) -> int | None:
    """Return a task's last day as YYYYMMDD, when its deadline is dated with a known year."""
    p = row.props
    return dates.due_keys(p.get("due_year"), p.get("due_month"), p.get("due_day"), p.get("deadline_kind")).get(
        "due_sort")


def link_flags(parent: TaskRow, child: TaskRow, lines: dict[str, str | None]) -> list[str]:
    """Return what a supervision office should look at in a parent → child link (FLAGS)."""
    flags = []
    wanted = {lines.get(a.target) for a in parent.leads} - {None}
    if wanted and child.leads and not wanted & {lines.get(a.target) for a in child.leads}:
        flags.append("lead_not_counterpart")
    upper, lower = due_sort(parent), due_sort(child)
    if upper is not None and lower is not None and lower > upper:
        flags.append("deadline_later")
    return flags
