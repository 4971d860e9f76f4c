"""The one alignment engine behind the three relations: a parent plan's tasks and a child plan's
(parent → child), a plan's tasks and its next version's (version → version), and one unit's tasks
from different plans at one level (duplicates).

Two steps. Blocking: every task's compared text (graph.lineage.text) is cut into character
trigrams; an inverted index over one side's trigrams, leaving out those so common they say
nothing (over a tenth of the indexed tasks hold them), gives each task of the other side the few
tasks it shares the most trigrams with — near-linear work, where comparing every pair is
quadratic. Containment matters more than likeness here (a child measure is often one sentence of
a parent paragraph), which is why an inverted index with shared counts and not MinHash, whose
estimate is of Jaccard likeness. Scoring: the candidates are aligned character by character
(rapidfuzz's LCS opcodes); runs of at least MIN_RUN characters count as matched, and they are the
evidence: spans in both texts as written. graph.lineage.relations turns the figures into a
relation and decides what is a link."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

from rapidfuzz.distance import LCSseq

from graph.lineage.text import Comparable, comparable

GRAM = 3
MIN_RUN = 3  # characters in a row that count as copied; shorter runs are chance
COMMON_SHARE = 0.1  # a trigram held by more than this share of the indexed tasks is not looked up
COMMON_FLOOR = 30  # … unless the index is small: under this many tasks every trigram counts
CANDIDATES = 6  # tasks of the indexed side scored per task of the other side


@dataclass(frozen=True)
class Item:
    """One task as the aligner sees it."""

    id: str
    doc: str
    text: str  # as written
    leads: frozenset[str] = frozenset()  # the registry's department keys of its lead units (counterparts)
    due: int | None = None  # YYYYMMDD of a dated deadline


@dataclass(frozen=True)
class Prepared:
    item: Item
    compared: Comparable
    grams: frozenset[str]


@dataclass(frozen=True)
class Pairing:
    """Two tasks aligned: how much of each the matched runs cover, and the runs themselves."""

    upper: Prepared  # the parent, the earlier version, or the first of two duplicates
    lower: Prepared
    matched: int  # characters in matched runs
    runs: tuple[tuple[int, int, int], ...] = field(repr=False)  # (upper start, lower start, size), compared text

    @property
    def upper_cover(self) -> float:
        return self.matched / max(1, len(self.upper.compared.text))

    @property
    def lower_cover(self) -> float:
        return self.matched / max(1, len(self.lower.compared.text))

    @property
    def containment(self) -> float:
        """The share of the shorter text the other holds."""
        return self.matched / max(1, min(len(self.upper.compared.text), len(self.lower.compared.text)))

    @property
    def likeness(self) -> float:
        """Dice likeness: matched characters over the mean length."""
        total = len(self.upper.compared.text) + len(self.lower.compared.text)
        return 2 * self.matched / max(1, total)

    def evidence(self) -> list[list[int]]:
        """Return the matched runs as spans of the texts as written: [upper start, end, lower start, end]."""
        out = []
        for a, b, size in self.runs:
            ua, ub = self.upper.compared.span(a, a + size)
            la, lb = self.lower.compared.span(b, b + size)
            out.append([ua, ub, la, lb])
        return out


def prepare(item: Item) -> Prepared:
    """Return a task ready to be indexed and aligned."""
    compared = comparable(item.text)
    text = compared.text
    grams = frozenset(map("".join, zip(text, text[1:], text[2:], strict=False)))  # the trigrams, cut in C (GRAM 3)
    return Prepared(item, compared, grams)


class Index:
    """An inverted index of trigrams over one side's tasks."""

    def __init__(self, items: Sequence[Prepared]) -> None:
        self.items = list(items)
        postings: dict[str, list[int]] = {}
        for k, prepared in enumerate(self.items):
            for gram in prepared.grams:
                postings.setdefault(gram, []).append(k)
        cap = max(COMMON_FLOOR, int(COMMON_SHARE * len(self.items)))
        self.postings = {g: ids for g, ids in postings.items() if len(ids) <= cap}
        self.grams = frozenset(self.postings)

    def candidates(self, other: Prepared, limit: int = CANDIDATES, exclude_doc: str | None = None) -> list[Prepared]:
        """Return the indexed tasks sharing the most informative trigrams with `other`, best first."""
        postings = self.postings
        common = other.grams & self.grams  # set operations and the count run in C: this is the hot loop
        counts = Counter(chain.from_iterable(map(postings.__getitem__, common)))
        floor = max(2, len(other.grams) // 10)
        out: list[Prepared] = []
        for k, shared in counts.most_common():
            if shared < floor or len(out) >= limit:
                break
            if exclude_doc is None or self.items[k].item.doc != exclude_doc:
                out.append(self.items[k])
        return out


def pair(upper: Prepared, lower: Prepared) -> Pairing:
    """Return the character alignment of two tasks."""
    blocks = LCSseq.opcodes(upper.compared.text, lower.compared.text).as_matching_blocks()
    runs = tuple((b.a, b.b, b.size) for b in blocks if b.size >= MIN_RUN)
    return Pairing(upper, lower, sum(r[2] for r in runs), runs)
