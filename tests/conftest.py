"""Shared fixtures: the seed and its gold facts, a real Neo4j for the session (started in the
background as soon as the run knows it needs one), a Neo4j the fault tests may kill, one headless
Chromium, and `store`, which runs a test once on SQLite and once on Neo4j.

Markers are given by what a test uses, so the fast tier (`make test-fast`) can leave out what is
slow to start: `neo4j` (a real Neo4j), `browser` (Chromium), `office` (LibreOffice), `slow` (tests/reliability:
servers, processes, bombs and generated requests of their own)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

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


# -- markers by use --------------------------------------------------------------------------------

BROWSER_FIXTURES = {"browser"}
OFFICE_MODULES = {"test_legacy_word_and_ofd.py", "test_spreadsheets.py", "test_office_uploads.py"}
_early: dict[str, Any] = {}  # the session's Neo4j: "server" (a Future) and its "folder"


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by these markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"neo4j_uri", "own_server"}:
            item.add_marker(pytest.mark.neo4j)
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if item.path.name in OFFICE_MODULES or "office" in item.keywords:
            item.add_marker(pytest.mark.office)
        if item.path.parent.name == "reliability":  # servers, processes, bombs, generated requests
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("xdist_group") is None:
            # with pytest-xdist (--dist loadgroup) a module's tests run in one process, in order: module
            # fixtures are built once, and tests that follow each other (the README's examples) stay so
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the session's Neo4j at once, in the background, when a test selected needs it."""
    if session.config.option.collectonly:
        return
    needs_neo4j = any(item.get_closest_marker("neo4j") for item in session.items)
    if needs_neo4j and not os.environ.get("NEO4J_URI") and launcher_problem() is None:
        _start_session_neo4j()  # Neo4j takes 10–30 s to start: the first test needing it finds it (nearly) ready


def _start_session_neo4j() -> None:
    folder = Path(tempfile.mkdtemp(prefix="dutygraph-neo4j-"))
    _early["folder"] = folder
    _early["server"] = ThreadPoolExecutor(1).submit(lambda: Neo4jServer(folder / "data").start())


def pytest_sessionfinish(session: pytest.Session) -> None:
    if "server" in _early:
        try:
            _early["server"].result().stop()
        except RuntimeError:
            pass  # it never started: the test that needed it has said why
        shutil.rmtree(_early["folder"], ignore_errors=True)


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    """NEO4J_URI when set, else the Neo4j from the Maven-built launcher started for this session
    (stopped when the session finishes)."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    require_launcher()
    if "server" not in _early:  # collected without a neo4j marker (a test asking for it by name)
        _start_session_neo4j()
    yield _early["server"].result().uri


@pytest.fixture(scope="session")
def _killable_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    require_launcher()
    server = Neo4jServer(tmp_path_factory.mktemp("killable") / "data")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def own_server(_killable_neo4j: Neo4jServer) -> Iterator[Neo4jServer]:
    """A Neo4j a test may kill (and start again), running and empty when the test begins. The tests
    that kill a server share this one, so a run starts it once instead of once per test; they are
    kept on one xdist worker (xdist_group "killable")."""
    from graph.stores.neo4j import Neo4jStore

    if _killable_neo4j.process is None:
        _killable_neo4j.start()
    emptied = Neo4jStore(_killable_neo4j.uri)
    emptied.clear()
    emptied.close()
    yield _killable_neo4j


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium (Debian's, driven by Playwright) for every page test of the run."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if IN_CI:
            pytest.fail("CI must run the browser tests, but there is no chromium (apt-get install chromium)")
        pytest.skip("no chromium here (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    from tests.served import CHROMIUM_FLAGS

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


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
