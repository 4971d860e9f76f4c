"""Split a list of responsible units into names: protect collective phrases, honour nested
brackets, drop 等, restore shared prefixes (省商务厅、财政厅) and suffixes (东湖市、滨江市人民政府)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.text import CLOSE_BRACKETS, OPEN_BRACKETS
from loaders.vocab import load_yaml

# Level prefixes that a list shares: 省商务厅、财政厅 → 省财政厅. Longest first.
_NOT_PREFIXES = ("市场", "县域", "区域", "省部", "市政公用", "市容")  # words that begin with a level character
LEVEL_PREFIXES = ("自治区", "自治州", "省委", "市委", "县委", "区委", "省", "市", "县", "区", "州", "镇", "乡")
# Endings of a department that can carry such a prefix (厅/局/委/办 …), not 部 (central) or 行 (banks).
_DEPARTMENT_END = re.compile(r"(?:厅|局|委|委员会|办|办公室|院|中心|署|站|队|所|部)$")
# What a unit of its own ends with, when it follows a group (各县区、功能板块 is one group).
_ORGANISATION_END = re.compile(r"(?:部|委|厅|局|办|院|署|会|行|府|中心|集团|公司|单位|部门|处|室|所|站|队|社|团|馆|"
                               r"台|街道|办事处|党委|党组|政府|管委会|镇|乡|市|县|区|州|省|旗|盟|海关|机构|联|协|校)$")
# Units that never take a shared level prefix: organisations of their own (残联, 工商联, 科协), and
# vertical or central bodies named with their own place (江汉银监局, 人行江城分行).
_OWN_NAME = re.compile(r"(?:联|协)$|^团|银监|银保监|证监|人行|人民银行|海关|电网|电力|邮政|铁路|烟草|"
                       r"分行|支行|武警|消防救援|气象局|地震局|通信管理局|统计调查")
# Units of government that a list shares as a suffix: 东湖市、滨江市人民政府.
_SHARED_SUFFIX = re.compile(r"^(?P<place>.{1,8}?(?:省|市|县|区|州|镇|乡|旗|盟))"
                            r"(?P<suffix>人民政府|政府|党委|党委和政府|党委、政府|管委会)$")
_PARTY_END = re.compile(r"(?:部|政法委|网信办|编办|督查室|巡察办|党校)$")  # 省委宣传部, 省委网信办
_BARE_PLACE = re.compile(r"^.{1,8}(?:省|市|县|区|州|镇|乡|旗|盟)$")
_SEPARATORS = "、,;，；/ \t\n\u3000"
# 等, 等有关部门, 等市级有关部门, 等国务院相关部门 after the units named: the rest, unnamed
_TRAILING_ETC = re.compile(r"等(?:省级|市级|县级|区级|国务院|省直|市直|县直|区直|省政府|市政府|县政府)?"
                           r"(?:相关|有关|其他)?(?:部门|单位|地区|机构)?$")
_DROP_WHOLE = re.compile(r"^(?:等|等相关部门|等有关部门|等相关单位|等有关单位|以及|及|和|与)$")
_NOT_A_NAME = re.compile(r"^[\d\s.、,;:()\-—]*$"
                         # a note's start (以下均需各县市区…, 其中…, 上述…): a sentence, not a name
                         r"|^(?:以下|以上|下列|上述|其中|其余|另外|此外)")
_LEAD_NOTE = re.compile(r"[(（〔\[【](?:牵头|牵头单位|主责|主要责任单位)[)）〕\]】]$")
# A rule written inside a list, on the unit it governs: 县发改局(首位单位为牵头单位,下同).
_RULE_NOTE = re.compile(r"[(（〔\[【][^()（）]*(?:牵头|为首|下同)[^()（）]*[)）〕\]】]$")
_STAR = "★☆▲"  # a star before a unit in a table cell marks the lead: ★区发改委、统计局
_TRAILING_STAR = re.compile(r"[*＊★]$")  # 区政府办公室*: the starred unit leads
# 省发改委等各有关部门, 市规划局等市级有关部门: the unit, then the group
_ETC_GROUP = re.compile(r"等(?=各)")


@dataclass(frozen=True)
class UnitName:
    name: str  # restored name
    written: str  # the characters as they stand in the text
    start: int  # offset of `written` in the text given to split_units
    collective: bool
    lead_mark: bool = False  # written with a (牵头) note: 市发改委(牵头)


@lru_cache(maxsize=1)
def _collective_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_yaml("collectives.yaml")
    atomic = re.compile("|".join(f"(?:{p})" for p in data["atomic"]))
    unit = re.compile("|".join(f"(?:{p})" for p in data["unit"]))
    return atomic, unit


@lru_cache(maxsize=4096)
def is_collective(name: str) -> bool:
    """Return True when `name` names a group of units (各地区, 有关部门 …)."""
    atomic, unit = _collective_patterns()
    return bool(atomic.fullmatch(name)) or unit.search(name) is not None


def split_units(text: str, offset: int = 0) -> list[UnitName]:
    """Return the units listed in `text` (already half-width), with offsets shifted by `offset`."""
    pieces = _split_respecting_brackets(text)
    units: list[UnitName] = []
    for start, raw in pieces:
        stripped = raw.strip(" 。.:")
        lead_ws = raw.find(stripped) if stripped else 0
        written = _TRAILING_ETC.sub("", stripped)
        if not written or _DROP_WHOLE.match(stripped) or _NOT_A_NAME.match(written):
            continue
        if len(written) < 2 and not is_collective(written):
            continue
        star = written[0] in _STAR
        if star:
            written, lead_ws = written[1:].lstrip(), lead_ws + 1 + len(written[1:]) - len(written[1:].lstrip())
        rule = None if _LEAD_NOTE.search(written) else _RULE_NOTE.search(written)
        if rule:  # a convention (列第一位者为牵头单位,下同): stripped, it marks no one
            written = written[: rule.start()].rstrip()
        note = _LEAD_NOTE.search(written) or _TRAILING_STAR.search(written)
        if note:
            written = written[: note.start()].rstrip()
        if not written:
            continue
        units.append(UnitName(written, written, offset + start + lead_ws, is_collective(written), bool(note) or star))
    return _join_group_tails(_restore_suffixes(restore_prefixes(units)))


# 各县(市)、区人民政府 and 各市、县政府 name one group: after 各…, a piece that starts with a bare
# level (区, 县) and an organ is the group's tail, not the government of a place called 区.
_LEVEL_TAIL = re.compile(r"^(?:[市县区旗乡镇]|街道|社区)"
                         r"(?:人民政府|政府|党委和政府|党委、政府|党委|党工委|委|有关部门|级|办事处|居委会)?$")


def _join_group_tails(units: list[UnitName]) -> list[UnitName]:
    """各县区、功能板块 is one group: a piece after a group that is no unit of its own belongs to it."""
    out: list[UnitName] = []
    for unit in units:
        if out and out[-1].collective and (not unit.collective and not _ORGANISATION_END.search(unit.name)
                                           or _LEVEL_TAIL.match(unit.name) and out[-1].name.startswith("各")):
            prev = out[-1]
            joined = prev.written + "、" + unit.written
            out[-1] = UnitName(joined, joined, prev.start, True, prev.lead_mark)
            continue
        out.append(unit)
    return out


def _split_respecting_brackets(text: str) -> list[tuple[int, str]]:
    text = _ETC_GROUP.sub("、", text)  # same length: offsets hold
    atomic, _ = _collective_patterns()
    protected = {m.start(): m.end() for m in atomic.finditer(text)}
    pieces: list[tuple[int, str]] = []
    depth, start, i = 0, 0, 0
    while i < len(text):
        if depth == 0 and i in protected:
            i = protected[i]
            continue
        ch = text[i]
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
        elif depth == 0 and (ch in _SEPARATORS or _is_and_before_group(text, i)):
            pieces.append((start, text[start:i]))
            start = i + 1
        i += 1
    pieces.append((start, text[start:]))
    return [(s, p) for s, p in pieces if p.strip()]


def _is_and_before_group(text: str, i: int) -> bool:
    """及/和 split only before a collective (财政部及各地区); 住房和城乡建设厅 stays whole."""
    return text[i] in "及和" and text[i + 1 : i + 2] == "各"


def level_prefix(name: str) -> str:
    """Return the level prefix a unit's name starts with (省, 市, 县委 …), or "" — 市场监管局
    starts with the word 市场, not with 市."""
    if name.startswith(_NOT_PREFIXES):
        return ""
    return next((p for p in LEVEL_PREFIXES if name.startswith(p) and len(name) > len(p) + 1), "")


def restore_prefixes(units: list[UnitName]) -> list[UnitName]:
    """Give units written without a level prefix the one the list last wrote (省商务厅、财政厅 →
    省财政厅). Applied to one list, and again across the fields of one marker."""
    prefix, out = "", []
    for unit in units:
        own = level_prefix(unit.name)
        if own:
            prefix = own
        elif prefix:
            shared = _shared_prefix(unit.name, prefix)
            if shared:
                unit = UnitName(shared + unit.name, unit.written, unit.start, unit.collective, unit.lead_mark)
        out.append(unit)
    return out


def _shared_prefix(name: str, prefix: str) -> str:
    """Return the part of `prefix` that `name` takes: 省委 for a party department (宣传部), only
    省 for a government one (统计局), nothing for a ministry, a place-named unit or a group."""
    if is_collective(name) or not _DEPARTMENT_END.search(name) or len(name) > 16:
        return ""
    if _OWN_NAME.search(name):
        return ""  # 团市委, 残联, 江汉银监局: the name already says whose it is
    from loaders.phrases.regions import starts_with_place

    if starts_with_place(name) or name.startswith(("国家", "中国", "国务院", "中央", "全国")):
        return ""
    if prefix.endswith("委"):
        return prefix if _PARTY_END.search(name) else prefix[:-1]
    if name.endswith("部"):
        return ""  # 财政部 is a ministry, never 省财政部
    return prefix


# 人民大垸、荒湖管理区: two zones sharing the kind written once, after the last.
_SHARED_KIND = re.compile(r"^.{2,8}?(?P<suffix>管理区|经济开发区|经济技术开发区|开发区|高新区|示范区|新区|园区"
                          r"|街道办事处)$")


def _restore_suffixes(units: list[UnitName]) -> list[UnitName]:
    out = list(units)
    for i in range(len(out) - 1, 0, -1):
        kind = _SHARED_KIND.match(out[i].name)
        prev = out[i - 1]
        if kind and 2 <= len(prev.name) <= 6 and not prev.collective and not _ORGANISATION_END.search(prev.name) \
                and not _BARE_PLACE.match(prev.name):
            out[i - 1] = UnitName(prev.name + kind["suffix"], prev.written, prev.start, prev.collective, prev.lead_mark)
    for i in range(len(out) - 1, 0, -1):
        match = _SHARED_SUFFIX.match(out[i].name)
        if not match:
            continue
        j = i - 1
        while j >= 0 and _BARE_PLACE.match(out[j].name) and not out[j].collective:
            prev = out[j]
            out[j] = UnitName(prev.name + match["suffix"], prev.written, prev.start, prev.collective, prev.lead_mark)
            j -= 1
    return out
