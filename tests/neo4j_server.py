"""The tests' Neo4j: the launcher code lives in graph.stores.neo4j_launcher (the CLI's `dutygraph
neo4j start` uses it too); the names the tests and benchmarks import stay here."""

from __future__ import annotations

from graph.stores.neo4j_launcher import CLASSPATH, JAVA_FLAGS, LAUNCHER, Neo4jServer, free_port, launcher_problem

__all__ = ["CLASSPATH", "JAVA_FLAGS", "LAUNCHER", "Neo4jServer", "free_port", "launcher_problem"]
