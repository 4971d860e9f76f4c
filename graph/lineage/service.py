"""Lineage is computed when a document is loaded, and when a person links or unlinks two documents,
and stored (graph.store's lineage methods); answers only read it.

Why then, and stored: a link needs both documents, and the work is bounded by the two documents it
joins (each at most DUTYGRAPH_MAX_TASKS tasks; the aligner is near-linear in them), done once per
load rather than once per question; coverage of a national plan over thirty-one provinces is then
one read of stored links, not thirty-one alignments per request. Duplicates of one unit's tasks are
the exception (graph.lineage.answers.overlaps): they depend on which unit is asked about, and are
aligned on demand over that unit's tasks alone.

On a version link, the ledger state of the earlier version's tasks is carried to the tasks that
match them (graph.lineage.carry)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.errors import LedgerError, NotFound
from graph.facts import DocumentFacts
from graph.ledger.records import MAX_BY, MAX_NOTE
from graph.lineage.align import Item
from graph.lineage.carry import Carried, carry_forward
from graph.lineage.documents import DocInfo, found_links, with_overrides
from graph.lineage.records import ACTIONS, DOC_KINDS, DocLink, LinkOverride, TaskLink
from graph.lineage.relations import align_children, align_versions
from graph.store import GraphStore


@dataclass(frozen=True)
class Relinked:
    """What relinking one document found."""

    doc_links: list[DocLink]
    task_links: list[TaskLink]
    carried: list[Carried] = field(default_factory=list)


def relink(store: GraphStore, doc_id: str) -> Relinked:
    """Find and store every link of document `doc_id`: its parents, children and versions among the
    loaded documents (as people left them), and the task links each one holds; then carry ledger
    state forward over its version links."""
    infos = {n.id: DocInfo.of(n) for n in store.nodes("Document")}
    if doc_id not in infos:
        raise NotFound(f"no document with id {doc_id!r}")
    links = with_overrides(found_links(infos[doc_id], list(infos.values())), store.link_overrides(), doc_id,
                           set(infos))
    items: dict[str, list[Item]] = {}
    task_links: list[TaskLink] = []
    for link in links:
        source, target = (_items(store, d, items) for d in (link.source, link.target))
        found = align_children(source, target) if link.kind == "parent" else align_versions(source, target)
        task_links += [TaskLink(link.kind, f.source, f.target, f.source_doc, f.target_doc, f.relation, f.piece,
                                f.score, f.evidence) for f in found]
    store.write_lineage(doc_id, links, task_links)
    carried = carry_forward(store, [t for t in task_links if t.kind == "version"])
    return Relinked(links, task_links, carried)


def _items(store: GraphStore, doc_id: str, seen: dict[str, list[Item]]) -> list[Item]:
    if doc_id not in seen:
        facts = store.document_facts(doc_id)
        seen[doc_id] = items_of(facts) if facts is not None else []
    return seen[doc_id]


def items_of(facts: DocumentFacts) -> list[Item]:
    """Return a document's tasks as the aligner sees them: text, lead units' lines of work, deadline."""
    nodes = {n.id: n for n in facts.nodes}
    leads: dict[str, set[str]] = {}
    for edge in facts.edges:
        department = nodes[edge.target].props.get("department") if edge.target in nodes else None
        if edge.type == "ASSIGNED_TO" and edge.props.get("role") == "lead" and department:
            leads.setdefault(edge.source, set()).add(str(department))
    tasks = sorted((n for n in facts.nodes if n.label == "Task"), key=lambda n: n.id)
    return [Item(n.id, facts.doc_id, str(n.props.get("text") or n.props.get("title") or ""),
                 frozenset(leads.get(n.id, ())), n.props.get("due_sort")) for n in tasks]


def link_by_hand(store: GraphStore, source: str, target: str, kind: str, action: str, by: str,
                 reason: str) -> Relinked:
    """Record a person's link (or unlink) of two loaded documents, audited, and relink them: it
    holds on every later load until another word on the pair is given."""
    if kind not in DOC_KINDS:
        raise LedgerError(f"kind {kind!r} is not one of {', '.join(DOC_KINDS)}")
    if action not in ACTIONS:
        raise LedgerError(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    if not by.strip() or len(by) > MAX_BY or not reason.strip() or len(reason) > MAX_NOTE:
        raise LedgerError(f"a link made by hand needs 'by' (1–{MAX_BY} characters) and a 'reason'")
    if source == target:
        raise LedgerError("a document is not linked to itself")
    for doc in (source, target):
        node = store.node(doc)
        if node is None or node.label != "Document":
            raise NotFound(f"no document with id {doc!r}")
    store.add_link_override(LinkOverride(source, target, kind, action, by.strip(), reason.strip()))
    return relink(store, target)


def relink_all(store: GraphStore, doc_ids: Sequence[str]) -> None:
    """Relink several documents (a folder load): each one's links with all the others."""
    for doc_id in doc_ids:
        relink(store, doc_id)
