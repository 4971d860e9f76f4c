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
    r"|(?P<ar>(?<![\d.])\d{1,3})(?:[.、](?![\d%A-Za-z])|[ \t](?=[^\d\s.%A-Za-z]))"
    r"|(?P<par>\(\d{1,3}\))"
    r"|(?P<rpar>(?<![\d(])\d{1,2}\))"
    r"|(?P<cir>[①-⑳])"
    # the single characters ⑴…⒇ and ⒈…⒛ that word processors put for (1) and 1.
    r"|(?P<encpar>[⑴-⒇])"
    r"|(?P<encar>[⒈-⒛])(?!\d)"
    # at a line start only: an item whose text begins with digits (1.2019年9月底前…, 11.121人才…)
    # or with no mark after its number (1优化服务)
    r"|(?P<arx>(?<![^\n])[ \t]*\d{1,3}(?:[.、](?=\d)|(?=[\u4e00-\u9fff])))"
)
# A number glued to these is a quantity, not an item: 3个, 10亿元, 5月, 2021年.
_MEASURE = "个项件家人名次年月日号亿万千百元条处座所台辆套户亩公里米吨股倍岁天周批期届级类"
# A heading inside a paragraph must follow the end of a sentence or of a marker.
_INLINE_AFTER = "。;!?)]〕】:"
_ENCLOSED_AS = {"encpar": "par", "encar": "ar"}  # the outline level each enclosed form stands for
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
    if style == "arx":
        return int(re.match(r"\s*(\d+)", raw).group(1))  # type: ignore[union-attr]
    if style in ("cn", "pcn", "part"):
        return cn_to_int(raw.strip("()第部分章节、."))
    if style == "cir":
        return _CIRCLED.index(raw) + 1
    if style == "encpar":
        return ord(raw) - ord("⑴") + 1
    if style == "encar":
        return ord(raw) - ord("⒈") + 1
    return int(re.sub(r"\D", "", raw))


def _label(style: str, match: re.Match[str]) -> str:
    raw = match.group(style)
    if style == "arx":
        return raw.strip().rstrip(".、")
    return raw.rstrip(".、 \t") if style in ("cn", "ar") else raw.rstrip(")") if style == "rpar" else raw


def find_headings(text: str, start: int, end: int, skip: list[tuple[int, int]] | None = None,
                  limit: int | None = None) -> list[Heading]:
    """Return the headings in text[start:end] (half-width text) in order, at most `limit`."""
    headings: list[Heading] = []
    last: dict[str, int] = {}
    skip = skip or []
    skips = sorted(skip)
    k = 0
    for m in _HEADING.finditer(text, start, end):
        if limit is not None and len(headings) >= limit:
            break
        style = m.lastgroup or ""
        while k < len(skips) and skips[k][1] <= m.start():
            k += 1
        if k < len(skips) and skips[k][0] <= m.start():
            continue
        value = _value(style, m.group(style))
        style = _ENCLOSED_AS.get(style, style)
        at_line_start = _at_line_start(text, m.start(), start)
        if style == "arx":
            if not _glued_item(text, m, value, last):
                continue
            style = "ar"  # the same outline level as 1. items
        elif not at_line_start and not _inline_ok(text, m.start(), style, value, last):
            continue
        if style == "ar" and not at_line_start and m.group(0)[-1].isspace():
            continue  # "3 个" inside a sentence is a count, not a heading
        if style == "rpar" and not at_line_start:
            continue  # 1) numbers items only at the start of a line
        last[style] = value
        start_at = m.start() + len(m.group(0)) - len(m.group(0).lstrip()) if style == "ar" else m.start()
        headings.append(Heading(style, value, _label(m.lastgroup or style, m), start_at, m.end()))
    return headings


def _glued_item(text: str, m: re.Match[str], value: int, last: dict[str, int]) -> bool:
    """1.2019年9月底前完成… and 1优化服务 are items only when they continue the numbering and the
    number is not a quantity (3个, 2019年)."""
    after = text[m.end():m.end() + 1]
    if after and after in _MEASURE:
        return False
    if value != last.get("ar", 0) + 1 and value != 1:
        return False
    if m.group(0).rstrip()[-1:] in ".、":
        return bool(re.match(r"\d{4}年|\d{1,3}[\u4e00-\u9fff]", text[m.end():m.end() + 5]))
    return True


def _at_line_start(text: str, pos: int, floor: int) -> bool:
    i = pos - 1
    while i >= floor and text[i] in " \t":
        i -= 1
    return i < floor or text[i] == "\n"


def _inline_ok(text: str, pos: int, style: str, value: int, last: dict[str, int]) -> bool:
    """A heading inside a line follows a sentence's end, or — on pages that run a whole document
    into one line — a space, when it continues its numbering exactly."""
    if style in ("part", "ar") and value == 0:
        return False
    i = pos - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    continues = value == last.get(style, 0) + 1
    if i >= 0 and text[i] not in _INLINE_AFTER:
        return i < pos - 1 and (continues or (value == 1 and style in last)) and style != "rpar"
    return i < 0 or continues or (value == 1 and style in last)


_RANK = {"part": 0, "cn": 1, "pcn": 2, "ar": 3, "par": 4, "rpar": 5, "cir": 6}


def build_tree(headings: list[Heading], end: int) -> list[Heading]:
    """Link headings into a tree; return the roots. Sets each heading's `end` and `subtree_end`."""
    roots: list[Heading] = []
    stack: list[Heading] = []
    for i, heading in enumerate(headings):
        heading.end = headings[i + 1].start if i + 1 < len(headings) else end
        # levels by the genre's fixed order (一、 above (一) above 1. above (1) above ①), so an
        # excerpt that opens on a "3." still puts the 四、 that follows above its items
        while stack and _RANK[stack[-1].style] >= _RANK[heading.style]:
            stack.pop()
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
    a, b = title_span(text, start, end)
    return text[a:b]


def title_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Return where title_of's title stands in `text`, so a title is cut from the original text
    at the same offsets."""
    stop = end
    for sep in ("。", "\n", ";"):
        pos = text.find(sep, start, stop)
        if pos != -1:
            stop = pos
    colon = text.find(":", start, min(stop, start + 30))
    if colon != -1:
        stop = colon
    while start < stop and text[start] in " \t":
        start += 1
    stop = min(stop, start + 80)
    while stop > start and text[stop - 1] in ":,。 \t":
        stop -= 1
    return start, stop
