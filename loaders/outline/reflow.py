"""Rejoin lines that a PDF text layer (or a copy of one) broke at the page width, so that no name,
date or marker is split (省财政\\n厅, (责\\n任单位, 2021 年 9\\n月底前), and drop the page-number
lines (- 2 -) that fall between them.

A text is wrapped when many of its lines fill the same width; a full line that does not end a
sentence then runs on into the next one, unless the next line opens a numbered item or a field.
Widths are counted in half-width cells (a Chinese character is two), as the page set them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_PAGE_NUMBER = re.compile(r"^[ \t]*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*/?\s*共\s*\d+\s*页)?)[ \t]*$")
_ENDS_SENTENCE = tuple("。;!?")
_OPENS_ITEM = re.compile(r"^[ \t]*(?:[一二三四五六七八九十]{1,3}[、.]|\(?[一二三四五六七八九十]{1,3}\)|\d{1,3}[.、)]"
                         r"|\(\d{1,3}\)|[①-⑳]|第[一二三四五六七八九十]+[章节部分])")
_MIN_LINES = 8
_SHARE = 0.35  # of the body's lines at the common width


def reflow(text: str) -> str:
    """Return `text` with page-width line breaks removed when it is wrapped; else `text` itself."""
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text
    out: list[str] = []
    joining = False
    for line in lines:
        if _PAGE_NUMBER.match(line):
            continue
        if joining and out and line.strip() and not _OPENS_ITEM.match(line):
            out[-1] += line.lstrip() if out[-1].endswith(" ") else line.strip() if _cjk_edge(out[-1]) else line
            full = True  # it was full before the join, so it is now (measuring it again each time was quadratic)
        else:
            out.append(line)
            full = _display_width(line) >= width - 6
        joining = full and not out[-1].rstrip().endswith(_ENDS_SENTENCE)
    return "\n".join(out)


def wrap_width(lines: list[str]) -> int | None:
    """Return the width at which the text's lines were wrapped, or None when they were not."""
    widths = [_display_width(ln) for ln in lines if ln.strip() and not _PAGE_NUMBER.match(ln)]
    if len(widths) < _MIN_LINES:
        return None
    longest = max(widths)
    if longest > 160 or longest < 30:
        return None  # paragraphs on one line each, or a list of short lines
    counts = Counter(w for w in widths if w >= longest * 0.8)
    width, _ = max(counts.items(), key=lambda kv: (sum(n for w, n in counts.items() if kv[0] - 3 <= w <= kv[0]), kv[0]))
    full = sum(1 for w in widths if width - 3 <= w <= width + 1)
    return width if full >= _SHARE * len(widths) and full >= 4 else None


def _display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line.rstrip())


def _cjk_edge(line: str) -> bool:
    """True when the line ends in a wide character: the next line joins without a space."""
    tail = line.rstrip()
    return bool(tail) and unicodedata.east_asian_width(tail[-1]) in "WF"
