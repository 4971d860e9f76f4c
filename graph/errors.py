"""Graph-level errors; see loaders.errors for the whole tree. Under DutygraphError:

    StoreError              the store failed to read or write (a full disk, a bad saved file)
    └── StoreUnavailable    it cannot be reached now (Neo4j down): HTTP 503
        └── StoreBusy       another writer held it past the busy timeout: try again
    NotFound / Ambiguous    no node, or several, answer to a name
    LedgerError             a ledger write (progress, correction, year) is not valid: HTTP 400
    └── Conflict            a correction would not do what it says (two names, one unit): HTTP 409
"""

from __future__ import annotations

from loaders.errors import DutygraphError


class StoreError(DutygraphError):
    """The graph store failed to read or write."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (Neo4j down, wrong URI)."""


class StoreBusy(StoreUnavailable):
    """Another writer holds the store longer than the busy timeout; trying again later works."""


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


class LedgerError(DutygraphError):
    """A progress report, correction or document year is not valid; nothing was written."""


class Conflict(LedgerError):
    """A correction is valid alone but would not do what it asks (it names one unit twice, or would
    leave a task without a unit it adds); nothing was written."""
