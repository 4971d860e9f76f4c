"""The outline of a document: numbered headings (一、 (一) 1. (1) ①, full- or half-width, at a line
start or inline after a sentence) arranged into a tree whose levels follow the order in which
each numbering style first appears."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CN_NUM = "一二三四五六七八九十百零〇"
_HEADING = re.compile(
    r"(?P<part>第[" + _CN_NUM + r"]+(?:部分|章|节))"
    r"|(?P<cn>[" + _CN_NUM + r"]{1,4})[、.](?![\d])"
    r"|(?P<pcn>\([" + _CN_NUM + r"]{1,4}\))"
    r"|(?P<ar>\d{1,3})(?:[.、](?![\d%])|[ \t](?=[^\d\s.%]))"
    r"|(?P<par>\(\d{1,3}\))"
    r"|(?P<rpar>(?<![\d(])\d{1,2}\))"
    r"|(?P<cir>[①-⑳])"
)
# A heading inside a paragraph must follow the end of a sentence or of a marker.
_INLINE_AFTER = "。;!?)]〕】:"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass
class Heading:
    style: str  # part | cn | pcn | ar | par | cir
    value: int
    label: str  # the numbering as written, e.g. (三)
    start: int  # where the numbering starts
    content_start: int  # right after the numbering
    end: int = 0  # end of this heading's own text (the next heading's start)
    subtree_end: int = 0
    parent: Heading | None = None
    children: list[Heading] = field(default_factory=list)

    def path(self) -> tuple[str, ...]:
        labels: list[str] = []
        node: Heading | None = self
        while node is not None:
            labels.append(node.label)
            node = node.parent
        return tuple(reversed(labels))

    def ancestors(self) -> list[Heading]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


def cn_to_int(numeral: str) -> int:
    """Return the value of a Chinese numeral up to 9999 (十二 → 12, 二十 → 20)."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    total, current = 0, 0
    for ch in numeral:
        if ch in digits:
            current = digits[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _value(style: str, raw: str) -> int:
    if style in ("cn", "pcn", "part"):
        return cn_to_int(raw.strip("()第部分章节、."))
    if style == "cir":
        return _CIRCLED.index(raw) + 1
    return int(re.sub(r"\D", "", raw))


def _label(style: str, match: re.Match[str]) -> str:
    raw = match.group(style)
    return raw.rstrip(".、 \t") if style in ("cn", "ar") else raw.rstrip(")") if style == "rpar" else raw


def find_headings(text: str, start: int, end: int, skip: list[tuple[int, int]] | None = None) -> list[Heading]:
    """Return the headings in text[start:end] (half-width text) in order."""
    headings: list[Heading] = []
    last: dict[str, int] = {}
    skip = skip or []
    for m in _HEADING.finditer(text, start, end):
        style = next(k for k, v in m.groupdict().items() if v is not None)
        if any(a <= m.start() < b for a, b in skip):
            continue
        value = _value(style, m.group(style))
        at_line_start = _at_line_start(text, m.start(), start)
        if not at_line_start and not _inline_ok(text, m.start(), style, value, last):
            continue
        if style == "ar" and not at_line_start and m.group(0)[-1].isspace():
            continue  # "3 个" inside a sentence is a count, not a heading
        if style == "rpar" and not at_line_start:
            continue  # 1) numbers items only at the start of a line
        last[style] = value
        headings.append(Heading(style, value, _label(style, m), m.start(), m.end()))
    return headings


def _at_line_start(text: str, pos: int, floor: int) -> bool:
    i = pos - 1
    while i >= floor and text[i] in " \t":
        i -= 1
    return i < floor or text[i] == "\n"


def _inline_ok(text: str, pos: int, style: str, value: int, last: dict[str, int]) -> bool:
    if style in ("part", "ar") and value == 0:
        return False
    i = pos - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i < 0 or text[i] not in _INLINE_AFTER:
        return False
    return value == last.get(style, 0) + 1 or (value == 1 and style in last)


def build_tree(headings: list[Heading], end: int) -> list[Heading]:
    """Link headings into a tree; return the roots. Sets each heading's `end` and `subtree_end`."""
    roots: list[Heading] = []
    stack: list[Heading] = []
    for i, heading in enumerate(headings):
        heading.end = headings[i + 1].start if i + 1 < len(headings) else end
        styles = [h.style for h in stack]
        if heading.style in styles:
            del stack[styles.index(heading.style):]
        if stack:
            heading.parent = stack[-1]
            stack[-1].children.append(heading)
        else:
            roots.append(heading)
        stack.append(heading)
    for heading in reversed(headings):
        heading.subtree_end = max([heading.end] + [c.subtree_end for c in heading.children])
    return roots


def title_of(text: str, start: int, end: int) -> str:
    """Return the first sentence of text[start:end]: up to 。, ; or a newline, or a short title's colon."""
    stop = end
    for sep in ("。", "\n", ";"):
        pos = text.find(sep, start, stop)
        if pos != -1:
            stop = pos
    colon = text.find(":", start, min(stop, start + 30))
    if colon != -1:
        stop = colon
    title = text[start:stop].strip()
    return title[:80].rstrip(":,。 ")
