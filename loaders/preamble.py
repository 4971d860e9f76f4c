"""What the text before the first heading says about the document: title, issuer, province."""

from __future__ import annotations

import re

from loaders.regions import Region, region_index
from loaders.vocab import load_yaml

_DOC_KIND = r"(?:方案|清单|意见|通知|计划|办法|措施|要点|分工|规划|决定|细则|安排|任务|报告|台账)"
_TITLE_LINE = re.compile(r"^[《“]?(?P<t>[^\n。]{4,80}?" + _DOC_KIND + r")[》”]?$")
_MADE = re.compile(r"(?:特|现)?(?:制定|制订|印发)(?:了|本|如下)?(?P<t>[^,。;\n“”《》]{4,40}?" + _DOC_KIND + ")")
_ISSUER_SUFFIX = (r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|领导小组|厅|局|委|部|院|政府|"
                  r"管委会|党委|党组)")
_ISSUED_BY = re.compile(r"(?P<i>[\u4e00-\u9fff]{2,40}?" + _ISSUER_SUFFIX + r")(?:关于)?(?:印发|发布|制定)")
_ISSUER_LINE = re.compile(r"^(?P<i>[\u4e00-\u9fff]{2,40}" + _ISSUER_SUFFIX + r")$", re.M)
_NAMED_PLACE = re.compile(
    r"^[\u4e00-\u9fff]{2,5}(?:省|市|县|区|自治区|自治州|州|盟|旗)(?:委|人民政府|政府|[\u4e00-\u9fff]{2,})"
)
_ISSUER_START = ("中共", "国务院", "国家", "中央", "省", "市", "县", "区", "镇", "乡")
_SIGNATURE_DATE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年[^\n]{1,8}日\s*$", re.M)


def find_title(preamble: str, text: str, fallback: str) -> str:
    """Return the document's title: a title-like line, a 制定…方案 phrase, or `fallback`."""
    for line in preamble.splitlines():
        m = _TITLE_LINE.match(line.strip())
        if m and "http" not in line:
            return m["t"]
    m = _MADE.search(text[:3000])
    if m:
        return m["t"]
    return fallback


def find_issuer(preamble: str, text: str) -> str | None:
    """Return the issuing unit from a 'X印发' headline or a signature before the date."""
    m = _ISSUED_BY.search(preamble)
    if m:
        return _trim_to_unit(m["i"])
    dates = list(_SIGNATURE_DATE.finditer(text))
    if dates:
        before = text[: dates[-1].start()].rstrip().rsplit("\n", 1)[-1].strip()
        if _ISSUER_LINE.match(before):
            return before
    m = _ISSUER_LINE.search(preamble)
    return _trim_to_unit(m["i"]) if m else None


def _trim_to_unit(candidate: str) -> str:
    """Drop headline junk before the unit: 速看省科技领导小组办公室 → 省科技领导小组办公室, while a
    place the data may not know stays: 江南市人民政府办公室."""
    noise = tuple(load_yaml("headings.yaml")["headline_noise"])
    while candidate.startswith(noise):
        candidate = candidate[len(next(w for w in noise if candidate.startswith(w))):]
    if _NAMED_PLACE.match(candidate):
        return candidate
    names = region_index().prefix_names
    for k in range(len(candidate) - 1):
        rest = candidate[k:]
        if rest.startswith(_ISSUER_START) or any(rest[:n] in names for n in range(2, min(len(rest), 9))):
            return rest
    return candidate


def find_province(issuer: str | None, title: str, text: str) -> Region | None:
    """Return the province the document is issued in: from issuer or title, else the text's majority."""
    index = region_index()
    for source in (issuer or "", title):
        hits = index.find(source, None)
        if hits:
            return index.by_code.get(hits[0].region.province_code)
    return index.guess_province(text)
