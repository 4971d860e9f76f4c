"""Every Cypher statement lives in graph/stores/cypher.py and every SQL statement in
graph/stores/sql.py; both take values only as parameters, and put only schema names (never
document text or a user's query) into their text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from graph.facts import EDGE_TYPES, NODE_LABELS
from graph.store import AgencyFilter, AgencyMatch, CoordinationFilter, DueWindow, TaskFilter
from graph.stores import cypher, sql

EVIL = "x') OR 1=1; MATCH (n) DETACH DELETE n //"
FILTERS = [
    TaskFilter(), TaskFilter(agency=EVIL, role="lead"), TaskFilter(shared=(EVIL, EVIL + "2")),
    TaskFilter(region=EVIL, platform=EVIL, problem=EVIL, document=EVIL, policy=EVIL),
    TaskFilter(due=DueWindow(date(2021, 6, 30), date(2021, 6, 1)), overdue_as_of=date(2021, 1, 1), unowned=True, q=EVIL),
    TaskFilter(document=EVIL, due=DueWindow(date(2021, 6, 30))),
]
COORDINATION = [CoordinationFilter(), CoordinationFilter(document=EVIL, jurisdiction=EVIL, due_from=(2021, 1),
                                                         due_to=(2021, 6), agency=EVIL)]


def cypher_statements() -> list[str]:
    fixed = [v for k, v in vars(cypher).items() if k.isupper() and isinstance(v, str)]
    built = [cypher.merge_nodes(label) for label in NODE_LABELS]
    built += [cypher.create_edges(t) for t in EDGE_TYPES] + [cypher.delete_edges_of_documents(t) for t in EDGE_TYPES]
    built += [cypher.nodes_by_label(label) for label in NODE_LABELS]
    built += [cypher.node_page(label, d) for label in NODE_LABELS for d in (False, True)]
    built += [cypher.nodes_named(label) for label in NODE_LABELS] + [cypher.names_of(label) for label in NODE_LABELS]
    built += [cypher.agency_ranking(sort) for sort in ("load", "lead", "overdue", "name")]
    built += [cypher.tasks(f, full) for f in FILTERS for full in (False, True)]
    built += [cypher.coordination(c) for c in COORDINATION]
    return fixed + list(cypher.CONSTRAINTS) + built


def sql_statements() -> list[str]:
    fixed = [v for k, v in vars(sql).items() if k.isupper() and isinstance(v, str)]
    fixed += [s for k, v in vars(sql).items() if k.isupper() and isinstance(v, tuple) for s in v
              if isinstance(s, str)]
    built = [part for f in FILTERS for full in (False, True) for part in sql.tasks(f, 50, 0, full)[:2]]
    built += [sql.agencies_matching(m)[0] for m in (AgencyMatch(ident=EVIL, key=EVIL), AgencyMatch(departments=(EVIL,)),
                                                    AgencyMatch(suffix=EVIL, department=EVIL, level=EVIL))]
    built += [sql.agency_ranking(AgencyFilter(EVIL, EVIL, EVIL, EVIL), s, date(2021, 1, 1), 30, 5, 0)[0]
              for s in ("load", "lead", "overdue", "name")]
    built += [part for c in COORDINATION for part in sql.coordination(c)[:3]]
    return fixed + built


SCHEMA_WORDS = set(NODE_LABELS + EDGE_TYPES + ("Node", "AgencyGroup", "Agency"))
# SQL also names the load dimensions it returns, the roles it counts and a JSON path
SQL_WORDS = SCHEMA_WORDS | {"lead", "co", "role", "month", "list", "problem", "document", "overdue", "due_soon", "—",
                            "$.sha256", "schema", "version", "table"}


@pytest.mark.parametrize("statement", cypher_statements())
def test_no_literal_values_in_cypher(statement):
    for literal in re.findall(r"'([^']*)'", statement):
        assert literal in SCHEMA_WORDS, literal
    assert EVIL not in statement


@pytest.mark.parametrize("statement", sql_statements())
def test_no_literal_values_in_sql(statement):
    for literal in re.findall(r"'([^']*)'", statement):
        assert literal in SQL_WORDS, literal
    assert EVIL not in statement and "DETACH" not in statement


@pytest.mark.parametrize("builder", [cypher.merge_nodes, cypher.create_edges, cypher.delete_edges_of_documents,
                                     cypher.nodes_by_label, cypher.nodes_named, cypher.names_of])
def test_builders_refuse_names_outside_the_schema(builder):
    with pytest.raises(ValueError, match="not part of the graph schema"):
        builder("Task) DETACH DELETE (n")


ROOT = Path(__file__).parents[2]


def importers(pattern: str) -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for folder in ("loaders", "graph", "api", "visualizations")
                  for p in (ROOT / folder).rglob("*.py") if re.search(pattern, p.read_text(encoding="utf-8"), re.M))


def test_only_the_neo4j_store_imports_the_driver():
    assert importers(r"^\s*(from|import) neo4j\b") == ["graph/stores/neo4j.py", "graph/stores/neo4j_ledger.py",
                                                      "graph/stores/neo4j_lineage.py"]


def test_only_the_sqlite_store_and_its_sql_touch_sqlite():
    assert importers(r"^\s*(from|import) sqlite3\b") == ["graph/stores/sqlite.py", "graph/stores/sqlite_ledger.py",
                                                        "graph/stores/sqlite_lineage.py", "graph/stores/sqlite_rows.py"]
    assert importers(r"\b(SELECT|INSERT|DELETE FROM|CREATE TABLE)\b.*\b(FROM|INTO|TABLE|WHERE)\b") == [
        "graph/stores/sql.py", "graph/stores/sql_ledger.py", "graph/stores/sql_lineage.py"]


def test_loaders_import_no_store_web_or_drawing_code():
    for path in (ROOT / "loaders").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (graph|api|visualizations|fastapi|neo4j|pyvis)\b", text, re.M), path
