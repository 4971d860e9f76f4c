"""Leaders: the people a task names to oversee it (分管省领导, 牵头负责领导, 责任领导 …). They are
people, never agencies or places; a name keeps its characters as written, without the spaces
that align two-character names with three-character ones (王  伟 → 王伟)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.records import Span

_TITLES = ("常务副省长", "副省长", "省长", "常务副市长", "副市长", "市长", "常务副县长", "副县长", "县长",
           "常务副区长", "副区长", "区长", "副书记", "书记", "副主任", "主任", "副部长", "部长", "秘书长",
           "副秘书长", "组长", "副组长", "同志")
_JUNK = re.compile(r"^[\d\s.:()\-—、]*$")


@dataclass(frozen=True)
class Leader:
    name: str  # as written, inner spaces removed
    span: Span


def split_leaders(value: str, offset: int = 0) -> list[Leader]:
    """Return the people named in a leader field or cell, with their spans (offset shifts them)."""
    out: list[Leader] = []
    for piece in re.finditer(r"[^、,;/，；\n]+", value):
        for word in _words(piece.group()):
            name = person_of(word[0])
            if name:
                end = offset + piece.start() + word[2]
                out.append(Leader(name, Span(end - len(name) if name != word[0] else
                                             offset + piece.start() + word[1], end)))
    return out


def _words(piece: str) -> list[tuple[str, int, int]]:
    """One piece between separators: one name (王  伟, padded to align) or several split by spaces
    (王伟 李明); each as (name, start, end) within the piece."""
    words = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[^ \t\u3000。.]+", piece)]
    words = [w for w in words if not _JUNK.match(w[0])]
    if not words:
        return []
    if len(words) > 1 and all(len(w[0]) >= 2 for w in words):
        return words
    if [len(w[0]) for w in words] == [1, 2, 1]:  # 陆 明俞 悦: two padded names side by side
        (a, sa, _), (b, sb, eb), (c, _, ec) = words
        return [(a + b[0], sa, sb + 1), (b[1] + c, sb + 1, ec)]
    return [("".join(w[0] for w in words), words[0][1], words[-1][2])]


_PLACED_POST = re.compile(r"^(?:[\u4e00-\u9fff]{2,6}?(?:省|市|县|区|州))?(?:委|政府)?(?:常务)?副?"
                          r"(?:省长|市长|县长|区长|州长|书记|主任|秘书长|部长|常委)")


def person_of(written: str) -> str | None:
    """The person a leader field names: 珠海市委书记吕玉印 → 吕玉印; None for a post alone (广东省副省长)."""
    m = _PLACED_POST.match(written)
    if not m:
        return written
    rest = written[m.end():]
    return rest if 2 <= len(rest) <= 4 else None


def bare_name(written: str) -> str:
    """Return a leader's name without a title written around it (副市长王伟 → 王伟)."""
    name = written
    for title in _TITLES:
        if name.startswith(title) and len(name) > len(title) + 1:
            name = name[len(title):]
        if name.endswith(title) and len(name) > len(title) + 1:
            name = name[: -len(title)]
    return name


def leader_title(written: str) -> str | None:
    """Return the title written beside a leader's name (副省长), or None."""
    for title in _TITLES:
        if title in written and written != title:
            return title
    return None


_NOT_TITLES = ("同志",)  # a courtesy, not a post


def title_in_text(text: str, name: str) -> str | None:
    """Return the post the text writes right beside a leader's name (沈  凌副县长, 副省长王伟), or None."""
    if not name:
        return None
    spaced = r"[ \t\u3000]*".join(map(re.escape, name))
    titles = "|".join(map(re.escape, sorted((t for t in _TITLES if t not in _NOT_TITLES), key=len, reverse=True)))
    m = re.search(f"(?P<before>{titles})[ \t\u3000]*{spaced}|{spaced}[ \t\u3000]*(?P<after>{titles})", text)
    return (m["before"] or m["after"]) if m else None
