"""Store settings, read at the edge (CLI, app factory) from flags or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.store import GraphStore

STORE_KINDS = ("sqlite", "neo4j")


@dataclass(frozen=True)
class StoreSettings:
    kind: str = "sqlite"  # sqlite (embedded, one file in data_dir) | neo4j
    data_dir: Path = Path("data")
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str | None = None
    neo4j_password: str | None = None

    @classmethod
    def from_env(cls, kind: str | None = None, data_dir: Path | None = None) -> StoreSettings:
        """Return settings from flags (when given) over DUTYGRAPH_STORE, DUTYGRAPH_DATA, NEO4J_*."""
        env = os.environ
        chosen = kind or env.get("DUTYGRAPH_STORE") or "sqlite"
        if chosen not in STORE_KINDS:
            hint = " (the networkx 'memory' store is gone: 'sqlite' reads its graph.json once)" \
                if chosen == "memory" else ""
            raise ValueError(f"unknown store {chosen!r}: choose one of {', '.join(STORE_KINDS)}{hint}")
        return cls(kind=chosen, data_dir=data_dir or Path(env.get("DUTYGRAPH_DATA") or "data"),
                   neo4j_uri=env.get("NEO4J_URI", cls.neo4j_uri), neo4j_user=env.get("NEO4J_USER") or None,
                   neo4j_password=env.get("NEO4J_PASSWORD") or None)

    def as_env(self) -> dict[str, str]:
        """Return these settings as the environment from_env reads (worker processes inherit it)."""
        env = {"DUTYGRAPH_STORE": self.kind, "DUTYGRAPH_DATA": str(self.data_dir), "NEO4J_URI": self.neo4j_uri}
        if self.neo4j_user:
            env["NEO4J_USER"] = self.neo4j_user
        if self.neo4j_password:
            env["NEO4J_PASSWORD"] = self.neo4j_password
        return env


def open_store(settings: StoreSettings) -> GraphStore:
    """Return the store the settings name (SQLite in data_dir, or Neo4j)."""
    if settings.kind == "neo4j":
        from graph.stores.neo4j import Neo4jStore

        return Neo4jStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password)
    from graph.stores.sqlite import SqliteStore

    return SqliteStore(settings.data_dir)
