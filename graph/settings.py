"""Store settings, read at the edge (CLI, app factory) from flags or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph.store import GraphStore

STORE_KINDS = ("memory", "neo4j")


@dataclass(frozen=True)
class StoreSettings:
    kind: str = "memory"  # memory (networkx, embedded) | neo4j
    data_dir: Path | None = Path("data")
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str | None = None
    neo4j_password: str | None = None

    @classmethod
    def from_env(cls, kind: str | None = None, data_dir: Path | None = None) -> StoreSettings:
        """Return settings from flags (when given) over DUTYGRAPH_STORE, DUTYGRAPH_DATA, NEO4J_*."""
        env = os.environ
        chosen = kind or env.get("DUTYGRAPH_STORE", "memory")
        if chosen not in STORE_KINDS:
            raise ValueError(f"unknown store {chosen!r}: choose one of {', '.join(STORE_KINDS)}")
        return cls(kind=chosen, data_dir=data_dir or Path(env.get("DUTYGRAPH_DATA", "data")),
                   neo4j_uri=env.get("NEO4J_URI", cls.neo4j_uri), neo4j_user=env.get("NEO4J_USER") or None,
                   neo4j_password=env.get("NEO4J_PASSWORD") or None)


def open_store(settings: StoreSettings) -> GraphStore:
    """Return the store the settings name (networkx persisted in data_dir, or Neo4j)."""
    if settings.kind == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password)
    from graph.nx_store import NetworkxStore

    return NetworkxStore(settings.data_dir)
