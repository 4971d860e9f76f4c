"""Shared fixtures: the seed and its gold facts, a real Neo4j for the session, and `store`,
which runs a test once on SQLite and once on Neo4j."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore
from graph.stores.sqlite import SqliteStore
from tests.neo4j_server import Neo4jServer, launcher_problem

DATA = Path(__file__).parent / "data"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return DATA / "seed.txt"


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((DATA / "seed.gold.json").read_text(encoding="utf-8"))


def require_launcher() -> None:
    """Go on only when the Maven-built Neo4j launcher can run: else skip, or fail under CI, where
    the Neo4j tests must run."""
    problem = launcher_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"CI must run the Neo4j tests, but {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """NEO4J_URI when set, else a Neo4j started from the Maven-built launcher for this session."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    require_launcher()
    server = Neo4jServer(tmp_path_factory.mktemp("neo4j") / "data").start()
    try:
        yield server.uri
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh, empty store of each kind."""
    if request.param == "sqlite":
        embedded = SqliteStore(tmp_path / "data")
        yield embedded
        embedded.close()
        return
    from graph.stores.neo4j import Neo4jStore

    neo = Neo4jStore(request.getfixturevalue("neo4j_uri"))
    neo.clear()
    yield neo
    neo.close()
