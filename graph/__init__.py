"""The responsibility graph: agency registry, graph facts, stores and queries."""
