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


_SPACE = re.compile(r"\s+")
_NOTICE = re.compile(r"^(?:关于)?(?:印发|转发|下发)?《?(?P<plan>.+?)》?(?:的)?(?:通知|的函)?$")


def plan_title(title: str, issuer: str | None) -> str:
    """Return a plan's own title: without its issuer in front and the notice around it
    (宁波市人民政府办公厅关于印发宁波市…方案的通知 → 宁波市…方案)."""
    core = _SPACE.sub("", unicodedata.normalize("NFKC", title))
    if issuer:
        core = core.removeprefix(_SPACE.sub("", unicodedata.normalize("NFKC", issuer)))
    m = _NOTICE.match(core)
    return m["plan"] if m else core
