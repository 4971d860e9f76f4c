"""Corrections: humans outrank the parser. A correction is recorded in the ledger (apart from the
parsed facts) and applied to a document's facts before they are written — when it is made, and
again every time the document is reloaded or replaced. It finds its task by identity (document,
item path, hash of the text): when that task is gone or its text changed, the correction is
orphaned and reported, never dropped or applied to another task.

Applied facts say where they come from: an assignment a correction added or changed carries the
correction's id (`correction`); a task lists the fields corrections set (`corrections`, as
"field=id"), so answers can say `corrected` with who, when and why."""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from graph import dates, people
from graph.compare import normalize_name
from graph.errors import Conflict, LedgerError, NotFound
from graph.facts import DocumentFacts, Edge, Node
from graph.ledger import records
from graph.ledger.records import Correction
from graph.registry.agencies import Registry, agency_props, default_registry
from graph.registry.jurisdiction import Jurisdiction, document_jurisdiction
from graph.store import GraphStore
from loaders.records import Document

ROLES = ("lead", "co")
# A correction reads a document's facts, changes them and writes them; a load reads the corrections
# and writes. In one process these take turns, so neither writes over what the other just wrote.
WRITING = threading.Lock()


# -- identity ---------------------------------------------------------------------------------------

def text_hash(text: str) -> str:
    """Return the hash that says a task's text is still the one a correction was made on."""
    return hashlib.sha256(normalize_name(text).encode()).hexdigest()[:16]


def path_key(path: Any) -> str:
    """Return a task's item path as one text (一/(二)/3)."""
    return "/".join(str(p) for p in path) if isinstance(path, list | tuple) else str(path or "")


def new_correction(task: Node | None, doc: str, kind: str, payload: dict[str, Any], by: str,
                   reason: str) -> Correction:
    """Return a correction of `task` (None: of the document), checked, not yet recorded."""
    if not by.strip() or len(by) > records.MAX_BY:
        raise LedgerError(f"a correction needs 'by': who makes it (1–{records.MAX_BY} characters)")
    if not reason.strip() or len(reason) > records.MAX_NOTE:
        raise LedgerError(f"a correction needs a 'reason' (1–{records.MAX_NOTE:,} characters)")
    payload = check_change(kind, payload)
    path = path_key(task.props.get("path")) if task else ""
    digest = text_hash(str(task.props.get("text") or "")) if task else ""
    return Correction(uuid.uuid4().hex[:12], doc, path, digest, task.id if task else "", kind, payload,
                      by.strip(), reason.strip())


