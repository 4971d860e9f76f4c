"""Task texts in the form the aligner compares them: what a level changes or a mirror adds is
left out, and every compared character remembers where it stands in the text as written, so the
aligned spans a link gives as evidence point into the task's own text.

Left out: responsibility and deadline markers ((牵头单位:省发展改革委)), romanisation glosses a
mirror puts inside words (發(fā)展), punctuation and spaces, the item number, and the level words
省 市 县 区 州 (推进省属国有企业 → 推进市属国有企业 is the same work one level down). Traditional
characters become simplified ones and full-width forms half-width (loaders.text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.text import normalize

_GLOSS = re.compile(r"[(【\[][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}[)】\]]")
# a bracket that says who is responsible or by when: (责任单位:…), 〔牵头单位:…;完成时限:…〕, (省发展改革委牵头负责)
_MARKER = re.compile(r"[(〔\[【][^()〔〕\[\]【】\n]{0,300}?(?:责任单位|牵头|配合|责任部门|主责|负责|完成时限|时限)"
                     r"[^()〔〕\[\]【】\n]{0,300}?[)〕\]】]")
_ITEM_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、.]|\(?[一二三四五六七八九十]{1,3}\)|\(?\d{1,3}\)"
                          r"|\d{1,3}[.、])")
_LEVEL_WORDS = str.maketrans(dict.fromkeys("省市县区州", " "))
_KEPT = re.compile(r"[\u3400-\u9fff0-9A-Za-z]+")


@dataclass(frozen=True)
class Comparable:
    """The characters of a task compared, and where each stands in the text as written."""

    text: str
    offsets: tuple[int, ...]  # offsets[i] is the position of text[i] in the written text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the written text's span of compared characters [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


def comparable(written: str) -> Comparable:
    """Return the compared form of a task's text (see the module docstring)."""
    # normalize makes a traditional text simplified when it reads as one (loaders.text's hints): a
    # character-by-character simplified() on every task cost a sixth of aligning 50,000 tasks
    text, base = _without_glosses(normalize(written))
    text = _blank(_MARKER, text)
    number = _ITEM_NUMBER.match(text)
    if number:
        text = " " * number.end() + text[number.end():]
    text = text.translate(_LEVEL_WORDS)
    kept: list[str] = []
    offsets: list[int] = []
    for m in _KEPT.finditer(text):
        kept.append(m.group())
        offsets.extend(range(m.start(), m.end()))
    if base is not None:
        offsets = [base[i] for i in offsets]
    return Comparable("".join(kept), tuple(offsets))


def _without_glosses(text: str) -> tuple[str, list[int] | None]:
    """Return `text` without glosses, and where each remaining character was (None: nowhere moved)."""
    if _GLOSS.search(text) is None:
        return text, None
    pieces: list[str] = []
    base: list[int] = []
    at = 0
    for m in _GLOSS.finditer(text):
        pieces.append(text[at:m.start()])
        base.extend(range(at, m.start()))
        at = m.end()
    pieces.append(text[at:])
    base.extend(range(at, len(text)))
    return "".join(pieces), base


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """Return `text` with what `pattern` finds blanked to spaces (same length, same offsets)."""
    return pattern.sub(lambda m: " " * len(m.group()), text)
