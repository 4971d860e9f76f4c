"""Graph facts: the nodes and edges one document contributes, the same for every store.

Every node lists the documents that mention it (`docs`); every edge belongs to one document and
keeps its provenance: the document id, the character span and the evidence sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NODE_LABELS = ("Document", "Problem", "Task", "Agency", "AgencyGroup", "Region", "Platform", "PolicyDocument",
               "Person")
EDGE_TYPES = ("CONTAINS", "ADDRESSED_BY", "ASSIGNED_TO", "CONCERNS", "REFERS_TO", "LOCATED_IN", "OF", "OVERSEEN_BY")


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    props: dict[str, Any] = field(hash=False)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    type: str
    props: dict[str, Any] = field(hash=False)  # always: doc, span, evidence


def clean_props(props: dict[str, Any]) -> dict[str, Any]:
    """Return props without None values: neither store keeps nulls, so both answer alike."""
    return {k: v for k, v in props.items() if v is not None}


@dataclass(frozen=True)
class DocumentFacts:
    doc_id: str
    sha256: str
    source: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def validate(self) -> None:
        """Raise ValueError when an edge points at a node the facts do not carry."""
        ids = {n.id for n in self.nodes}
        for edge in self.edges:
            if edge.source not in ids or edge.target not in ids:
                raise ValueError(f"{self.source}: edge {edge.type} {edge.source} → {edge.target} has no node")
            if edge.type not in EDGE_TYPES:
                raise ValueError(f"{self.source}: unknown edge type {edge.type}")
        for node in self.nodes:
            if node.label not in NODE_LABELS:
                raise ValueError(f"{self.source}: unknown node label {node.label}")
