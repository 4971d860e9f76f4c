"""The form names and texts are compared in, everywhere (stores, lookups, search)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from loaders.text import simplified


@lru_cache(maxsize=65536)  # names repeat across documents: a load normalizes each agency thousands of times
def normalize_name(name: str) -> str:
    """Return the form names are compared in: NFKC (half-width brackets), simplified characters
    (市財政局 is 市财政局), no spaces."""
    return re.sub(r"\s+", "", simplified(unicodedata.normalize("NFKC", name)))
