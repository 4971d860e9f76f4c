"""Where a document is issued (central, a province, a city, a county) and what its level
prefixes (省, 市, 县) stand for."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from loaders.phrases.regions import Region, region_index
from loaders.records import Document

_CENTRAL_ISSUER = re.compile(r"^(?:国务院|国家|中共中央|中央|全国)")
# A title names its place after these words: 关于印发江苏省…的通知 is issued in 江苏省.
_TITLE_LEAD_IN = re.compile(r"^(?:关于)?(?:印发|转发|进一步|做好|加快|推进|落实|开展|贯彻落实|贯彻)*")
_PLACE = re.compile(r"^(?:中共)?(?P<place>[\u4e00-\u9fff]{2,10}?(?:自治区|自治州|省|市|州|盟|县|区|旗))")
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")


@dataclass(frozen=True)
class Place:
    name: str  # full name as the document or the division data gives it: 浙江省, 江南市
    level: str  # provincial | city | county
    code: str | None = None  # division code, None for places the data does not have


@dataclass(frozen=True)
class Jurisdiction:
    """The issuing level and the places its level prefixes stand for."""

    level: str | None  # central | provincial | city | county | None (unknown)
    province: Place | None = None
    city: Place | None = None
    county: Place | None = None
    scope: str = ""  # the document id: names with no known place stay inside their document
    year: int | None = None  # the document's year: a name is the unit that existed then (reforms)

    def place_for(self, prefix: str) -> Place | None:
        """Return the place a level prefix (省, 市, 县, 区) stands for in this document."""
        if prefix.startswith("省"):
            return self.province
        if prefix.startswith("市"):
            return self.city or (self.province if self._is_municipality() else None)
        if prefix.startswith(("县", "区")):
            return self.county
        return None

    def _is_municipality(self) -> bool:
        return self.province is not None and self.province.name in _MUNICIPALITIES


def place_level(name: str, region: Region | None) -> str:
    """Return the level of a place: provincial, city or county."""
    if region is not None:
        if region.level == "province":
            return "provincial"
        return "city" if region.level == "city" else "county"
    if name.endswith(("省", "自治区")) or name in _MUNICIPALITIES:
        return "provincial"
    if name.endswith(("市", "州", "盟")):
        return "city"
    return "county"


def lookup_place(name: str, province_code: str | None) -> Place:
    """Return the place named `name` (full or short), using the division data when it knows it."""
    hits = region_index().find(name, province_code)
    if hits and hits[0].start == 0 and hits[0].end == len(name):
        region = hits[0].region
        return Place(region.name, place_level(region.name, region), region.code)
    return Place(name, place_level(name, None))


def document_jurisdiction(doc: Document) -> Jurisdiction:
    """Return where and (by its year) when `doc` was issued: the place from its issuer, then its
    title, then its province."""
    return replace(_document_place(doc), year=doc.year)


def _document_place(doc: Document) -> Jurisdiction:
    province = Place(doc.province, "provincial", doc.province_code) if doc.province else None
    for source in (doc.issuer or "", _TITLE_LEAD_IN.sub("", doc.title)):
        if _CENTRAL_ISSUER.match(source):
            return Jurisdiction("central", None, scope=doc.id)
        m = _PLACE.match(source)
        if m:
            return _from_place(lookup_place(m["place"], doc.province_code), province, doc.id)
        if source.startswith(("省", "中共省")):
            return Jurisdiction("provincial", province, scope=doc.id)
    return Jurisdiction("provincial" if province else None, province, scope=doc.id)


def _from_place(place: Place, province: Place | None, scope: str) -> Jurisdiction:
    if place.level == "provincial":
        return Jurisdiction("provincial", place, scope=scope)
    if place.code:
        region = region_index().by_code.get(place.code[:2] + "0000")
        if region is not None:
            province = Place(region.name, "provincial", region.code)
    if place.level == "city":
        return Jurisdiction("city", province, city=place, scope=scope)
    city = None
    if place.code:
        city_region = region_index().by_code.get(place.code[:4] + "00")
        city = Place(city_region.name, "city", city_region.code) if city_region else None
    return Jurisdiction("county", province, city=city, county=place, scope=scope)
