"""Ledger state carried from a plan to its next version, over the task links that match them: a
revised plan re-issued mid-year keeps the progress its units already reported and the corrections
the office already made.

- Progress: the latest report of the earlier task is recorded on the later one, once (only when
  the later task has none), its note saying where it came from.
- Corrections: made again on the later task only when it is the same task (照抄); on a revised one
  (修订) its facts may have changed, so they are named in the diff (graph.lineage.answers) for a
  person to decide, never applied blindly. A correction that no longer applies is reported, not
  forced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import LedgerError, NotFound
from graph.ledger.corrections import correct
from graph.ledger.records import Progress, now
from graph.lineage.records import TaskLink
from graph.store import GraphStore

CARRIED_NOTE = "承接上一版本任务 {task}: {note}"  # the carried report's note says where it came from
CARRIED_REASON = "承接上一版本的更正 {correction}: {reason}"
CARRIED_KINDS = ("add_assignment", "remove_assignment", "set_role", "set_deadline", "set_leaders")


@dataclass(frozen=True)
class Carried:
    """One piece of ledger state carried (or not) from `source` to `target`."""

    source: str
    target: str
    what: str  # progress | correction
    ref: str  # the status carried, or the correction's id
    done: bool
    why: str = ""  # why it was not carried


def carry_forward(store: GraphStore, links: Sequence[TaskLink]) -> list[Carried]:
    """Carry progress and corrections over version links (see the module docstring)."""
    if not links:
        return []
    out = _carry_progress(store, links)
    for link in links:
        if link.piece == "照抄":
            out += _carry_corrections(store, link)
    return out


def _carry_progress(store: GraphStore, links: Sequence[TaskLink]) -> list[Carried]:
    earlier = store.latest_progress([link.source for link in links])
    later = store.latest_progress([link.target for link in links])
    entries, out = [], []
    for link in links:
        latest = earlier.get(link.source)
        if latest is None or link.target in later:
            continue
        note = CARRIED_NOTE.format(task=link.source, note=latest.note)[:2000]
        entries.append(Progress(link.target, latest.status, note, latest.reported, latest.by, now()))
        out.append(Carried(link.source, link.target, "progress", latest.status, True))
    if entries:
        store.add_progress(entries)
    return out


def _carry_corrections(store: GraphStore, link: TaskLink) -> list[Carried]:
    already = " ".join(c.reason for c in store.corrections(task=link.target))
    out = []
    for c in store.corrections(task=link.source, state="active"):
        if c.kind not in CARRIED_KINDS or c.id in already:
            continue
        try:
            correct(store, link.target_doc, link.target, [(c.kind, c.payload)], c.by,
                    CARRIED_REASON.format(correction=c.id, reason=c.reason)[:2000])
            out.append(Carried(link.source, link.target, "correction", c.id, True))
        except (LedgerError, NotFound) as exc:
            out.append(Carried(link.source, link.target, "correction", c.id, False, str(exc)))
    return out
