"""What two aligned tasks are to each other, and which alignments are links. The thresholds are
here, once, with the figures they were tuned to (docs/lineage.md): the tuning pairs only, never
the held-out ones.

A link's relation (`relation`) is the shape of the link group — 拆分 when one parent task is
carried out by several child tasks of one plan, 合并 when one child task carries out several
parent tasks — or, for a one-to-one link, the relation of its one edge. Each edge also has its
own (`piece`): 照抄 (nearly word for word), 细化 (narrower: numbers, dates or places of its own),
改写 (reworded, neither), and between versions 照抄 (unchanged) or 修订 (revised). 未分解 is not a
link: it is a parent task no task of a child plan carries out (graph.lineage.answers)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from graph.lineage.align import Index, Item, Pairing, Prepared, pair, prepare

KINDS = ("parent", "version", "duplicate")
RELATIONS = {
    "照抄": "nearly word for word",
    "细化": "refined: narrower, with numbers, dates or places of its own",
    "改写": "reworded and adapted: neither word for word nor narrower",
    "修订": "the same task in the next version, revised",
    "拆分": "one task carried out by several",
    "合并": "several tasks carried out by one",
    "未分解": "no task of the child plan carries it out",
}
# -- thresholds (tuned on the tuning pairs: docs/lineage.md) -------------------------------------------
LINK_CONTAINMENT = 0.5  # of the shorter text held by the other: a link whatever else the child matches
LINK_MIN_MATCHED = 12  # characters in matched runs: a shared stock phrase is not a link
# A refined child measure (细化) rewrites most of its parent's sentence: it is linked to its best
# parent when nothing holds it better, that parent shares at least this much, and the next best
# shares clearly less.
REFINED_MIN_MATCHED = 10
REFINED_CONTAINMENT = 0.12
REFINED_MARGIN = 1.5  # the best parent's matched characters over the next best's
COPIED = 0.75  # of the lower text matched: 照抄
BROAD = 0.5  # of the upper text matched by a shorter child without specifics of its own: 改写
VERSION_MIN_MATCHED = 24
VERSION_LIKENESS = 0.2  # a task and its revision share at least this much (Dice) …
UNCHANGED = 0.85  # … and when the shorter is held this much by the other, it is the same task (照抄)
DUPLICATE_LIKENESS = 0.6  # the same work twice: both texts mostly each other
COUNTERPART_BONUS = 0.05  # the lead units are one line of work (财政部 → 省财政厅)
_SPECIFIC = re.compile(r"\d|[年月日]底?前?|季度|上半年|下半年|[一二三四五六七八九十百千万]+[个项家所条批]")


@dataclass(frozen=True)
class Link:
    """One aligned pair of tasks that is a link."""

    kind: str  # parent | version | duplicate
    source: str  # the parent task, the earlier version's, or the first of two duplicates
    target: str
    source_doc: str
    target_doc: str
    relation: str  # the link's: 拆分 / 合并 / 照抄 / 细化 / 改写 / 修订
    piece: str  # this edge's own: 照抄 / 细化 / 改写 / 修订
    score: float
    evidence: tuple[tuple[int, int, int, int], ...]  # matched runs: source start, end, target start, end


def score_of(p: Pairing) -> float:
    """Return how sure a link is, 0–1: mostly containment, some likeness, a little for counterpart leads."""
    bonus = COUNTERPART_BONUS if p.upper.item.leads & p.lower.item.leads else 0.0
    return round(min(1.0, 0.8 * p.containment + 0.2 * p.likeness + bonus), 4)


def is_link(p: Pairing) -> bool:
    return p.matched >= LINK_MIN_MATCHED and p.containment >= LINK_CONTAINMENT


def piece_of(p: Pairing) -> str:
    """Return a parent → child edge's own relation: 照抄 when the child is mostly the parent's words;
    改写 when a child no longer than its parent covers most of it in other words and adds nothing
    specific (numbers, dates); else 细化."""
    if p.lower_cover >= COPIED:
        return "照抄"
    added = _SPECIFIC.search(_unmatched(p.lower.compared.text, [(r[1], r[2]) for r in p.runs]))
    longer = len(p.lower.compared.text) >= len(p.upper.compared.text)
    return "改写" if not added and not longer and p.upper_cover >= BROAD else "细化"


def _unmatched(text: str, runs: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, size in runs:
        chars[start:start + size] = [""] * size
    return "".join(chars)


def _link(kind: str, p: Pairing, piece: str) -> Link:
    evidence = tuple((a, b, c, d) for a, b, c, d in p.evidence())
    return Link(kind, p.upper.item.id, p.lower.item.id, p.upper.item.doc, p.lower.item.doc, piece, piece,
                score_of(p), evidence)


# -- parent → child ------------------------------------------------------------------------------------

def align_children(parents: Sequence[Item] | Index, children: Sequence[Item]) -> list[Link]:
    """Return the links from a parent plan's tasks to a child plan's (one or several child plans:
    拆分 and 合并 are counted within each child plan)."""
    index = parents if isinstance(parents, Index) else Index([prepare(i) for i in parents])
    links: list[Link] = []
    for child in children:
        prepared = prepare(child)
        aligned = [pair(candidate, prepared) for candidate in index.candidates(prepared)]
        strong = [a for a in aligned if is_link(a)]
        links += [_link("parent", a, piece_of(a)) for a in strong or _refined(aligned)]
    return _with_shapes(links)


def _refined(aligned: list[Pairing]) -> list[Pairing]:
    """The one parent a refined child measure rewrites, when one stands out (see REFINED_*)."""
    ranked = sorted(aligned, key=lambda a: -a.matched)
    if not ranked:
        return []
    best, runner_up = ranked[0], (ranked[1].matched if len(ranked) > 1 else 0)
    if (best.matched >= REFINED_MIN_MATCHED and best.containment >= REFINED_CONTAINMENT
            and best.matched >= REFINED_MARGIN * runner_up):
        return [best]
    return []


def _with_shapes(links: list[Link]) -> list[Link]:
    """Return the links with each group's relation: 拆分 (one parent, several children in one plan),
    合并 (one child, several parents)."""
    children_of: dict[tuple[str, str], int] = defaultdict(int)
    parents_of: dict[str, int] = defaultdict(int)
    for link in links:
        children_of[(link.source, link.target_doc)] += 1
        parents_of[link.target] += 1
    out = []
    for link in links:
        if parents_of[link.target] > 1:
            out.append(replace(link, relation="合并"))
        elif children_of[(link.source, link.target_doc)] > 1:
            out.append(replace(link, relation="拆分"))
        else:
            out.append(link)
    return out


# -- version → version ---------------------------------------------------------------------------------

def align_versions(earlier: Sequence[Item], later: Sequence[Item]) -> list[Link]:
    """Return the one-to-one links from an earlier version's tasks to a later one's: each task is
    matched at most once, best pairs first."""
    index = Index([prepare(i) for i in earlier])
    scored = []
    for item in later:
        prepared = prepare(item)
        for candidate in index.candidates(prepared):
            aligned = pair(candidate, prepared)
            if aligned.matched >= VERSION_MIN_MATCHED and aligned.likeness >= VERSION_LIKENESS:
                scored.append((aligned.likeness, aligned))
    used: set[str] = set()
    links = []
    for _, aligned in sorted(scored, key=lambda s: -s[0]):
        a, b = aligned.upper.item.id, aligned.lower.item.id
        if a in used or b in used:
            continue
        used.update((a, b))
        links.append(_link("version", aligned, "照抄" if _unchanged(aligned) else "修订"))
    return links


def _unchanged(p: Pairing) -> bool:
    """True when a later version's task is the earlier one in other words at most: the shorter text
    is held by the other (UNCHANGED), and no number or date differs between them."""
    if p.containment < UNCHANGED:
        return False
    upper = _unmatched(p.upper.compared.text, [(r[0], r[2]) for r in p.runs])
    lower = _unmatched(p.lower.compared.text, [(r[1], r[2]) for r in p.runs])
    return not (_SPECIFIC.search(upper) or _SPECIFIC.search(lower))


# -- duplicates at one level ---------------------------------------------------------------------------

def find_duplicates(items: Sequence[Item]) -> list[Link]:
    """Return the pairs of tasks from different plans that are the same work twice."""
    prepared = [prepare(i) for i in items]
    index = Index(prepared)
    links = []
    seen: set[tuple[str, str]] = set()
    for one in prepared:
        for other in index.candidates(one, exclude_doc=one.item.doc):
            key = tuple(sorted((one.item.id, other.item.id)))
            if key in seen:
                continue
            seen.add((key[0], key[1]))
            upper, lower = (one, other) if one.item.id < other.item.id else (other, one)
            aligned = pair(upper, lower)
            if aligned.matched >= LINK_MIN_MATCHED and aligned.likeness >= DUPLICATE_LIKENESS:
                links.append(_link("duplicate", aligned, "照抄" if aligned.containment >= UNCHANGED else "改写"))
    return sorted(links, key=lambda link: -link.score)


def prepared_index(items: Sequence[Item]) -> Index:
    """Return the index of one side, to align several plans against it (a parent and its children)."""
    return Index([prepare(i) for i in items])


def best_first(links: Sequence[Link]) -> list[Link]:
    return sorted(links, key=lambda link: (-link.score, link.source, link.target))


__all__ = ["KINDS", "RELATIONS", "Link", "Prepared", "align_children", "align_versions", "find_duplicates"]
