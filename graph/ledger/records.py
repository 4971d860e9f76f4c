"""The supervision ledger's records (督办台账): progress reported on a task, the audit trail every
ledger write leaves. These are kept apart from
the parsed facts: a document can be reloaded or replaced and its progress and history stay.

The stores keep the records (GraphStore.add_progress …) and import them from here, so this module
imports no store. What the statuses mean, and what overdue, due soon and each light are, is
defined once in graph.ledger.terms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from graph import dates
from graph.errors import LedgerError, NotFound
from graph.facts import DocumentFacts, Edge, Node
from graph.ledger.terms import STATUSES, canonical_status

MAX_NOTE = 2000  # a progress note is a paragraph, not a report
MAX_BY = 100


@dataclass(frozen=True)
class Progress:
    """One progress report on a task: its status, a note, the day it was reported and by whom."""

    task_id: str
    status: str
    note: str
    reported: date
    by: str
    recorded_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {"task_id": self.task_id, "status": self.status, "note": self.note,
                "reported": self.reported.isoformat(), "by": self.by, "recorded_at": self.recorded_at.isoformat()}

    def audit_entry(self, doc: str | None) -> AuditEntry:
        """The audit line this report writes (doc: its task's document, by which the log is filtered)."""
        return AuditEntry(self.recorded_at, self.by, "progress", self.task_id, doc, self.note,
                          {"status": self.status, "reported": self.reported.isoformat()})


@dataclass(frozen=True)
class AuditEntry:
    """One line of the append-only audit log: who did what to which task or document, when and why."""

    at: datetime
    by: str
    action: str  # progress | correction | document_year
    task_id: str | None
    doc: str | None
    reason: str
    detail: dict[str, Any] = field(hash=False)

    def as_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "by": self.by, "action": self.action, "task_id": self.task_id,
                "document": self.doc, "reason": self.reason, "detail": self.detail}


@dataclass(frozen=True)
class AuditFilter:
    """Which audit lines to read: all conditions given must hold (dates are whole UTC days)."""

    by: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive: the whole day
    document: str | None = None
    task: str | None = None

    def bounds(self) -> tuple[str | None, str | None]:
        """Return the ISO timestamps [start, end) the day range covers (stored times compare as text)."""
        start = self.since.isoformat() if self.since else None
        end = (self.until + timedelta(days=1)).isoformat() if self.until else None
        return start, end


def now() -> datetime:
    """Return the current time in UTC (every ledger time is UTC, so the log sorts as text)."""
    return datetime.now(timezone.utc)


# -- checking what is written ----------------------------------------------------------------------

def check_progress(task_id: str, status: str, note: str, reported: date, by: str) -> None:
    """Raise LedgerError naming what is wrong with one progress report (before anything is written)."""
    if status not in STATUSES:
        raise LedgerError(f"task {task_id}: status {status!r} is not one of {', '.join(STATUSES)} "
                          "(or a word for one: 进行中, 正在推进, 已办结, 完成 …)")
    if not by.strip() or len(by) > MAX_BY:
        raise LedgerError(f"task {task_id}: 'by' must name who reports (1–{MAX_BY} characters)")
    if len(note) > MAX_NOTE:
        raise LedgerError(f"task {task_id}: the note is {len(note):,} characters, over the {MAX_NOTE:,} allowed")
    if not dates.FIRST_YEAR <= reported.year <= dates.LAST_YEAR:
        raise LedgerError(f"task {task_id}: reported date {reported.isoformat()} is not a plausible date")


def make_progress(task_id: str, status: str, note: str, reported: date, by: str) -> Progress:
    """Return a checked progress report, stamped with the current time; a status written as offices
    write it (进行中, 已办结 …) is recorded as the one of the four it names."""
    status = canonical_status(status) or status
    check_progress(task_id, status, note, reported, by)
    return Progress(task_id, status, note.strip(), reported, by.strip(), now())


def require_tasks(task_ids: Sequence[str], existing: set[str]) -> None:
    """Raise NotFound naming every id among `task_ids` that is not in `existing` (the store's tasks)."""
    missing = [t for t in dict.fromkeys(task_ids) if t not in existing]
    if missing:
        raise NotFound(f"no task with id {', '.join(repr(t) for t in missing[:10])}"
                       + (f" (and {len(missing) - 10} more)" if len(missing) > 10 else ""))


def facts_of(doc_id: str, nodes: list[Node], edges: list[Edge]) -> DocumentFacts | None:
    """Return a document's facts as a store holds them (None when it holds no such document)."""
    document = next((n for n in nodes if n.id == doc_id and n.label == "Document"), None)
    if document is None:
        return None
    return DocumentFacts(doc_id, str(document.props.get("sha256") or ""), str(document.props.get("source") or ""),
                         tuple(nodes), tuple(edges))


# -- corrections (applied by graph.ledger.corrections) ------------------------------------------------------

CORRECTION_KINDS = ("add_assignment", "remove_assignment", "set_role", "set_deadline", "set_leaders",
                    "not_a_task", "document_year")
CORRECTION_STATES = ("active", "orphaned")


@dataclass(frozen=True)
class Correction:
    """A human's change to what the parser said about one task (or a document's year). It names its
    task by identity — document, item path, hash of the task's text — so it can be applied again
    when the document is reloaded; when that task is gone or its text changed it is orphaned."""

    id: str
    doc: str
    path: str  # the task's item path, e.g. "2.3" ("" for a document-level correction)
    text_hash: str
    task_id: str  # the task id when it was made ("" for a document-level correction)
    kind: str  # one of CORRECTION_KINDS
    payload: dict[str, Any] = field(hash=False)
    by: str = ""
    reason: str = ""
    at: datetime = field(default_factory=now)
    state: str = "active"
    state_reason: str = ""  # why it is orphaned
    seq: int = 0  # the order it was made in (given by the store)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "task_id": self.task_id or None, "document": self.doc, "path": self.path,
                "kind": self.kind, "change": self.payload, "by": self.by, "reason": self.reason,
                "at": self.at.isoformat(), "state": self.state, "state_reason": self.state_reason or None}

    def audit_entry(self) -> AuditEntry:
        return AuditEntry(self.at, self.by, "correction", self.task_id or None, self.doc, self.reason,
                          {"correction": self.id, "kind": self.kind, "change": self.payload})
