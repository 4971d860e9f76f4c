"""Which loaded documents are linked: a child plan to the parent it cites — by 文号 first, then by
title — and a plan to its next version (the same issuer and nearly the same title, a later year or
number); then what people said by hand, which wins.

Titles are compared by their core: the compared form (graph.compare) without 《》, glosses, the
issuer before 关于, and a notice's wrapper (印发 … 的通知), so 国务院办公厅关于印发X的通知, 《X》 and
关于X compare equal. A cited title that names its issuer must name the cited document's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from graph.compare import normalize_name
from graph.facts import Node
from graph.lineage.records import DocLink, LinkOverride

LEVELS = ("central", "provincial", "city", "county")  # top down
VERSION_TITLES = 0.9  # how alike two titles' stems must be for one plan to be a version of another
_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)")
_WRAPPER = re.compile(r"^(?:印发|转发|关于印发|关于转发)(?P<t>.+?)(?:的通知)?$")
_YEARS = re.compile(r"(?:19|20)\d{2}(?:年度?|-(?:19|20)\d{2}年?)?")
_EDITION = re.compile(r"\((?:修订|修订版|调整|试行|征求意见稿|\d{4}年?版?)\)|修订版|(?:19|20)\d{2}年版")
_SERIAL = re.compile(r"〔(\d{4})〕(\d+)号")


@dataclass(frozen=True)
class DocInfo:
    """What linking needs of one loaded document (its Document node)."""

    id: str
    title: str
    issuer: str
    year: int | None
    number: str | None
    cited_numbers: tuple[str, ...]
    cited_titles: tuple[str, ...]
    level: str | None
    tasks: int

    @classmethod
    def of(cls, node: Node) -> DocInfo:
        p = node.props
        year = p.get("year")
        return cls(node.id, str(p.get("title") or ""), normalize_name(str(p.get("issuer") or "")),
                   year if isinstance(year, int) else None, p.get("number") or None,
                   tuple(p.get("cited_numbers") or ()), tuple(p.get("cited_titles") or ()), p.get("level"),
                   int(p.get("tasks") or 0))

    @property
    def core(self) -> str:
        return title_core(self.title)

    @property
    def stem(self) -> str:
        return version_stem(self.title)


def title_core(title: str) -> str:
    """Return the form titles are matched in (see the module docstring)."""
    text = _GLOSS.sub("", normalize_name(title)).strip("《》")
    if "关于" in text:
        text = text.split("关于", 1)[1]
    m = _WRAPPER.match(text)
    text = m["t"] if m else text
    return text.replace("《", "").replace("》", "")


def title_issuer(title: str) -> str:
    """Return the issuer a title names before 关于 (国务院办公厅关于… → 国务院办公厅), or ""."""
    text = _GLOSS.sub("", normalize_name(title)).strip("《》")
    return text.split("关于", 1)[0] if "关于" in text else ""


def version_stem(title: str) -> str:
    """Return a title's core without years and edition marks: what two versions of a plan share."""
    return _EDITION.sub("", _YEARS.sub("", title_core(title)))


def level_rank(level: str | None) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


# -- parent ← child ----------------------------------------------------------------------------------

def parents_of(doc: DocInfo, others: Sequence[DocInfo]) -> list[DocLink]:
    """Return the links from the loaded documents `doc` cites to `doc`: by number, else by title."""
    links: dict[str, DocLink] = {}
    by_number = {o.number: o for o in others if o.number and o.id != doc.id}
    for number in doc.cited_numbers:
        cited = by_number.get(number)
        if cited is not None:
            links.setdefault(cited.id, DocLink(cited.id, doc.id, "parent", "number", number))
    for title in doc.cited_titles:
        cited = _cited_by_title(doc, title, others)
        if cited is not None and cited.id not in links:
            links[cited.id] = DocLink(cited.id, doc.id, "parent", "title", f"《{title}》")
    return list(links.values())


def _cited_by_title(doc: DocInfo, title: str, others: Sequence[DocInfo]) -> DocInfo | None:
    core, issuer = title_core(title), title_issuer(title)
    found = [o for o in others if o.id != doc.id and o.core == core
             and (not issuer or issuer in (title_issuer(o.title), o.issuer))]
    above = [o for o in found if level_rank(o.level) < level_rank(doc.level)] or found
    ranked = sorted(above, key=lambda o: level_rank(o.level))
    if len(ranked) > 1 and level_rank(ranked[0].level) == level_rank(ranked[1].level):
        return None  # two documents answer to the title equally well: a person links it by hand
    return ranked[0] if ranked else None


def children_of(doc: DocInfo, others: Sequence[DocInfo]) -> list[DocLink]:
    """Return the links from `doc` to the loaded documents that cite it."""
    return [link for other in others if other.id != doc.id
            for link in parents_of(other, [doc]) if link.source == doc.id]


# -- versions ----------------------------------------------------------------------------------------

def versions_of(doc: DocInfo, others: Sequence[DocInfo]) -> list[DocLink]:
    """Return the links between `doc` and its nearest earlier and later versions among `others`."""
    if not doc.issuer or not doc.tasks:
        return []
    same = [o for o in others if o.id != doc.id and o.issuer == doc.issuer and o.tasks
            and Indel.normalized_similarity(o.stem, doc.stem) >= VERSION_TITLES and _order(o) != _order(doc)]
    earlier = [o for o in same if _order(o) < _order(doc)]
    later = [o for o in same if _order(o) > _order(doc)]
    out = []
    if earlier:
        before = max(earlier, key=_order)
        out.append(DocLink(before.id, doc.id, "version", "version", f"{before.title} → {doc.title}"))
    if later:
        after = min(later, key=_order)
        out.append(DocLink(doc.id, after.id, "version", "version", f"{doc.title} → {after.title}"))
    return out


def _order(doc: DocInfo) -> tuple[int, int]:
    """When a plan was issued, as far as its year and number say."""
    serial = _SERIAL.search(doc.number or "")
    year = doc.year or (int(serial[1]) if serial else 0)
    return year, int(serial[2]) if serial else 0


# -- all of them, and what people said -----------------------------------------------------------------

def found_links(doc: DocInfo, others: Sequence[DocInfo]) -> list[DocLink]:
    """Return every link between `doc` and the other loaded documents, as found (not by hand)."""
    cited = parents_of(doc, others) + children_of(doc, others)
    joined = {frozenset((link.source, link.target)) for link in cited}
    versions = [v for v in versions_of(doc, others) if frozenset((v.source, v.target)) not in joined]
    return cited + versions


def with_overrides(links: Iterable[DocLink], overrides: Sequence[LinkOverride], doc_id: str,
                   loaded: set[str]) -> list[DocLink]:
    """Return `links` as people left them: the latest word on each pair touching `doc_id` wins —
    `unlink` removes a link found, `link` adds one (between loaded documents)."""
    latest: dict[tuple[str, str, str], LinkOverride] = {}
    for o in overrides:
        if doc_id in (o.source, o.target):
            latest[(o.source, o.target, o.kind)] = o
    out = [link for link in links if _kept(latest.get((link.source, link.target, link.kind)))]
    present = {(link.source, link.target, link.kind) for link in out}
    for key, o in latest.items():
        if o.action == "link" and key not in present and {o.source, o.target} <= loaded:
            out.append(DocLink(o.source, o.target, o.kind, "manual", o.reason))
    return out


def _kept(word: LinkOverride | None) -> bool:
    return word is None or word.action == "link"
