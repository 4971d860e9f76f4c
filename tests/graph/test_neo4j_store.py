"""The Neo4j store on a real server: a uniqueness constraint on every node id, index seeks (not
scans) for the questions that start from a node — even while the index statistics still say the
graph is empty — and a database written before schema 2 brought up to date on first use."""

from __future__ import annotations

from datetime import date

import pytest
from neo4j import GraphDatabase

from graph import queries
from graph.facts import NODE_LABELS
from graph.service import load_parsed
from graph.store import AgencyMatch, CoordinationFilter, TaskFilter
from graph.stores import cypher
from graph.stores.neo4j import Neo4jStore
from loaders import parse_file

pytestmark = pytest.mark.neo4j


@pytest.fixture
def neo(neo4j_uri, seed_path):
    store = Neo4jStore(neo4j_uri)
    store.clear()
    load_parsed(store, parse_file(seed_path))
    driver = GraphDatabase.driver(neo4j_uri, notifications_min_severity="OFF")
    yield store, driver
    driver.close()
    store.close()


def test_every_node_id_is_unique_by_constraint(neo):
    _, driver = neo
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type")
    unique = {r["labelsOrTypes"][0] for r in records if r["type"] == "UNIQUENESS" and r["properties"] == ["id"]}
    assert {"Node", "Meta"} <= unique
    records, _, _ = driver.execute_query("MATCH (n) WHERE NOT n:Node AND NOT n:Meta RETURN count(n) AS n")
    assert records[0]["n"] == 0  # every graph node carries Node, so the one constraint covers every id
    for label in NODE_LABELS:  # and every write merges on it
        assert f"MERGE (n:Node:{label} {{id: row.id}})" in cypher.merge_nodes(label)


def operators(driver, statement: str, **params) -> set[str]:
    with driver.session() as session:
        plan = session.run("EXPLAIN " + statement, **params).consume().plan
    found: set[str] = set()

    def walk(step):
        found.add(step["operatorType"].split("@")[0])
        for child in step.get("children", []):
            walk(child)

    walk(plan)
    return found


PARAMS = {"agency": "agency:浙江省科学技术厅", "role": "lead", "shared": ["a", "b"], "problem": "p",
          "document": "d", "limit": 50, "offset": 0, "lead": "lead", "co": "co", "dash": "—", "empty": "",
          "today": 20210101, "soon": 20210131, "ids": ["a"], "id": "t", "ident": "x", "department": "finance",
          "suffix": "财政厅", "level": None, "top": 10, "jurisdiction": None, "due_from": None, "due_to": None}
ANCHORED = {
    "an agency's tasks": cypher.tasks(TaskFilter(agency="a", role="lead"), False),
    "shared tasks": cypher.tasks(TaskFilter(shared=("a", "b")), False),
    "a problem's tasks": cypher.tasks(TaskFilter(problem="p"), False),
    "a document's tasks": cypher.tasks(TaskFilter(document="d"), True),
    "one task": cypher.TASK,
    "an agency's load": cypher.AGENCY_LOAD,
    "co-agencies": cypher.CO_AGENCIES,
    "an agency's network": cypher.coordination(CoordinationFilter(agency="a")),
    "an agency by department": cypher.AGENCY_BY_DEPARTMENT,
    "an agency by short form": cypher.AGENCY_BY_SHORT_FORM,
}


@pytest.fixture(scope="module")
def plans_on_stale_statistics(neo4j_uri, seed_path) -> dict[str, set[str]]:
    """The operators of each anchored question, planned afresh over the seed in a database whose
    id index was last sampled empty: what a fresh server holds for the seconds after its first
    load, until the next background sample (and what it plans then stays cached). With those
    figures a scan of the whole index is costed at nothing. Planned in one go, right after the
    load, before a sample can catch up."""
    driver = GraphDatabase.driver(neo4j_uri, notifications_min_severity="OFF")
    store = Neo4jStore(neo4j_uri)
    try:
        store.clear()
        driver.execute_query("DROP CONSTRAINT node_id IF EXISTS")
        driver.execute_query("MATCH (m:Meta) DELETE m")  # so the next store makes the schema again
        store.close()
        store = Neo4jStore(neo4j_uri)
        store.ensure_schema()  # the index is built, and sampled, over no nodes
        load_parsed(store, parse_file(seed_path))
        return {q: operators(driver, "CYPHER replan=force " + statement, **PARAMS) for q, statement in ANCHORED.items()}
    finally:
        store.ensure_schema()
        store.close()
        driver.close()


@pytest.mark.parametrize("question", sorted(ANCHORED))
def test_questions_from_a_node_seek_by_index(plans_on_stale_statistics, question):
    found = plans_on_stale_statistics[question]
    assert found & {"NodeUniqueIndexSeek", "NodeIndexSeek", "NodeIndexEndsWithScan"}, found
    assert not found & {"AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "NodeIndexScan"}, found


def test_a_database_written_before_schema_2_is_upgraded(neo, neo4j_uri):
    store, driver = neo
    sci = queries.resolve_agency(store, "省科技厅").id
    before = (queries.agency_load(store, sci, date(2021, 7, 1)), [t.id for t in queries.year_unknown_in_month(store, 6)],
              store.counts())
    internal = ", ".join(f"n.{p}" for p in cypher.INTERNAL)
    driver.execute_query(f"MATCH (n:Node) REMOVE {internal}")  # what an older dutygraph wrote
    driver.execute_query("MATCH (m:Meta) DELETE m")
    fresh = Neo4jStore(neo4j_uri)
    try:
        assert fresh.tasks(TaskFilter(), 50).total == 8
        after = (queries.agency_load(fresh, sci, date(2021, 7, 1)), [t.id for t in queries.year_unknown_in_month(fresh, 6)],
                 fresh.counts())
        assert after == before
        assert queries.resolve_agency(fresh, "省科技厅").id == sci
        assert [n.props["name"] for n in fresh.agencies_matching(AgencyMatch(suffix="财政厅"))] == ["浙江省财政厅"]
        assert queries.find_node(fresh, "Region", "Huzhou").props["short"] == "湖州"
        assert not set(cypher.INTERNAL) & set(fresh.task(before[1][0]).props)  # type: ignore[union-attr]
    finally:
        fresh.close()
