"""The one GraphStore protocol both stores implement, and the rows its reads return."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph.facts import DocumentFacts, Edge, Node

Progress = Callable[[str], None]


@dataclass(frozen=True)
class AssignmentRow:
    target: str  # Agency or AgencyGroup node id
    label: str  # Agency | AgencyGroup
    name: str  # canonical name
    role: str  # lead | co
    order: int
    written: str  # the name as the document writes it (prefix/suffix restored)
    doc: str
    span: list[int] | None
    evidence: str


@dataclass(frozen=True)
class MentionRow:
    target: str
    type: str  # CONCERNS | REFERS_TO
    label: str  # Region | Platform | PolicyDocument
    name: str


@dataclass(frozen=True)
class TaskRow:
    id: str
    props: dict[str, Any]
    assignments: tuple[AssignmentRow, ...] = ()
    mentions: tuple[MentionRow, ...] = ()
    problem_text: str | None = None
    document_title: str | None = field(default=None)

    @property
    def leads(self) -> list[AssignmentRow]:
        return [a for a in self.assignments if a.role == "lead"]


def dedupe_mentions(mentions: list[MentionRow]) -> tuple[MentionRow, ...]:
    """Return mentions with one row per (target, type), first kept."""
    seen: dict[tuple[str, str], MentionRow] = {}
    for m in mentions:
        seen.setdefault((m.target, m.type), m)
    return tuple(seen.values())


def report(progress: Progress | None, message: str) -> None:
    """Tell `progress` (when given) that a step of a write is done."""
    if progress is not None:
        progress(message)


class GraphStore(Protocol):
    """Holds the graph; every query above it is written once against these methods."""

    kind: str

    def write_document(self, facts: DocumentFacts, progress: Progress | None = None) -> None:
        """Replace the document's facts with `facts`, whole or not at all."""

    def write_documents(self, batch: list[DocumentFacts], progress: Progress | None = None) -> None:
        """Write several documents as one unit: all of them or none (bulk loads)."""

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document's facts and every node no other document mentions; False if absent."""

    def document_hash(self, doc_id: str) -> str | None:
        """Return the content hash of the loaded document, or None."""

    def node(self, node_id: str) -> Node | None:
        """Return one node, or None."""

    def nodes(self, label: str) -> list[Node]:
        """Return every node with `label`."""

    def linked_task_ids(self, node_id: str, role: str | None = None) -> list[str]:
        """Return ids of the tasks joined to `node_id` by any edge (ASSIGNED_TO only when `role`)."""

    def task_rows(self, task_ids: list[str]) -> list[TaskRow]:
        """Return full rows of these tasks, in the order asked (unknown ids are left out)."""

    def all_task_ids(self) -> list[str]:
        """Return every task id."""

    def task_ids_due_by(self, month: int, year: int | None = None, day: int | None = None) -> list[str]:
        """Return ids of tasks due by the end of month (or day): deadlines with a year compare whole
        dates when `year` is given; the rest compare month and day (see queries.tasks_due_by)."""

    def edges(self) -> list[Edge]:
        """Return every edge (for export)."""

    def counts(self) -> dict[str, int]:
        """Return the number of nodes per label and of edges (key 'edges')."""

    def ping(self) -> None:
        """Return when the store answers; raise StoreUnavailable otherwise."""

    def close(self) -> None:
        """Release connections and files."""
