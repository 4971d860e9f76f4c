"""State-Council clauses: (国家发展改革委牵头,财政部、商务部等按职责分工负责), (X负责),
(A、B分别牵头,C配合,长期坚持), (A、B牵头;C、D,E分行,各州、市人民政府配合) — units ending in a duty
verb, a time among them, and leader posts (分管副省长、协管副秘书长负责) that name no one.

Also the role rules every list of units shares (`roles_for_list`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.phrases.deadlines import find_deadline
from loaders.phrases.names import UnitName, split_units
from loaders.records import Deadline, Role
from loaders.text import CLOSE_BRACKETS, OPEN_BRACKETS
from loaders.vocab import load_yaml

# What an organisation's name ends with; a State-Council clause must name only such units.
_ORG_END = re.compile(
    r"(?:部|委|厅|局|办|院|署|会|行|府|中心|集团|公司|单位|部门|地区|各地|处|室|所|站|队|社|团|馆|台|中央|"
    r"街道|办事处|党委|党组|政府|管委会|镇|乡|市|县|区|州|省|旗|盟|海关|机构|法院|检察院|银行|企业|学校|高校|"
    r"联|协|园|科|组|校|场)$"
)
_TRAILING_BRACKET = re.compile(r"[(（〔\[【][^()（）〔〕\[\]【】]*[)）〕\]】]$")
# Posts, not people and not units: 分管副省长、协管副秘书长负责 says which office oversees.
_POST = re.compile(r"^(?:分管|协管|常务|主管|联系)?(?:副)?(?:省长|市长|县长|区长|州长|秘书长|书记|主任|旗长)$")
# A clause that is only a time: 长期坚持, 年内持续推进, 2020年6月底前出台.
_TIME_ONLY = re.compile(r"^(?:年内|全年|每年|常态化)?"
                        r"(?:长期坚持|持续推进|长期推进|持续开展|常态化推进|长期|持续|全年|立行立改)"
                        r"(?:实施|开展|推进)?$")


@dataclass(frozen=True)
class MarkedUnit:
    unit: UnitName
    role: Role


@lru_cache(maxsize=1)
def _verbs() -> dict[str, list[str]]:
    verbs = load_yaml("markers.yaml")["verbs"]
    return {kind: sorted(words, key=len, reverse=True) for kind, words in verbs.items()}


def roles_for_list(names: list[UnitName], field_role: str, has_lead: bool = False) -> list[MarkedUnit]:
    """Give each unit of one list its role: a lead field leads, a co field co-operates; in a plain
    responsibility list the first leads, unless units are marked (牵头 notes, ★) or a lead came before."""
    if field_role == "lead":
        return [MarkedUnit(n, "lead") for n in names]
    if any(n.lead_mark for n in names):
        return [MarkedUnit(n, "lead" if n.lead_mark else "co") for n in names]
    if field_role == "co" or has_lead:
        return [MarkedUnit(n, "co") for n in names]
    return [MarkedUnit(n, "lead" if i == 0 else "co") for i, n in enumerate(names)]


def looks_like_org(unit: UnitName) -> bool:
    """True when a name ends like an organisation (…厅, …局, …政府) or names a group."""
    name = _TRAILING_BRACKET.sub("", unit.name)
    return unit.collective or bool(_ORG_END.search(name))


def ends_like_org(name: str) -> bool:
    """True when a bare name ends like an organisation (…局, …办, …政府)."""
    return bool(_ORG_END.search(_TRAILING_BRACKET.sub("", name)))


def is_post(name: str) -> bool:
    """True for an office named without a person (分管副省长, 秘书长)."""
    return bool(_POST.match(name))


def has_duty_verb(value: str) -> bool:
    """True when a clause of `value` ends in a duty verb: 省发改委牵头,省财政厅配合."""
    return any(clause_verb(value[s:e])[0] for s, e in clause_spans(value, 0, len(value)))


def parse_clauses(text: str, start: int, end: int, strict: bool = True) -> tuple[list[MarkedUnit], Deadline | None]:
    """Read clauses X牵头 / X、Y分别牵头 / Y、Z等按职责分工负责 / X负责 in text[start:end].

    A clause without a verb that lists units waits for the verb of a later clause (A、B,C配合); a
    clause that is a time gives the deadline. With `strict`, anything else means "not a marker"."""
    units: list[MarkedUnit] = []
    deadline = None
    pending: list[UnitName] = []
    for c_start, c_end in clause_spans(text, start, end):
        clause = text[c_start:c_end]
        verb_kind, verb_at = clause_verb(clause)
        if _TIME_ONLY.match(clause.strip(" 。")):
            verb_kind = None  # 年内持续推进 is a time, though it ends like a verb
        if verb_kind is None:
            found = _clause_time(clause, c_start)
            if found is not None:
                deadline = found
                continue
            names = split_units(clause, c_start)
            if names and all(looks_like_org(n) for n in names):
                pending.extend(names)
                continue
            if strict:
                return [], None  # neither units, a verb nor a time: not a marker
            continue
        names = pending + split_units(clause[:verb_at], c_start)
        pending = []
        if names and all(is_post(n.name) for n in names):
            continue  # 分管副省长负责: an office, not a unit
        names = [n for n in names if not is_post(n.name)]
        if not names or (strict and not all(looks_like_org(n) for n in names)):
            return [], None
        units.extend(_roles_for(verb_kind, names, has_lead=any(u.role == "lead" for u in units)))
    if pending:
        if strict and not units and deadline is None:
            return [], None  # a bare list with no time: the caller decides (loaders.phrases.markers._bare_list)
        units.extend(roles_for_list(pending, "co" if units else "mixed"))
    return units, deadline


def _clause_time(clause: str, offset: int) -> Deadline | None:
    """Return the deadline a clause states when the clause is a time (长期坚持, 2020年6月底前出台)."""
    dated = find_deadline(clause, offset)
    if dated is not None:
        return dated
    if _TIME_ONLY.match(clause.strip(" 。")):
        return find_deadline(clause.strip(" 。"), offset + clause.find(clause.strip(" 。")), from_field=True)
    return None


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the clauses of text[start:end], split at , ; 。 outside brackets."""
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


def clause_verb(clause: str) -> tuple[str | None, int]:
    """Return the verb kind ending the clause and where the verb starts."""
    body = clause.rstrip(" 。")
    for kind in ("each_lead", "lead", "duty", "co"):
        for verb in _verbs()[kind]:
            if body.endswith(verb) and len(body) > len(verb):
                return kind, len(body) - len(verb)
    return None, 0


def _roles_for(verb_kind: str, names: list[UnitName], has_lead: bool) -> list[MarkedUnit]:
    if verb_kind == "co":
        return roles_for_list(names, "co")
    return roles_for_list(names, "lead" if verb_kind in ("each_lead", "lead") else "mixed", has_lead)
