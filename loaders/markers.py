"""Responsibility markers in a task's text, in the three written forms:

- field lists in brackets: (责任单位:省科技厅、省财政厅;整改时限:2020年6月底前), any of ()〔〕[]【】,
  a nested bracket never closing the marker (各市、县(市、区));
- State-Council clauses in brackets: (国家发展改革委牵头,财政部等按职责分工负责), (X负责);
- fields outside brackets, usually on their own lines: 牵头单位:… / 配合单位:… / 完成时限:….
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.deadlines import find_deadline
from loaders.names import UnitName, restore_prefixes, split_units
from loaders.records import Deadline, Role, Span
from loaders.text import CLOSE_BRACKETS, OPEN_BRACKETS
from loaders.vocab import load_yaml

FIELD_ROLES = ("lead", "co", "mixed", "time", "ignore")
# What an organisation's name ends with; a State-Council clause must name only such units.
_ORG_END = re.compile(
    r"(?:部|委|厅|局|办|院|署|会|行|府|中心|集团|公司|单位|部门|地区|各地|处|室|所|站|队|社|团|馆|台|中央|"
    r"街道|办事处|党委|党组|政府|管委会|镇|乡|市|县|区|州|省|旗|盟|海关|机构|法院|检察院|银行|企业|学校|高校)$"
)
_TRAILING_BRACKET = re.compile(r"[(（〔\[【][^()（）〔〕\[\]【】]*[)）〕\]】]$")


@dataclass(frozen=True)
class MarkedUnit:
    unit: UnitName
    role: Role


@dataclass(frozen=True)
class Marker:
    span: Span
    units: tuple[MarkedUnit, ...]
    deadline: Deadline | None
    style: str  # fields | state_council | lines


@lru_cache(maxsize=1)
def field_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    fields = load_yaml("markers.yaml")["fields"]
    role_of = {key: role for role in FIELD_ROLES for key in fields[role]}
    keys = sorted(role_of, key=len, reverse=True)
    # 牵头部门(单位): — a key may carry a short bracketed gloss before its colon
    pattern = re.compile(r"(?P<key>" + "|".join(map(re.escape, keys)) + r")(?:\s*[(（][^()（）:]{1,6}[)）])?\s*[:]\s*")
    return pattern, role_of


@lru_cache(maxsize=1)
def _verbs() -> dict[str, list[str]]:
    verbs = load_yaml("markers.yaml")["verbs"]
    return {kind: sorted(words, key=len, reverse=True) for kind, words in verbs.items()}


def find_markers(text: str, start: int, end: int) -> list[Marker]:
    """Return the responsibility markers in text[start:end] (half-width text), in order."""
    markers: list[Marker] = []
    covered: list[tuple[int, int]] = []
    for open_at, close_at in bracket_groups(text, start, end):
        marker = _bracket_marker(text, open_at, close_at)
        if marker is not None:
            markers.append(marker)
            covered.append((open_at, close_at))
    markers.extend(_line_fields(text, start, end, covered))
    markers.sort(key=lambda m: m.span.start)
    return markers


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


def _bracket_marker(text: str, open_at: int, close_at: int) -> Marker | None:
    inner_start = open_at + 1
    inner_end = close_at - 1 if close_at > open_at and text[close_at - 1] in CLOSE_BRACKETS else close_at
    inner = text[inner_start:inner_end]
    pattern, _ = field_pattern()
    if pattern.search(inner):
        units, deadline = _parse_fields(text, inner_start, inner_end)
        if units or deadline:
            return Marker(Span(open_at, close_at), _shared_across_fields(units), deadline, "fields")
        return None
    units, deadline = _parse_clauses(text, inner_start, inner_end)
    if units:
        return Marker(Span(open_at, close_at), _shared_across_fields(units), deadline, "state_council")
    return None


def _shared_across_fields(units: list[MarkedUnit]) -> tuple[MarkedUnit, ...]:
    """(牵头单位:省发改委;配合单位:财政厅) → 省财政厅: the prefix carries into the next field."""
    restored = restore_prefixes([u.unit for u in units])
    return tuple(MarkedUnit(unit, marked.role) for unit, marked in zip(restored, units, strict=True))


def _parse_fields(text: str, start: int, end: int) -> tuple[list[MarkedUnit], Deadline | None]:
    pattern, role_of = field_pattern()
    keys = list(pattern.finditer(text, start, end))
    units: list[MarkedUnit] = []
    deadline = None
    # (牵头单位:A;责任单位:B、C): with a lead named apart, a plain 责任单位 list is co-responsible
    has_lead_field = any(role_of[k["key"]] == "lead" for k in keys)
    for i, key in enumerate(keys):
        value_end = keys[i + 1].start() if i + 1 < len(keys) else end
        value = text[key.end() : value_end]
        role = role_of[key["key"]]
        if role == "mixed" and has_lead_field:
            role = "co"
        if role == "time":
            deadline = find_deadline(value.strip(" ;,。"), key.end(), from_field=True) or deadline
        elif role != "ignore":
            units.extend(_field_units(value, key.end(), role))
    return units, deadline


def _field_units(value: str, offset: int, role: str) -> list[MarkedUnit]:
    value = value.rstrip(" ;,。\n")
    if role == "mixed" and _has_verb(value):
        units, _ = _parse_clauses(value, 0, len(value), strict=False)
        return [MarkedUnit(_shifted(u.unit, offset), u.role) for u in units]
    return roles_for_list(split_units(value, offset), role)


def roles_for_list(names: list[UnitName], field_role: str, has_lead: bool = False) -> list[MarkedUnit]:
    """Give each unit of one field its role: a lead field leads, a co field co-operates; in a plain
    responsibility list the first leads, unless units are noted (牵头) or a lead came before."""
    if field_role == "lead":
        return [MarkedUnit(n, "lead") for n in names]
    if any(n.lead_mark for n in names):
        return [MarkedUnit(n, "lead" if n.lead_mark else "co") for n in names]
    if field_role == "co" or has_lead:
        return [MarkedUnit(n, "co") for n in names]
    return [MarkedUnit(n, "lead" if i == 0 else "co") for i, n in enumerate(names)]


def _shifted(unit: UnitName, offset: int) -> UnitName:
    return UnitName(unit.name, unit.written, unit.start + offset, unit.collective, unit.lead_mark)


def _has_verb(value: str) -> bool:
    """True when a clause of `value` ends in a duty verb: 省发改委牵头,省财政厅配合."""
    return any(_clause_verb(value[s:e])[0] for s, e in _clauses(value, 0, len(value)))


def _parse_clauses(text: str, start: int, end: int, strict: bool = True
                   ) -> tuple[list[MarkedUnit], Deadline | None]:
    """Read State-Council clauses: X牵头 / X、Y分别牵头 / Y、Z等按职责分工负责 / X负责."""
    units: list[MarkedUnit] = []
    deadline = None
    for c_start, c_end in _clauses(text, start, end):
        clause = text[c_start:c_end]
        verb_kind, verb_at = _clause_verb(clause)
        if verb_kind is None:
            found = find_deadline(clause, c_start)
            if found is not None:
                deadline = found
                continue
            if strict:
                return [], None  # a clause that is neither units+verb nor a date: not a marker
            continue
        names = split_units(clause[:verb_at], c_start)
        if not names or (strict and not all(looks_like_org(n) for n in names)):
            return [], None
        units.extend(_roles_for(verb_kind, names, has_lead=any(u.role == "lead" for u in units)))
    return units, deadline


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, depth, c_start = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
        elif depth == 0 and ch in ",;。":
            out.append((c_start, i))
            c_start = i + 1
    out.append((c_start, end))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _clause_verb(clause: str) -> tuple[str | None, int]:
    """Return the verb kind ending the clause and where the verb starts."""
    body = clause.rstrip(" 。")
    for kind in ("each_lead", "lead", "duty"):
        for verb in _verbs()[kind]:
            if body.endswith(verb) and len(body) > len(verb):
                return kind, len(body) - len(verb)
    return None, 0


def _roles_for(verb_kind: str, names: list[UnitName], has_lead: bool) -> list[MarkedUnit]:
    return roles_for_list(names, "lead" if verb_kind in ("each_lead", "lead") else "mixed", has_lead)


def looks_like_org(unit: UnitName) -> bool:
    name = _TRAILING_BRACKET.sub("", unit.name)
    return unit.collective or bool(_ORG_END.search(name))


def _line_fields(text: str, start: int, end: int, covered: list[tuple[int, int]]) -> list[Marker]:
    """Fields outside brackets: 牵头单位:… up to the end of its line or sentence."""
    pattern, _ = field_pattern()
    fields = [(key.start(), _line_value_end(text, key.end(), end)) for key in pattern.finditer(text, start, end)
              if not any(a <= key.start() < b for a, b in covered)]
    markers = []
    for group_start, group_end in _adjacent_groups(text, fields):
        # the fields of one block are read together: 牵头单位 on one line makes the 责任单位
        # on the next co-responsible, and a 省 prefix carries over
        units, deadline = _parse_fields(text, group_start, group_end)
        if units or deadline:
            markers.append(Marker(Span(group_start, group_end), _shared_across_fields(units), deadline, "lines"))
    return markers


def _adjacent_groups(text: str, fields: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge field spans separated only by blanks, line breaks or separators into blocks."""
    groups: list[tuple[int, int]] = []
    for field_start, field_end in fields:
        if groups and not text[groups[-1][1]:field_start].strip(" \t\n;,。"):
            groups[-1] = (groups[-1][0], field_end)
        else:
            groups.append((field_start, field_end))
    return groups


def _line_value_end(text: str, value_start: int, end: int) -> int:
    pattern, _ = field_pattern()
    stop = end
    newline = text.find("\n", value_start, end)
    if newline != -1:
        stop = newline
    period = text.find("。", value_start, stop)
    if period != -1:
        stop = period
    next_key = pattern.search(text, value_start, stop)
    return next_key.start() if next_key else stop
