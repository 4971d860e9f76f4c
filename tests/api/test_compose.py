"""docker-compose.yml: Neo4j 5.26 Community with a healthcheck, and the API waiting for it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
COMPOSE = ROOT / "docker-compose.yml"


def compose_command() -> list[str] | None:
    """`docker compose` (v2) when it answers, else `docker-compose` (v1), else None."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_compose_file_validates():
    command = compose_command()
    if command is None:
        pytest.skip("no docker compose client here (.ci/run installs one)")
    result = compose_config(command, {"NEO4J_PASSWORD": "change-me"}, "--quiet")
    assert result.returncode == 0, result.stderr


def compose_config(command: list[str], env: dict[str, str], *flags: str) -> subprocess.CompletedProcess[str]:
    """Run `config` on docker-compose.yml with `env` as the only compose variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "DUTYGRAPH_"))}
    return subprocess.run([*command, "-f", str(COMPOSE), "config", *flags], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env={**clean, **env})


def test_compose_services():
    spec = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    neo4j, api = spec["services"]["neo4j"], spec["services"]["api"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "cypher-shell" in neo4j["healthcheck"]["test"] and "RETURN 1" in neo4j["healthcheck"]["test"]
    assert neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD")
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert "--load" in api["command"] and (ROOT / api["command"][-1]).exists()
    assert (ROOT / "Dockerfile").exists()
