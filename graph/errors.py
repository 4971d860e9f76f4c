"""Graph-level errors; see loaders.errors for the whole tree."""

from __future__ import annotations

from loaders.errors import DutygraphError


class StoreError(DutygraphError):
    """The graph store failed to read or write."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (Neo4j down, wrong URI)."""


class NotFound(DutygraphError):
    """No node answers to the name or id asked for."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class Ambiguous(DutygraphError):
    """A name matches several nodes; the caller must pick one."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates
