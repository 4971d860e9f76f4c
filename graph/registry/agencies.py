"""The agency registry: one canonical agency per real body, resolved in the issuing jurisdiction.

省财政厅 in a Zhejiang plan, 财政厅 there and 浙江省财政厅 are one agency (浙江省财政厅); Henan's
省财政厅 is another; 省财政厅 is never 市财政局. Unknown names stay agencies as written (with the place
their 省/市/县 prefix stands for), flagged unresolved: never a made-up full name, and a party body
(市委…) is never turned into a government bureau. Units renamed or replaced by a reform (2018, 2023)
are resolved to the unit that existed at the document's date and linked to their successor or
predecessors. The vocabulary lives in graph/data/agencies.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from graph.compare import normalize_name
from graph.registry.jurisdiction import Jurisdiction, Place, lookup_place
from loaders.phrases.names import is_collective, level_prefix

_LEVEL_PREFIXES = ("省委", "市委", "县委", "区委", "省", "市", "县", "区")
_BY_LEVEL = {"central": "central", "provincial": "provincial", "city": "local", "county": "local"}
_PREFIX_LEVEL = {"省": "provincial", "市": "city", "县": "county", "区": "county"}
_LEVEL_EN = {"provincial": "Provincial", "city": "Municipal", "county": "County"}
_PLACE_THEN_UNIT = re.compile(
    r"^(.{2,9}?(?:维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|省|市|县|区|州|盟|旗))(.{2,})$"
)
# 全部/所有/各级 财政 部门/系统/单位: the frame around a line of work when a person means every unit of a kind
_KIND_FRAME = re.compile(r"^(?:全部|所有|各级|各地|各|全省|全市)?(?P<work>.+?)(?:部门|系统|单位|机关|机构)?们?$")
_GUESSED_KINDS = ("government", "management committee", "bank branch", "government department", "collective")
_PLACE_SUFFIX = re.compile(r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|省|市|县|区|州|盟|旗)$")


@dataclass(frozen=True)
class Agency:
    id: str
    name: str  # canonical: 浙江省财政厅
    kind: str  # government department | regulator | bank branch | government | management committee …
    level: str | None  # central | provincial | city | county
    jurisdiction: str | None  # 浙江省
    jurisdiction_code: str | None
    english: str
    department: str | None  # vocabulary key, e.g. finance
    resolved: bool
    collective: bool = False
    successor: str | None = None  # the unit a reform made of it (its name), and the day
    replaced_on: str | None = None
    predecessors: tuple[str, ...] = ()  # the units it was made from by a reform
    # each predecessor as department@division code: found in a store whatever spelling of its place
    # a document used (人行杭州中心支行, 中国人民银行杭州市中心支行)
    predecessor_refs: tuple[str, ...] = ()
    written_as: str | None = None  # the older name the document wrote, when it means the successor

    @property
    def label(self) -> str:
        return "AgencyGroup" if self.collective else "Agency"


@dataclass(frozen=True)
class _Department:
    key: str
    en: tuple[str, ...]
    en_words: frozenset[str]
    kind: str
    names: dict[str, tuple[str, ...]]  # central | provincial | local → names, canonical first
    work: tuple[str, ...] = ()  # kind_zh: 财政 (财政部门, 各级财政部门, 财政系统)
    distinct: tuple[tuple[str, ...], ...] = ()  # names of other official bodies of the kind: their own canonical

    def canonical(self, level: str, written: str) -> str:
        """Return the canonical stem for a name as written at a level: the first name of its level,
        or of the distinct group the written name belongs to (自然资源规划局 → 自然资源和规划局)."""
        group = next((g for g in self.distinct if written in g), None)
        return group[0] if group else self.names[level][0]


@dataclass(frozen=True)
class _Reform:
    old_name: str
    old: re.Pattern[str]
    new: str
    capital_new: str | None
    day: date
    reform: str
    new_pattern: re.Pattern[str]


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    canonical: str
    en: str
    en_words: frozenset[str]
    kind: str


class Registry:
    """Resolves unit names as written to canonical agencies."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.departments = [_Department(d["key"], tuple(d["en"]), frozenset(d["en_words"]), d["kind"],
                                        {lv: tuple(d.get(lv, ())) for lv in ("central", "provincial", "local")},
                                        tuple(d.get("kind_zh", ())), tuple(tuple(g) for g in d.get("distinct", ())))
                            for d in data["departments"]]
        self.reforms = [_Reform(h["from"], _template(h["from"]), h["to"], h.get("capital_to"), h["date"], h["reform"],
                                _template(h["to"])) for h in data.get("history", ())]
        self.capitals: dict[str, str] = dict(data.get("capitals", {}))
        self._by_work = {word: dept.key for dept in self.departments for word in dept.work}
        self.kinds = frozenset({d.kind for d in self.departments} | {p["kind"] for p in data["patterns"]}
                               | {u["kind"] for u in data["central_units"]} | set(_GUESSED_KINDS))
        self.patterns = [_Pattern(re.compile(p["regex"]), p["canonical"], p["en"], frozenset(p["en_words"]),
                                  p["kind"]) for p in data["patterns"]]
        self._central_units = {normalize_name(n): (u["names"][0], u["en"][0], u["kind"], frozenset(u["en_words"]))
                               for u in data["central_units"] for n in u["names"]}
        self._by_level: dict[str, dict[str, _Department]] = {"central": {}, "provincial": {}, "local": {}}
        for dept in self.departments:
            for level, names in dept.names.items():
                for name in names:
                    self._by_level[level][name] = dept

    def resolve(self, written: str, where: Jurisdiction) -> Agency:
        """Return the agency `written` names in a document issued in `where` (in its year, when known)."""
        name = normalize_name(written)
        if is_collective(name):
            return self._group(name, where)
        expanded, place = self._expand_prefix(name, where)
        found = (self._from_pattern(expanded, place, where) or self._central(expanded, place, where)
                 or self._department(expanded, place, where))
        return self._dated(found, where)

    def _dated(self, agency: Agency, where: Jurisdiction, depth: int = 0) -> Agency:
        """Return the unit that existed in the document's year: a name a reform replaced, written in
        a document of a later year, means its successor (written_as keeps the old name); otherwise the
        unit carries its successor and predecessors."""
        for reform in self.reforms:
            m = reform.old.fullmatch(agency.name)
            if m is None:
                continue
            new_name = self._successor_name(reform, m)
            if where.year is not None and where.year > reform.day.year and depth < 3:
                successor = self._dated(self.resolve_full(new_name, where), where, depth + 1)
                return replace(successor, written_as=agency.written_as or agency.name)
            agency = replace(agency, successor=new_name, replaced_on=reform.day.isoformat())
        before = tuple(self._predecessor_names(agency.name))
        if not before:
            return agency
        refs = tuple(unit_ref(self.resolve_full(name, where)) for name in before)
        return replace(agency, predecessors=before, predecessor_refs=refs)

    def resolve_full(self, name: str, where: Jurisdiction) -> Agency:
        """Return the agency a full name (with its place) names, without dating it."""
        expanded, place = self._expand_prefix(normalize_name(name), where)
        return (self._from_pattern(expanded, place, where) or self._central(expanded, place, where)
                or self._department(expanded, place, where))

    def _successor_name(self, reform: _Reform, m: re.Match[str]) -> str:
        place = m.groupdict().get("place") or ""
        province = self.capitals.get(place) or self.capitals.get(place + "市")
        if reform.capital_new and province:
            return reform.capital_new.format(place=place, province=province)
        return reform.new.format(place=place)

    def _predecessor_names(self, name: str) -> list[str]:
        found = []
        capital_of = {province: capital for capital, province in self.capitals.items()}
        for reform in self.reforms:
            m = reform.new_pattern.fullmatch(name)
            if m is not None:
                place = m.groupdict().get("place") or ""
                if reform.capital_new and place in capital_of:  # 中国人民银行浙江省分行 was 人行杭州中心支行
                    place = capital_of[place]
                found.append(reform.old_name.format(place=place))
        return found

    def stem_of(self, written: str) -> str | None:
        """Return the canonical unit name a department's name as written ends with, at any level:
        自然资源规划局 → 自然资源和规划局, 财政厅 → 财政厅; None for a name the vocabulary lacks."""
        for level, named in self._by_level.items():
            dept = named.get(written)
            if dept is not None:
                return dept.canonical(level, written)
        return None

    def english_matches(self, query: str) -> set[str]:
        """Return the department keys an English phrase means ("finance department" → finance)."""
        words = set(re.findall(r"[a-z]+", query.lower()))
        phrase = " ".join(re.findall(r"[a-z]+", query.lower()))
        keys = {d.key for d in self.departments
                if d.en_words <= words or any(phrase == " ".join(re.findall(r"[a-z]+", e.lower())) for e in d.en)}
        keys |= {"pattern:" + p.canonical for p in self.patterns if p.en_words <= words}
        keys |= {"central:" + c[0] for c in self._central_units.values() if c[3] <= words}
        return keys

    def kind_named(self, written: str) -> str | None:
        """Return the registry kind `written` names: regulator, regulators, Government Departments."""
        text = " ".join(written.lower().split())
        return next((form for form in (text, text.removesuffix("s")) if form in self.kinds), None)

    def department_of_kind(self, written: str) -> str | None:
        """Return the department key a kind of unit names: 财政部门, 各级财政部门, 财政系统, 财政 → finance;
        finance, "finance departments" → finance; None when it names no one department."""
        if re.search(r"[\u4e00-\u9fff]", written):
            m = _KIND_FRAME.match(normalize_name(written))
            return self._by_work.get(m["work"]) if m else None
        if written.strip().lower() in {d.key for d in self.departments}:
            return written.strip().lower()
        words = set(re.findall(r"[a-z]+", written.lower()))
        keys = {d.key for d in self.departments if d.en_words <= words and words <= _kind_vocabulary(d)}
        return keys.pop() if len(keys) == 1 else None

    def typing_forms(self, props: dict[str, Any]) -> list[str]:
        """Return the ways a person may type an agency (省财政厅, 财政厅, finance department …),
        for typo-tolerant lookup."""
        forms = [str(props.get("name", ""))]
        level, place = props.get("level"), str(props.get("jurisdiction") or "")
        prefix = {"provincial": "省", "city": "市", "county": "县"}.get(str(level), "")
        name = forms[0]
        if place and name.startswith(place):
            forms += [name[len(place):], prefix + name[len(place):]]
        dept = next((d for d in self.departments if d.key == props.get("department")), None)
        if dept is not None:
            stems = dept.names.get(_BY_LEVEL.get(str(level), "local"), ())
            forms += list(stems) + [prefix + s for s in stems] + [e.lower() for e in dept.en]
        return [f for f in forms if f]

    # -- steps -------------------------------------------------------------------------------------

    def _expand_prefix(self, name: str, where: Jurisdiction) -> tuple[str, Place | None]:
        """省财政厅 → 浙江省财政厅 in a Zhejiang plan; 省委组织部 → 浙江省委组织部."""
        prefix = level_prefix(name)
        place = where.place_for(prefix) if prefix in _LEVEL_PREFIXES else None
        if place is None:
            return name, None
        joiner = "委" if prefix.endswith("委") else ""
        return place.name + joiner + name[len(prefix):], place

    def _from_pattern(self, name: str, place: Place | None, where: Jurisdiction) -> Agency | None:
        for pattern in self.patterns:
            m = pattern.regex.match(name)
            if not m:
                continue
            written_place = m.groupdict().get("place") or m.groupdict().get("place2") or ""
            where_place = lookup_place(written_place, _province_code(where))
            canonical = pattern.canonical.format(place=written_place)
            english = pattern.en.format(place=place_english(where_place.name))
            return Agency("agency:" + canonical, canonical, pattern.kind, where_place.level, where_place.name,
                          where_place.code, english, "pattern:" + pattern.canonical, True)
        return None

    def _central(self, name: str, place: Place | None, where: Jurisdiction) -> Agency | None:
        if place is not None:
            return None
        unit = self._central_units.get(name)
        if unit is not None:
            return Agency("agency:" + unit[0], unit[0], unit[2], "central", None, None, unit[1],
                          "central:" + unit[0], True)
        dept = self._by_level["central"].get(name)
        if dept is None and where.level == "central":
            # 发展改革委 in a State-Council plan is 国家发展改革委
            candidate = self._by_level["provincial"].get(name) or self._by_level["local"].get(name)
            dept = candidate if candidate is not None and candidate.names["central"] else None
        if dept is None:
            return None
        canonical = dept.names["central"][0]
        english = next((e for e in dept.en if e.startswith(("Ministry", "National", "State"))), dept.en[0])
        return Agency("agency:" + canonical, canonical, dept.kind, "central", None, None, english, dept.key, True)

    def _department(self, name: str, place: Place | None, where: Jurisdiction) -> Agency:
        if place is None:
            place, rest = self._split_place(name, where)
        else:
            rest = name[len(place.name):]
        prefix_level = None
        if place is None and level_prefix(rest)[:1] in _PREFIX_LEVEL and len(rest) > 2:
            prefix_level, rest = _PREFIX_LEVEL[rest[0]], rest[1:]  # 市财政局 with no city known
        party = rest.startswith("委") and len(rest) > 2
        level_key = _BY_LEVEL[place.level] if place else _BY_LEVEL.get(prefix_level or "", "") or _bare_level(
            rest, where)
        named = self._by_level.get(level_key, {})
        written = rest if rest in named else rest[1:] if party else rest
        dept = named.get(written)
        if party and dept is not None and dept.kind != "party organ":
            dept = None  # 市委金融办 is the party committee's office, never the government's 金融监管局
        if place is None and dept is not None and level_key != "central" and prefix_level is None:
            place = where.province if level_key == "provincial" else where.place_for(
                "县" if where.level == "county" else "市")
        if place is None:
            return self._unplaced(name, where, dept, prefix_level)
        if dept is None:
            canonical = place.name + rest
            return Agency("agency:" + canonical, canonical, _guess_kind(rest), place.level, place.name, place.code,
                          f"{place_english(place.name)} {rest}", None, False)
        stem = dept.canonical(_BY_LEVEL[place.level], written)
        canonical = place.name + ("委" + stem.removeprefix("委") if party else stem)
        english = f"{place_english(place.name)} {_LEVEL_EN[place.level]} {dept.en[0]}"
        return Agency("agency:" + canonical, canonical, dept.kind, place.level, place.name, place.code, english,
                      dept.key, True)

    def _split_place(self, name: str, where: Jurisdiction) -> tuple[Place | None, str]:
        """浙江省财政厅 → (浙江省, 财政厅); 江南市财政局 in a 江南市 plan → (江南市, 财政局)."""
        for known in (where.county, where.city, where.province):
            if known is not None and name.startswith(known.name) and len(name) > len(known.name):
                return known, name[len(known.name):]
        m = _PLACE_THEN_UNIT.match(name)
        if m:
            place = lookup_place(m.group(1), _province_code(where))
            if place.code is not None:
                return place, m.group(2)
        return None, name

    def _unplaced(self, name: str, where: Jurisdiction, dept: _Department | None, level: str | None) -> Agency:
        """A name whose place the document does not give (市财政局 in a provincial plan): kept
        inside its document so two cities' 市财政局 never merge."""
        return Agency(f"agency:{name}@{where.scope}", name, dept.kind if dept else _guess_kind(name), level, None,
                      None, dept.en[0] if dept else name, dept.key if dept else None, False)

    def _group(self, name: str, where: Jurisdiction) -> Agency:
        place = where.county or where.city or where.province
        scope = place.name if place else where.scope
        return Agency(f"group:{scope}:{name}", name, "collective", where.level, place.name if place else None,
                      place.code if place else None, "collective units", None, True, collective=True)


def agency_props(agency: Agency) -> dict[str, Any]:
    """Return the properties an agency's node keeps (its reform links only when it has them)."""
    props: dict[str, Any] = {
        "name": agency.name, "kind": agency.kind, "level": agency.level, "jurisdiction": agency.jurisdiction,
        "jurisdiction_code": agency.jurisdiction_code, "english": agency.english, "department": agency.department,
        "resolved": agency.resolved, "collective": agency.collective, "key": normalize_name(agency.name)}
    if agency.successor:
        props.update(successor=agency.successor, replaced_on=agency.replaced_on)
    if agency.predecessors:
        props.update(predecessors=list(agency.predecessors), predecessor_refs=list(agency.predecessor_refs))
    return props


def unit_ref(agency: Agency) -> str:
    """Return what says which body a unit is, whatever spelling of its place named it:
    department@division code (or its name when the registry knows neither)."""
    if agency.department and agency.jurisdiction_code:
        return f"{agency.department}@{agency.jurisdiction_code}"
    return agency.name


def _template(text: str) -> re.Pattern[str]:
    """Return the pattern of a history name: {place} is any place (2–9 characters)."""
    return re.compile(re.escape(text).replace(re.escape("{place}"), "(?P<place>.+?)"))


_KIND_WORDS = frozenset({"department", "departments", "bureau", "bureaus", "office", "offices", "agency", "agencies",
                         "unit", "units", "commission", "commissions", "ministry", "ministries", "the", "of", "and"})


def _kind_vocabulary(dept: _Department) -> frozenset[str]:
    """The words a kind of unit may be written with in English: its names' words and the unit
    words, and nothing else ("tasks of the finance department" is not a kind)."""
    return _KIND_WORDS | dept.en_words | {w for e in dept.en for w in re.findall(r"[a-z]+", e.lower())}


def _bare_level(rest: str, where: Jurisdiction) -> str:
    if rest.endswith("厅"):
        return "provincial"
    if where.level == "central":
        return "central"
    return _BY_LEVEL.get(where.level or "", "local")


def _province_code(where: Jurisdiction) -> str | None:
    return where.province.code if where.province else None


def _guess_kind(name: str) -> str:
    if name.endswith(("人民政府", "政府")):
        return "government"
    if name.endswith(("管委会", "管理委员会")):
        return "management committee"
    if "银行" in name or name.endswith("支行"):
        return "bank branch"
    return "government department"


@lru_cache(maxsize=8192)
def place_english(place: str) -> str:
    """Return the pinyin name of a place without its suffix: 浙江省 → Zhejiang."""
    from pypinyin import lazy_pinyin  # a large dictionary: loaded when a place is first named in English

    core = _PLACE_SUFFIX.sub("", place) or place
    return "".join(lazy_pinyin(core)).capitalize() if re.fullmatch(r"[\u4e00-\u9fff]+", core) else core


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """Return the registry over the shipped vocabulary (loaded once)."""
    with resources.files("graph").joinpath("data", "agencies.yaml").open(encoding="utf-8") as fh:
        return Registry(yaml.safe_load(fh))
