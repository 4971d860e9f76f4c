"""Answers kept until the store changes: keyed by the data a store reaches and what was asked,
and valid while the store's version (bumped by every committed write, in any process) stays."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from graph.store import GraphStore

T = TypeVar("T")
MAX_ENTRIES = 64
_entries: OrderedDict[tuple[str, str], tuple[int, object]] = OrderedDict()
_lock = threading.Lock()


def cached(store: GraphStore, what: str, build: Callable[[], T]) -> T:
    """Return build(), computed again only after a write to the store."""
    key, version = (store.cache_key, what), store.version()
    with _lock:
        hit = _entries.get(key)
        if hit is not None and hit[0] == version:
            _entries.move_to_end(key)
            return hit[1]  # type: ignore[return-value]
    value = build()
    with _lock:
        _entries[key] = (version, value)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value
