"""Regions from administrative-division data (the `cpca` package's adcodes table).

Full names (杭州市, 安吉县) always match. Short names (杭州, 安吉) match for provinces and
prefecture-level cities anywhere, and for counties only inside the document's own province, so
that 临江 (a city in Jilin) is not read into a Zhejiang plan and 东方 stays a word.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick

from loaders.vocab import load_yaml

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县",
             "地区", "省", "市", "县", "盟", "旗")


@dataclass(frozen=True)
class Region:
    code: str  # six-digit division code
    name: str  # full name, 杭州市
    short: str  # 杭州 (equal to name where no suffix can be dropped)
    level: str  # province | city | county

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


@dataclass(frozen=True)
class RegionHit:
    region: Region
    start: int
    end: int
    short: bool  # matched by short name


class RegionIndex:
    """Finds region names in text with one Aho–Corasick pass."""

    def __init__(self, regions: list[Region], stop_words: set[str]) -> None:
        self.by_code = {r.code: r for r in regions}
        self._names: dict[str, list[tuple[Region, bool]]] = {}
        for region in regions:
            self._names.setdefault(region.name, []).append((region, False))
            if region.short != region.name and region.short not in stop_words:
                self._names.setdefault(region.short, []).append((region, True))
        self._automaton = ahocorasick.Automaton()
        for name, entries in self._names.items():
            self._automaton.add_word(name, (name, entries))
        self._automaton.make_automaton()
        # names a unit may begin with: full names, and short names of provinces and cities only —
        # 公安 (a county) must not make 公安厅 a place-named unit
        self.prefix_names = frozenset(name for name, entries in self._names.items()
                                      if any(not short or r.level != "county" for r, short in entries))

    def provinces(self) -> list[Region]:
        return [r for r in self.by_code.values() if r.level == "province"]

    def find(self, text: str, province_code: str | None) -> list[RegionHit]:
        """Return leftmost-longest region hits in `text`, resolved in `province_code`."""
        raw = []
        for end, (name, entries) in self._automaton.iter(text):
            raw.append((end - len(name) + 1, end + 1, entries))
        raw.sort(key=lambda item: (item[0], -(item[1] - item[0])))
        hits, last_end = [], -1
        for start, end, entries in raw:
            if start < last_end:
                continue
            chosen = _choose(entries, province_code)
            if chosen is not None:
                region, short = chosen
                hits.append(RegionHit(region, start, end, short))
                last_end = end
        return hits

    def guess_province(self, text: str) -> Region | None:
        """Return the province most of the text's unambiguous region names fall in."""
        votes: Counter[str] = Counter()
        for _end, (name, entries) in self._automaton.iter(text):
            provinces = {r.province_code for r, short in entries if not short or r.level != "county"}
            if len(provinces) == 1 and len(name) >= 2:
                votes[provinces.pop()] += 1
        if not votes:
            return None
        return self.by_code.get(votes.most_common(1)[0][0])


def _choose(entries: list[tuple[Region, bool]], province_code: str | None) -> tuple[Region, bool] | None:
    usable = [(r, s) for r, s in entries
              if not s or r.level != "county" or r.province_code == province_code]
    if not usable:
        return None
    local = [(r, s) for r, s in usable if r.province_code == province_code]
    pool = local or usable
    # a province or city beats a county of the same name (吉林省 vs 吉林市 aside, rare)
    pool.sort(key=lambda rs: ("province", "city", "county").index(rs[0].level))
    return pool[0]


def _short_name(name: str, level: str) -> str:
    if level == "county" and name.endswith("区") and not name.endswith("地区"):
        return name  # districts keep their full name: 和平区, 新城区 are too common as words
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            base = name[: -len(suffix)]
            return re.sub(r"(?:蒙古|回|藏|壮|苗|彝|土家|朝鲜|哈萨克|傣|黎|布依|侗|瑶|白|羌|畲)族$", "", base) or base
    return name


def _level(code12: str) -> str:
    if code12[2:].strip("0") == "":
        return "province"
    if code12[4:].strip("0") == "":
        return "city"
    return "county"


@lru_cache(maxsize=1)
def region_index() -> RegionIndex:
    """Return the shared index over cpca's adcodes table (loaded once)."""
    table = resources.files("cpca").joinpath("resources", "adcodes.csv")
    regions = []
    with table.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code12, name = row["adcode"], row["name"].strip()
            level = _level(code12)
            if not name or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            regions.append(Region(code12[:6], name, _short_name(name, level), level))
    return RegionIndex(regions, set(load_yaml("regions.yaml")["short_name_stop_words"]))


def starts_with_place(name: str) -> bool:
    """Return True when `name` begins with a region name (浙江银保监局, 杭州海关)."""
    names = region_index().prefix_names
    return any(name[:n] in names for n in range(2, min(len(name), 9)))
