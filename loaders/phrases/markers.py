"""Responsibility markers in a task's text, in the written forms the genre uses:

- field lists in brackets: (责任单位:省科技厅、省财政厅;整改时限:2020年6月底前), any of ()〔〕[]【】,
  a nested bracket never closing the marker (各市、县(市、区));
- State-Council clauses in brackets: (国家发展改革委牵头,财政部等按职责分工负责), (X负责);
- a bare list of units in brackets at the end of an item: (省发改委、省财政厅);
- fields outside brackets, usually on their own lines: 牵头单位:… / 配合责任单位:… / 分管省领导:….

Labels are read by their words (loaders.phrases.labels), so 主体责任单位, 协同责任单位, 部门分工 and 责任主体
need no list; a label's value may itself be clauses (部门分工:X牵头,各地、各部门配合).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from loaders.phrases.clauses import (
    MarkedUnit,
    ends_like_org,
    has_duty_verb,
    is_post,
    looks_like_org,
    parse_clauses,
    roles_for_list,
)
from loaders.phrases.deadlines import find_deadline
from loaders.phrases.labels import Label, find_labels
from loaders.phrases.leaders import Leader, split_leaders
from loaders.phrases.names import UnitName, restore_prefixes, split_units
from loaders.records import Deadline, Span
from loaders.text import CLOSE_BRACKETS, OPEN_BRACKETS, content_end

__all__ = ["MarkedUnit", "Marker", "find_markers", "bracket_groups", "looks_like_org", "roles_for_list"]


@dataclass(frozen=True)
class Marker:
    span: Span
    units: tuple[MarkedUnit, ...]
    deadline: Deadline | None
    style: str  # fields | state_council | list | lines | table
    leaders: tuple[Leader, ...] = ()
    cut: bool = False  # the text ends inside it (an excerpt cut mid-marker)


@dataclass
class _Fields:
    units: list[MarkedUnit] = field(default_factory=list)
    deadline: Deadline | None = None
    leaders: list[Leader] = field(default_factory=list)


def find_markers(text: str, start: int, end: int, stops: tuple[int, ...] = ()) -> list[Marker]:
    """Return the responsibility markers in text[start:end] (half-width text), in order. `stops`
    are offsets where a field's value must end (the next item's number on a one-line page)."""
    markers: list[Marker] = []
    covered: list[tuple[int, int]] = []
    for open_at, close_at in bracket_groups(text, start, end):
        marker = _bracket_marker(text, open_at, close_at, end)
        if marker is not None:
            markers.append(marker)
            covered.append((open_at, close_at))
    markers.extend(_line_fields(text, start, end, covered, stops))
    markers.extend(_by_sentences(text, start, end, covered))
    markers.sort(key=lambda m: m.span.start)
    return markers


# A sentence that hands the item over: 由市财政局、农业局,各县(市)、区人民政府负责落实。 It starts a
# sentence (or a line) and ends in a duty verb; what lies between is read as clauses.
_BY_SENTENCE = re.compile(r"(?:(?<=[。;\n])|^)[ \t]*由(?!于)(?P<body>[^。;\n]{2,300})(?=[。;\n]|$)", re.M)


def _by_sentences(text: str, start: int, end: int, covered: list[tuple[int, int]]) -> list[Marker]:
    """Markers of 由X牵头,Y配合 / 由A、B负责落实 sentences outside brackets."""
    out = []
    for m in _BY_SENTENCE.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in covered):
            continue
        units, deadline = parse_clauses(text, m.start("body"), m.end("body"))
        if units:
            out.append(Marker(Span(m.start(), m.end()), tuple(units), deadline, "state_council"))
    return out


def bracket_groups(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return (open, close) offsets of the top-level bracket groups; close is exclusive.

    Any closing bracket closes the innermost group, whatever its shape, so the ) inside
    各市、县(市、区) closes only its own (. An unclosed group runs to the end of its line."""
    groups, depth, open_at = [], 0, -1
    for i in range(start, end):
        ch = text[i]
        if ch in OPEN_BRACKETS:
            if depth == 0:
                open_at = i
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
            if depth == 0:
                groups.append((open_at, i + 1))
        elif ch == "\n" and depth:
            groups.append((open_at, i))
            depth = 0
    if depth:
        groups.append((open_at, end))
    return groups


