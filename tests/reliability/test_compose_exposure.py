"""Finding 14: docker-compose published Neo4j on every interface with a default password. Now
it binds Neo4j to the loopback and will not start without NEO4J_PASSWORD."""

from __future__ import annotations

import pytest
import yaml

from tests.api.test_compose import compose_command, compose_config


@pytest.fixture
def command():
    found = compose_command()
    if found is None:
        pytest.skip("no docker compose client here (.ci/run installs one)")
    return found


def test_compose_refuses_to_start_without_a_neo4j_password(command):
    result = compose_config(command, {}, "--quiet")
    assert result.returncode != 0 and "NEO4J_PASSWORD" in result.stderr


def test_neo4j_is_published_on_the_loopback_only(command):
    result = compose_config(command, {"NEO4J_PASSWORD": "change-me"})
    assert result.returncode == 0, result.stderr
    neo4j = yaml.safe_load(result.stdout)["services"]["neo4j"]
    published = [str(p) if not isinstance(p, dict) else f"{p.get('host_ip', '0.0.0.0')}:{p['published']}"
                 for p in neo4j["ports"]]
    assert len(published) == 2 and all(p.startswith("127.0.0.1:") for p in published), published
    assert neo4j["environment"]["NEO4J_AUTH"] == "neo4j/change-me"
