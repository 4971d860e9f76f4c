"""Every Cypher statement lives in graph/cypher.py, takes values only as $parameters, and puts
only schema names (never document text) into its text."""

from __future__ import annotations

import re

import pytest

from graph import cypher
from graph.facts import EDGE_TYPES, NODE_LABELS


def all_statements() -> list[str]:
    fixed = [v for k, v in vars(cypher).items() if k.isupper() and isinstance(v, str)]
    built = [cypher.merge_nodes(label) for label in NODE_LABELS]
    built += [cypher.create_edges(t) for t in EDGE_TYPES] + [cypher.delete_edges_of_documents(t) for t in EDGE_TYPES]
    built += [cypher.nodes_by_label(label) for label in NODE_LABELS]
    return fixed + list(cypher.CONSTRAINTS) + built


@pytest.mark.parametrize("statement", all_statements())
def test_no_literal_values_in_statements(statement):
    # string literals allowed only for schema words (labels, types, property names)
    for literal in re.findall(r"'([^']*)'", statement):
        assert literal in NODE_LABELS + EDGE_TYPES + ("Node", "AgencyGroup", "Agency"), literal


@pytest.mark.parametrize("builder", [cypher.merge_nodes, cypher.create_edges, cypher.delete_edges_of_documents,
                                     cypher.nodes_by_label])
def test_builders_refuse_names_outside_the_schema(builder):
    with pytest.raises(ValueError, match="not part of the graph schema"):
        builder("Task) DETACH DELETE (n")


def test_only_the_neo4j_store_imports_the_driver():
    from pathlib import Path

    root = Path(__file__).parents[2]
    importers = sorted(str(p.relative_to(root)) for folder in ("loaders", "graph", "api", "visualizations")
                       for p in (root / folder).rglob("*.py") if re.search(r"^\s*(from|import) neo4j\b",
                                                                         p.read_text(encoding="utf-8"), re.M))
    assert importers == ["graph/neo4j_store.py"]


def test_loaders_import_no_store_web_or_drawing_code():
    from pathlib import Path

    for path in (Path(__file__).parents[2] / "loaders").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (graph|api|visualizations|fastapi|neo4j|pyvis)\b", text, re.M), path
