"""Mentions inside a task: regions (division data), platforms (…高新区, 产业创新服务综合体, …实验室)
and referenced documents (《…》)."""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.phrases.regions import region_index
from loaders.records import Mention, Span
from loaders.vocab import load_yaml

_DOC_TITLE = re.compile(r"《([^《》\n]{2,120})》")
_NAME_BOUNDARY = re.compile(r"[\s,.;:!?、。“”\"'‘’《》()（）〔〕\[\]【】<>〈〉/\-—·]")


@lru_cache(maxsize=1)
def _platform_vocab() -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...]]:
    data = load_yaml("platforms.yaml")
    suffixes = sorted(data["suffixes"], key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, suffixes)))
    # a stop word that ends exactly where the name would begin
    stops = re.compile("(?:" + "|".join(map(re.escape, sorted(data["stop_words"], key=len, reverse=True))) + ")$")
    quals = tuple(sorted(data["qualifiers"], key=len, reverse=True))
    return pattern, stops, quals


def is_platform_kind(name: str) -> bool:
    """True for a generic kind of platform (高新区, 实验室), not one named platform."""
    pattern, _, _ = _platform_vocab()
    return pattern.fullmatch(name) is not None


def find_mentions(text: str, start: int, end: int, province_code: str | None) -> list[Mention]:
    """Return region, platform and document mentions in text[start:end], first occurrence each."""
    found: list[Mention] = []
    found += _documents(text, start, end)
    found += _platforms(text, start, end)
    found += _regions(text, start, end, province_code)
    seen: set[tuple[str, str]] = set()
    unique = []
    for mention in found:
        if (mention.kind, mention.name) not in seen:
            seen.add((mention.kind, mention.name))
            unique.append(mention)
    return unique


def _documents(text: str, start: int, end: int) -> list[Mention]:
    return [Mention("document", m.group(1).strip(), Span(m.start(1), m.end(1)))
            for m in _DOC_TITLE.finditer(text, start, end) if m.group(1).strip()]


def _regions(text: str, start: int, end: int, province_code: str | None) -> list[Mention]:
    hits = region_index().find(text[start:end], province_code)
    return [Mention("region", h.region.short, Span(start + h.start, start + h.end),
                    full=h.region.name, code=h.region.code) for h in hits]


def _platforms(text: str, start: int, end: int) -> list[Mention]:
    pattern, _, _ = _platform_vocab()
    bare = _bare_kinds()
    mentions, last_end = [], start
    for m in pattern.finditer(text, start, end):
        name_start = _name_start(text, max(last_end, m.start() - 12), m.start())
        last_end = m.end()
        if text[name_start:m.end()] in bare:
            continue  # 建设实验室: a kind, no platform named
        mentions.append(Mention("platform", text[name_start : m.end()], Span(name_start, m.end())))
    return mentions


@lru_cache(maxsize=1)
def _bare_kinds() -> frozenset[str]:
    return frozenset(load_yaml("platforms.yaml").get("bare_not_platform", []))


def _name_start(text: str, floor: int, suffix_at: int) -> int:
    """Walk left from a platform suffix over the platform's own name (杭州高新区 ← 杭州)."""
    _, stops, quals = _platform_vocab()
    i = suffix_at
    while i > floor and not _NAME_BOUNDARY.match(text[i - 1]):
        if stops.search(text, floor, i):
            break
        i -= 1
    while True:  # 省级/国家 alone do not name a platform: 国家高新区 is the generic kind
        qual = next((q for q in quals if text.startswith(q, i) and i + len(q) <= suffix_at), None)
        if qual is None:
            return i
        i += len(qual)
