"""The agency registry: one canonical agency per real body, resolved in the issuing jurisdiction.

省财政厅 in a Zhejiang plan, 财政厅 there and 浙江省财政厅 are one agency (浙江省财政厅); Henan's
省财政厅 is another; 省财政厅 is never 市财政局. Unknown names stay agencies, flagged unresolved.
The vocabulary lives in graph/data/agencies.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
                                        tuple(d.get("kind_zh", ())))
                            for d in data["departments"]]
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
        """Return the agency `written` names in a document issued in `where`."""
        name = normalize_name(written)
        if is_collective(name):
            return self._group(name, where)
        expanded, place = self._expand_prefix(name, where)
        return (self._from_pattern(expanded, place, where) or self._central(expanded, place, where)
                or self._department(expanded, place, where))

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
            where_place = lookup_place(m["place"], _province_code(where))
            canonical = pattern.canonical.format(place=m["place"])
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
        dept = self._by_level.get(level_key, {}).get(rest) or self._by_level.get(level_key, {}).get(
            rest[1:] if party else rest)
        if place is None and dept is not None and level_key != "central" and prefix_level is None:
            place = where.province if level_key == "provincial" else where.place_for(
                "县" if where.level == "county" else "市")
        if place is None:
            return self._unplaced(name, where, dept, prefix_level)
        if dept is None:
            canonical = place.name + rest
            return Agency("agency:" + canonical, canonical, _guess_kind(rest), place.level, place.name, place.code,
                          f"{place_english(place.name)} {rest}", None, False)
        stem = dept.names[_BY_LEVEL[place.level]][0]
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
