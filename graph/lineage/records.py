"""The lineage records the stores keep (graph.store's lineage methods): links between documents,
links between tasks, and the links a person made or undid by hand. This module imports no store."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from graph.ledger.records import AuditEntry, now

DOC_KINDS = ("parent", "version")  # parent → child plan; earlier → later version
TASK_KINDS = ("parent", "version")  # duplicates are found on demand, never stored
HOW = ("number", "title", "version", "manual")  # how a document link was found
ACTIONS = ("link", "unlink")
MAX_DEPTH = 8  # levels of descent one question follows (national → province → city → county … )


@dataclass(frozen=True)
class DocLink:
    """Document `source` is the parent plan (or the earlier version) of `target`."""

    source: str
    target: str
    kind: str  # parent | version
    how: str  # number | title | version | manual
    evidence: str = ""  # the citation as written, or why two documents are versions

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "kind": self.kind, "how": self.how,
                "evidence": self.evidence}


@dataclass(frozen=True)
class TaskLink:
    """Task `source` (of the parent plan, or the earlier version) is carried out by task `target`."""

    kind: str  # parent | version
    source: str
    target: str
    source_doc: str
    target_doc: str
    relation: str  # the link's (graph.lineage.relations.RELATIONS)
    piece: str  # this edge's own
    score: float
    evidence: tuple[tuple[int, int, int, int], ...] = field(default=(), hash=False)  # spans in both texts

    def evidence_json(self) -> str:
        return json.dumps([list(e) for e in self.evidence])

    @staticmethod
    def evidence_of(value: str | None) -> tuple[tuple[int, int, int, int], ...]:
        return tuple((a, b, c, d) for a, b, c, d in json.loads(value or "[]"))


@dataclass(frozen=True)
class LinkFilter:
    """Which task links to read: all conditions given must hold."""

    tasks: tuple[str, ...] = ()  # a link with either end among these
    source_doc: str | None = None
    target_doc: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class LinkOverride:
    """A person's word on a document link: make it (`link`) or undo it (`unlink`); the latest word on
    a pair wins over what is found, on every load, until another is given."""

    source: str
    target: str
    kind: str  # parent | version
    action: str  # link | unlink
    by: str
    reason: str
    at: datetime = field(default_factory=now)

    def audit_entry(self) -> AuditEntry:
        return AuditEntry(self.at, self.by, f"{self.action}_documents", None, self.target, self.reason,
                          {"source": self.source, "target": self.target, "kind": self.kind})

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "kind": self.kind, "action": self.action,
                "by": self.by, "reason": self.reason, "at": self.at.isoformat()}
