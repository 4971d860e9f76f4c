"""What a heading says it is: the problem its tasks fix (针对“…”的整改措施), or a list of tasks
(即知即改任务清单). The patterns are data (loaders/data/headings.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.vocab import load_yaml


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    data = load_yaml("headings.yaml")
    return ([re.compile(p) for p in data["problem_patterns"]], [re.compile(p) for p in data["list_patterns"]])


def problem_text(title: str) -> str | None:
    """Return the problem a heading names, or None."""
    problems, _ = _patterns()
    for pattern in problems:
        m = pattern.search(title)
        if m:
            return re.sub(r"^(?:关于|针对)", "", m["p"].strip()).strip("“”\"‘’「」 ")
    return None


def is_list(title: str) -> bool:
    """True when a heading names a list of tasks."""
    _, lists = _patterns()
    return any(p.search(title) for p in lists)
