"""Recording progress reports: checked, then written all or none."""

from __future__ import annotations

from collections.abc import Sequence

from graph.ledger.records import Progress, require_tasks
from graph.store import GraphStore


def record_progress(store: GraphStore, entries: Sequence[Progress]) -> None:
    """Record checked progress reports, all or none: every task they name must exist."""
    require_tasks([p.task_id for p in entries], store.existing_tasks([p.task_id for p in entries]))
    store.add_progress(entries)