def check_change(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Return the change a correction makes in its stored form; raise LedgerError naming what is wrong."""
    if kind not in records.CORRECTION_KINDS:
        raise LedgerError(f"unknown correction {kind!r}: one of {', '.join(records.CORRECTION_KINDS)}")
    if kind in ("add_assignment", "remove_assignment", "set_role"):
        agency = str(payload.get("agency") or "").strip()
        if not agency or len(agency) > 100:
            raise LedgerError(f"{kind}: name the unit ('agency', 1–100 characters)")
        if kind != "remove_assignment" and payload.get("role") not in ROLES:
            raise LedgerError(f"{kind}: role {payload.get('role')!r} is not one of lead, co")
        return {"agency": agency, **({"role": payload["role"]} if kind != "remove_assignment" else {})}
    if kind == "set_deadline":
        return {"deadline": _deadline_text(payload.get("deadline"))}
    if kind == "set_leaders":
        return {"leaders": _leader_names(payload.get("leaders"))}
    if kind == "document_year":
        if dates.valid_year(payload.get("year")) is None:
            raise LedgerError(f"year {payload.get('year')!r} is not a year between {dates.FIRST_YEAR} and "
                              f"{dates.LAST_YEAR}")
        return {"year": payload["year"]}
    return {}


def _deadline_text(value: Any) -> str | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise LedgerError(f"deadline {value!r} is not a date (YYYY-MM-DD), or null for none") from None
    if dates.valid_year(day.year) is None:
        raise LedgerError(f"deadline {value!r} is not a plausible date")
    return day.isoformat()


def _leader_names(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LedgerError("set_leaders: 'leaders' must be a list of names")
    names = list(dict.fromkeys("".join(v.split()) for v in value if v.strip()))
    if any(len(n) > 30 for n in names) or len(names) > 20:
        raise LedgerError("set_leaders: at most 20 names of at most 30 characters")
    return names


# -- applying ---------------------------------------------------------------------------------------

class _Facts:
    """A document's facts being changed: nodes by id and the edge list."""

    def __init__(self, facts: DocumentFacts, registry: Registry) -> None:
        self.facts = facts
        self.nodes = {n.id: Node(n.id, n.label, dict(n.props)) for n in facts.nodes}
        self.edges = [Edge(e.source, e.target, e.type, dict(e.props)) for e in facts.edges]
        self.registry = registry
        self._where: Jurisdiction | None = None

    def task_at(self, path: str) -> Node | None:
        return next((n for n in self.nodes.values() if n.label == "Task" and path_key(n.props.get("path")) == path),
                    None)

    @property
    def where(self) -> Jurisdiction:
        if self._where is None:
            p = self.nodes[self.facts.doc_id].props
            self._where = document_jurisdiction(Document(
                self.facts.doc_id, str(p.get("title") or ""), p.get("issuer"), p.get("year"), self.facts.source,
                self.facts.sha256, province=p.get("province"), province_code=p.get("province_code")))
        return self._where

    def result(self) -> DocumentFacts:
        touched = {e.source for e in self.edges} | {e.target for e in self.edges} | {self.facts.doc_id}
        nodes = tuple(n for n in self.nodes.values() if n.id in touched)  # a node no edge reaches goes
        return replace(self.facts, nodes=nodes, edges=tuple(self.edges))


Apply = Callable[[_Facts, Node, Correction], None]


def apply_corrections(facts: DocumentFacts, corrections: Sequence[Correction],
                      registry: Registry | None = None) -> tuple[DocumentFacts, dict[str, tuple[str, str]]]:
    """Return `facts` with `corrections` applied in order, and each correction's (state, why)."""
    work = _Facts(facts, registry or default_registry())
    states: dict[str, tuple[str, str]] = {}
    for c in corrections:
        problem = apply_one(work, c)
        states[c.id] = ("orphaned", problem) if problem else ("active", "")
    return work.result(), states


def apply_one(work: _Facts, c: Correction) -> str | None:
    """Apply one correction; return why it cannot be (its task is gone or changed), else None."""
    if c.kind == "document_year":
        _set_year(work, c)
        return None
    task = work.task_at(c.path)
    if task is None:
        return f"the task at {c.path} is no longer in document {c.doc}"
    if text_hash(str(task.props.get("text") or "")) != c.text_hash:
        return f"the text of task {task.id} changed since the correction was made"
    try:
        _APPLY[c.kind](work, task, c)
    except LedgerError as exc:
        return str(exc)
    _mark(task, c)
    return None


def _mark(task: Node, c: Correction) -> None:
    field = {"set_deadline": "deadline", "set_leaders": "leaders", "not_a_task": "task"}.get(c.kind)
    if field:
        kept = [m for m in task.props.get("corrections") or [] if not m.startswith(field + "=")]
        task.props["corrections"] = [*kept, f"{field}={c.id}"]


def _assignments(work: _Facts, task: Node, name: str) -> list[Edge]:
    """Return the task's assignments to the unit `name` names (as resolved, or as written)."""
    agency_id = work.registry.resolve(name, work.where).id
    key = normalize_name(name)
    return [e for e in work.edges if e.type == "ASSIGNED_TO" and e.source == task.id and (
        e.target == agency_id or key in (normalize_name(str(e.props.get("written") or "")),
                                         normalize_name(str(work.nodes[e.target].props.get("name") or ""))))]


def _add_assignment(work: _Facts, task: Node, c: Correction) -> None:
    if _assignments(work, task, c.payload["agency"]):
        _set_role(work, task, c)  # already assigned: the correction says which role it has
        return
    agency = work.registry.resolve(c.payload["agency"], work.where)
    work.nodes.setdefault(agency.id, Node(agency.id, agency.label, agency_props(agency)))
    order = 1 + max((int(e.props.get("order") or 0) for e in work.edges
                     if e.type == "ASSIGNED_TO" and e.source == task.id), default=-1)
    work.edges.append(Edge(task.id, agency.id, "ASSIGNED_TO", {
        "doc": work.facts.doc_id, "span": None, "evidence": "", "role": c.payload["role"], "order": order,
        "name": c.payload["agency"], "written": c.payload["agency"], "inherited": False, "correction": c.id}))
    task.props["owned"] = True


def _remove_assignment(work: _Facts, task: Node, c: Correction) -> None:
    gone = _assignments(work, task, c.payload["agency"])
    if not gone:
        raise LedgerError(f"{c.payload['agency']} is not assigned to task {task.id}")
    work.edges = [e for e in work.edges if not any(e is g for g in gone)]
    task.props["owned"] = any(e.type == "ASSIGNED_TO" and e.source == task.id for e in work.edges)


def _set_role(work: _Facts, task: Node, c: Correction) -> None:
    found = _assignments(work, task, c.payload["agency"])
    if not found:
        raise LedgerError(f"{c.payload['agency']} is not assigned to task {task.id}")
    for edge in found:
        edge.props.update(role=c.payload["role"], correction=c.id)


def _set_deadline(work: _Facts, task: Node, c: Correction) -> None:
    text = c.payload["deadline"]
    for key in ("deadline_raw", "due_year", "due_month", "due_day", "deadline_kind", "due_md", "due_sort"):
        task.props.pop(key, None)
    task.props["year_inferred"] = False
    if text is None:
        return
    day = date.fromisoformat(text)
    task.props.update(deadline_raw=f"{day.year}年{day.month}月{day.day}日前", due_year=day.year, due_month=day.month,
                      due_day=day.day, deadline_kind="by",
                      **dates.due_keys(day.year, day.month, day.day, "by"))


def _set_leaders(work: _Facts, task: Node, c: Correction) -> None:
    """The task's leaders become the ones named: Person nodes (a title already known is kept)."""
    task.props["leaders"] = list(c.payload["leaders"])
    work.edges = [e for e in work.edges if not (e.type == people.EDGE and e.source == task.id)]
    for name in c.payload["leaders"]:
        person = people.person_node(name, work.where, None)
        known = work.nodes.get(person.id)
        if known is not None:
            person = known
        work.nodes[person.id] = person
        work.edges.append(people.overseen_by(task.id, person, work.facts.doc_id, "", c.id))


def _not_a_task(work: _Facts, task: Node, c: Correction) -> None:
    work.edges = [e for e in work.edges if task.id not in (e.source, e.target)]


def _set_year(work: _Facts, c: Correction) -> None:
    """Give the document its year, and every 'by' deadline without a valid year that year (inferred)."""
    year = c.payload["year"]
    work.nodes[work.facts.doc_id].props["year"] = year
    for node in work.nodes.values():
        p = node.props
        if node.label == "Task" and p.get("deadline_kind") == "by" and isinstance(p.get("due_month"), int) \
                and dates.valid_year(p.get("due_year")) is None:
            p.update(due_year=year, year_inferred=True, **dates.due_keys(year, p["due_month"], p.get("due_day"), "by"))
            p["corrections"] = [*[m for m in p.get("corrections") or [] if not m.startswith("year=")], f"year={c.id}"]


_APPLY: dict[str, Apply] = {"add_assignment": _add_assignment, "remove_assignment": _remove_assignment,
                            "set_role": _set_role, "set_deadline": _set_deadline, "set_leaders": _set_leaders,
                            "not_a_task": _not_a_task}


# -- the ways in --------------------------------------------------------------------------------------

def correct(store: GraphStore, doc_id: str, task_id: str | None, changes: list[tuple[str, dict[str, Any]]],
            by: str, reason: str, registry: Registry | None = None) -> list[Correction]:
    """Check, record and apply corrections of one task (or, with no task, of the document): all or
    none. Nothing is written when any change does not apply; the corrections are in the ledger
    before the document is written again."""
    with WRITING:
        facts = store.document_facts(doc_id)
        if facts is None:
            raise NotFound(f"no document with id {doc_id!r}")
        task = next((n for n in facts.nodes if n.id == task_id and n.label == "Task"), None)
        if task_id is not None and task is None:
            raise NotFound(f"no task with id {task_id!r}")
        made = [new_correction(task, doc_id, kind, payload, by, reason) for kind, payload in changes]
        if not made:
            raise LedgerError("nothing to correct: give at least one change")
        work = _Facts(facts, registry or default_registry())
        if task is not None:
            check_names(work, task, made)
        for c in made:
            problem = apply_one(work, c)
            if problem:
                raise LedgerError(problem)
        if task is not None:
            check_outcome(work, task, made)
        store.add_corrections(made)
        store.write_document(work.result())
        return made


def check_names(work: _Facts, task: Node, made: Sequence[Correction]) -> None:
    """Resolve every unit a set of changes names before anything is applied, and refuse (Conflict)
    a unit added and removed at once: two names that resolve to one unit (市自然资源规划局 and
    宁波市自然资源局 in one city's registry) would leave the task with neither, silently."""
    named = [(c, work.registry.resolve(c.payload["agency"], work.where))
             for c in made if c.kind in ("add_assignment", "remove_assignment", "set_role")]
    for added, unit in ((c, a) for c, a in named if c.kind == "add_assignment"):
        for removed, other in ((c, a) for c, a in named if c.kind == "remove_assignment"):
            if unit.id == other.id:
                same = "names" if added.payload["agency"] == removed.payload["agency"] else "and " + repr(
                    removed.payload["agency"]) + " name"
                raise Conflict(f"task {task.id}: {added.payload['agency']!r} {same} the same unit ({unit.name}): "
                               "adding and removing it at once would leave the task without it. To rename the "
                               "unit, remove the old name only if it resolves to another unit; else set its role")


def check_outcome(work: _Facts, task: Node, made: Sequence[Correction]) -> None:
    """Refuse (Conflict) changes after which a unit they add is not on the task, or a unit they
    remove still is: the answer would say ok while the task shows something else."""
    if any(c.kind == "not_a_task" for c in made):
        return
    added = {c.payload["agency"] for c in made if c.kind == "add_assignment"}
    for c in made:
        name = str(c.payload.get("agency") or "")
        if c.kind == "add_assignment" and not _assignments(work, task, name):
            raise Conflict(f"task {task.id}: after these changes {name!r} would not be on the task; nothing was "
                           "written")
        if c.kind == "remove_assignment" and name not in added and _assignments(work, task, name):
            raise Conflict(f"task {task.id}: after these changes {name!r} would still be on the task (another "
                           "name on it is the same unit); nothing was written")


def orphan_document(store: GraphStore, doc_id: str) -> int:
    """Mark the corrections of a deleted document orphaned (reported, kept: a reload applies them
    again); return how many."""
    kept = store.corrections(doc=doc_id)
    store.set_correction_states({c.id: ("orphaned", f"document {doc_id} was deleted") for c in kept})
    return len(kept)