def _bracket_marker(text: str, open_at: int, close_at: int, end: int) -> Marker | None:
    closed = close_at > open_at + 1 and text[close_at - 1] in CLOSE_BRACKETS
    inner_start, inner_end = open_at + 1, close_at - 1 if closed else close_at
    cut = not closed and not text[close_at:end].strip()
    # units end at a full stop: a sentence after it is a note (以下…均需…落实,不再单独列出), not units
    inner_end = _sentence_end(text, inner_start, inner_end)
    labels = find_labels(text, inner_start, inner_end)
    if labels:
        found = _parse_fields(text, labels, inner_end)
        if cut:
            found.units = _drop_cut_name(found.units, text, inner_end)
        if found.units or found.deadline or found.leaders or cut:
            return Marker(Span(open_at, close_at), _shared_across_fields(found.units), found.deadline, "fields",
                          tuple(found.leaders), cut)
        return None
    units, deadline = parse_clauses(text, inner_start, inner_end)
    if cut:
        units = _drop_cut_name(units, text, inner_end)
        # cut before its verb, the list's roles are unknown: the task is flagged, no unit guessed
        return Marker(Span(open_at, close_at), _shared_across_fields(units), deadline, "state_council", (), True)
    if units:
        return Marker(Span(open_at, close_at), _shared_across_fields(units), deadline, "state_council")
    return _bare_list(text, open_at, close_at, inner_start, inner_end) if closed else None


def _sentence_end(text: str, start: int, end: int) -> int:
    depth = 0
    for i in range(start, end):
        ch = text[i]
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
        elif ch == "。" and depth == 0 and text[i + 1:end].strip():
            return i
    return end


def _bare_list(text: str, open_at: int, close_at: int, inner_start: int, inner_end: int) -> Marker | None:
    """(省发改委、省财政厅) closing an item: units with no verb, the first leading."""
    after = text[close_at:close_at + 2].lstrip(" ")
    if after and after[0] not in "。;\n" and not text[close_at:].startswith(("\n",)):
        return None
    line_start = text.rfind("\n", 0, open_at) + 1
    before = text[max(line_start, open_at - 8):open_at].rstrip()
    if (before and ends_like_org(before)) or find_labels(text, line_start, open_at):
        return None  # a gloss on a name (县政府(管委会)) or part of a field's value
    names = split_units(text[inner_start:inner_end], inner_start)
    if not names or not all(looks_like_org(n) and not n.name.endswith(_PLACE_ONLY) for n in names):
        return None
    return Marker(Span(open_at, close_at), tuple(roles_for_list(names, "mixed")), None, "list")


_FIELD_END = tuple("。;)）】〕")
_PLACE_ONLY = ("市", "县", "区", "省", "镇", "乡", "州", "旗", "盟")


def looks_cut(unit: UnitName) -> bool:
    """A name an excerpt cut: it does not end like a unit (人行芜湖), a bracket is left open
    (各区政府〈含开发区), or a level prefix is followed by one character only (市协, 省财)."""
    opened = sum(unit.name.count(c) for c in OPEN_BRACKETS + "〈")
    closed = sum(unit.name.count(c) for c in CLOSE_BRACKETS + "〉")
    stub = len(unit.name) == 2 and unit.name[0] in "省市县区" and unit.name[1] not in "委府"
    return not looks_like_org(unit) or opened > closed or stub


def _drop_cut_name(units: list[MarkedUnit], text: str, end: int) -> list[MarkedUnit]:
    """An excerpt that ends inside a marker may end mid-name (省财, 省委组): the last name, when
    the text stops right after it, cannot be trusted and is dropped."""
    if not units:
        return units
    last = units[-1].unit
    tail = text[last.start + len(last.written):end]
    if looks_cut(last) or not tail.strip(" \t\n"):
        return units[:-1]
    return units


def _shared_across_fields(units: list[MarkedUnit]) -> tuple[MarkedUnit, ...]:
    """(牵头单位:省发改委;配合单位:财政厅) → 省财政厅: the prefix carries into the next field."""
    restored = restore_prefixes([u.unit for u in units])
    return tuple(MarkedUnit(unit, marked.role) for unit, marked in zip(restored, units, strict=True))


def _parse_fields(text: str, labels: list[Label], end: int) -> _Fields:
    """Read the values of labels in one marker or block: units by role, people, a time."""
    out = _Fields()
    # (牵头单位:A;责任单位:B、C): with a lead named apart, a plain 责任单位 list is co-responsible
    has_lead_field = any(label.kind == "lead" for label in labels)
    for i, label in enumerate(labels):
        value_end = labels[i + 1].start if i + 1 < len(labels) else end
        kind = "co" if label.kind == "mixed" and has_lead_field else label.kind
        _read_value(text, label.end, value_end, kind, out)
    return out


# On a page run into one line, the next field of a record starts after a space with a label the
# parser has no role for (项目责任人:…, 实际完成情况:…): the value ends there.
_OTHER_LABEL = re.compile(r"[ \t]+[\u4e00-\u9fff]{2,10}:")


