"""The form names and texts are compared in, everywhere (stores, lookups, search)."""

from __future__ import annotations

import re
import unicodedata


def normalize_name(name: str) -> str:
    """Return the form names are compared in: NFKC (half-width brackets), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
