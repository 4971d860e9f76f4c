"""Benchmarks and the corpus generator: scripts that print tables (see docs/benchmarks.md)."""
