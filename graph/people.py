"""People: the leaders a task names (分管领导, 责任领导, 牵头负责领导 …) as Person nodes, with
(Task)-[:OVERSEEN_BY]->(Person). A person is never an agency and never a region: Person nodes
have a label of their own and are never resolved through the agency registry or place names.

One person is one node per jurisdiction: 王伟 who oversees tasks in two documents of one province
is one person; a 王伟 in another province is another (the same name is common). What each
leader oversees, with lights, is the ledger's: graph.ledger.leaders."""

from __future__ import annotations

import hashlib
from typing import Any

from graph.compare import normalize_name
from graph.facts import Edge, Node
from graph.registry.jurisdiction import Jurisdiction

LABEL = "Person"
EDGE = "OVERSEEN_BY"


def clean_name(name: str) -> str:
    """Return a leader's name as a Person node keeps it: without the spaces that align names (王  伟)."""
    return "".join(name.split())


def jurisdiction_of(where: Jurisdiction) -> tuple[str, str]:
    """Return (key, name) of the most specific place a document was issued in ('central' or the
    document itself when none is known)."""
    place = where.county or where.city or where.province
    if place is not None:
        return place.code or place.name, place.name
    if where.level == "central":
        return "central", "中央"
    return where.scope, ""


def person_id(name: str, where: Jurisdiction) -> str:
    key, _ = jurisdiction_of(where)
    digest = hashlib.sha1(f"{key}\x1f{clean_name(name)}".encode()).hexdigest()[:12]
    return f"person:{digest}"


def person_node(name: str, where: Jurisdiction, title: str | None) -> Node:
    """Return the Person node of a leader named in a document issued in `where`."""
    _, place = jurisdiction_of(where)
    props: dict[str, Any] = {"name": clean_name(name), "key": normalize_name(clean_name(name)),
                             "jurisdiction": place or None, "title": title}
    return Node(person_id(name, where), LABEL, props)


def overseen_by(task_id: str, person: Node, doc_id: str, evidence: str, correction: str | None = None) -> Edge:
    """Return the edge saying a person oversees a task (from the document, or from a correction)."""
    props: dict[str, Any] = {"doc": doc_id, "span": None, "evidence": evidence, "name": person.props["name"]}
    if correction:
        props["correction"] = correction
    return Edge(task_id, person.id, EDGE, props)