def _read_value(text: str, start: int, end: int, kind: str, out: _Fields) -> None:
    other = _OTHER_LABEL.search(text, start, end)
    value = text[start:other.start() if other else end].rstrip(" ;,。\n\t")
    if kind == "time":
        out.deadline = find_deadline(value.strip(" ;,。"), start + len(value) - len(value.lstrip()),
                                     from_field=True) or out.deadline
    elif kind == "person":
        out.leaders.extend(leader for leader in split_leaders(value, start) if not is_post(leader.name))
    elif kind in ("lead", "co", "mixed"):
        units, deadline = _field_units(value, start, kind)
        out.units.extend(units)
        out.deadline = deadline or out.deadline


def _field_units(value: str, offset: int, role: str) -> tuple[list[MarkedUnit], Deadline | None]:
    """Units of one field value; a value written as clauses (X牵头,各地配合) is read as clauses,
    and a date among the units (;2021年12月底前) is the deadline, never a unit."""
    if has_duty_verb(value):
        units, deadline = parse_clauses(value, 0, len(value), strict=False)
        return [MarkedUnit(_shifted(u.unit, offset), u.role) for u in units], _shift(deadline, offset)
    names, deadline = [], None
    for part_start, part in _parts(value):
        dated = find_deadline(part, offset + part_start)
        if dated is not None and len(dated.raw) >= len(part.strip(" ,、")) - 4:
            deadline = dated
            continue
        names.extend(split_units(part, offset + part_start))
    names = [n for n in names if not is_post(n.name)]
    return roles_for_list(restore_prefixes(names), role), deadline


def _parts(value: str) -> list[tuple[int, str]]:
    """Split a field value at ; (outside brackets): units, then perhaps a time."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
        elif ch == ";" and depth == 0:
            out.append((start, value[start:i]))
            start = i + 1
    out.append((start, value[start:]))
    return out


def _shift(deadline: Deadline | None, offset: int) -> Deadline | None:
    if deadline is None:
        return None
    from dataclasses import replace

    return replace(deadline, span=Span(deadline.span.start + offset, deadline.span.end + offset))


def _shifted(unit: UnitName, offset: int) -> UnitName:
    return UnitName(unit.name, unit.written, unit.start + offset, unit.collective, unit.lead_mark)


def _line_fields(text: str, start: int, end: int, covered: list[tuple[int, int]],
                 stops: tuple[int, ...]) -> list[Marker]:
    """Fields outside brackets: 牵头单位:… up to the end of its line or sentence, read in blocks."""
    starts = [a for a, _ in covered]  # bracket groups, in order and apart

    def in_bracket(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < covered[k][1]

    labels = [label for label in find_labels(text, start, end) if not in_bracket(label.start)]
    markers = []
    for block in _blocks(text, labels, end, stops):
        # the fields of one block are read together: 牵头单位 on one line makes the 责任单位
        # on the next co-responsible, and a 省 prefix carries over
        block_end = _value_end(text, block[-1].end, end, stops)
        found = _parse_fields(text, block, block_end)
        # the text ends inside this field, and its last name is no whole name (人行芜湖, 各区政府〈含):
        # an excerpt cut mid-name — the name is dropped, the task flagged
        text_end = content_end(text)
        cut = (block_end >= text_end and not text[text_end - 1:text_end].endswith(_FIELD_END)
               and bool(found.units) and looks_cut(found.units[-1].unit))
        if cut:
            found.units = found.units[:-1]
        if found.units or found.deadline or found.leaders or cut:
            markers.append(Marker(Span(block[0].start, block_end), _shared_across_fields(found.units),
                                  found.deadline, "lines", tuple(found.leaders), cut))
    return markers


def _blocks(text: str, labels: list[Label], end: int, stops: tuple[int, ...]) -> list[list[Label]]:
    """Group labels whose values follow one another (separated only by blanks or separators)."""
    blocks: list[list[Label]] = []
    for label in labels:
        if blocks:
            previous_end = _value_end(text, blocks[-1][-1].end, end, stops)
            if previous_end >= label.start or not text[previous_end:label.start].strip(" \t\n;,。"):
                blocks[-1].append(label)
                continue
        blocks.append([label])
    return blocks


def _value_end(text: str, value_start: int, end: int, stops: tuple[int, ...]) -> int:
    """Where a line field's value ends: its line's end, a 。, the next label or a stop."""
    stop = end
    newline = text.find("\n", value_start, end)
    if newline != -1:
        stop = newline
    period = text.find("。", value_start, stop)
    if period != -1:
        stop = period
    k = bisect.bisect_right(stops, value_start)
    if k < len(stops) and stops[k] < stop:
        stop = stops[k]
    nxt = find_labels(text, value_start, stop, limit=1)
    return nxt[0].start if nxt else stop
