"""Field labels and table headers read by their words, not looked up in a list.

A label is a short run of known morphemes that ends in a head noun and a colon: 牵头单位:,
主体责任单位:, 协同责任单位:, 部门分工:, 责任主体:, 分管省领导:, 牵头负责领导:, 完成时限:.
The head says what the value is (units, people, a time); the words before it give the role
(牵头/主责/主要/主体 → lead; 配合/协同/协办/参与/协助 → co; neither → mixed: the first listed
leads unless a lead is named apart). Table headers are classified by the same words, plus the
broader words of task, problem, number and progress columns. The vocabulary is data
(loaders/data/labels.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.vocab import load_yaml

LabelKind = str  # lead | co | mixed | time | person | ignore
_CJK = "\u4e00-\u9fff"


@dataclass(frozen=True)
class Label:
    kind: LabelKind
    key: str  # the label's words as written (without gloss and colon)
    start: int  # where the label starts
    end: int  # right after its colon: where the value starts


@dataclass(frozen=True)
class _Vocab:
    heads: dict[str, str]  # head noun → unit | person | time | ignore
    lead: tuple[str, ...]
    co: tuple[str, ...]
    pattern: re.Pattern[str]
    morpheme: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    data = load_yaml("labels.yaml")
    heads = {word: kind for kind, words in data["heads"].items() for word in words}
    qualifiers = [w for words in data["qualifiers"].values() for w in words]
    morphemes = sorted(set(heads) | set(qualifiers), key=len, reverse=True)
    alternation = "|".join(map(re.escape, morphemes))
    tails = "|".join(map(re.escape, data["tails"]))
    # up to five morphemes, then an optional tail (时限要求), an optional short gloss (牵头部门(单位)),
    # and a colon; never glued to a CJK word before it (明确责任单位: is prose, not a label)
    pattern = re.compile(
        rf"(?<![{_CJK}])(?P<key>(?:{alternation}){{1,5}})(?:{tails})?"
        r"(?:[ \t]{0,4}\([^()\n:]{1,8}\))?[ \t]{0,4}:[ \t]*"
    )
    return _Vocab(heads, tuple(data["qualifiers"]["lead"]), tuple(data["qualifiers"]["co"]), pattern,
                  re.compile(alternation))


def label_pattern() -> re.Pattern[str]:
    """Return the one regex that finds label candidates (for the parse benchmark's bare scan)."""
    return _vocab().pattern


def find_labels(text: str, start: int, end: int, limit: int | None = None) -> list[Label]:
    """Return the field labels in text[start:end] (half-width text), in order; at most `limit`
    (where a value ends only the next label matters: scanning on to the line's end for every label
    of a line of labels was quadratic)."""
    vocab = _vocab()
    out: list[Label] = []
    for m in vocab.pattern.finditer(text, start, end):
        kind = label_kind(m["key"])
        if kind is not None:
            out.append(Label(kind, m["key"], m.start(), m.end()))
            if limit is not None and len(out) >= limit:
                break
    return out


@lru_cache(maxsize=4096)
def label_kind(key: str) -> LabelKind | None:
    """Return what a label's words name: lead, co or mixed units, person, time, ignore; None when
    the words do not end in a head noun (工作目标 is not a label)."""
    vocab = _vocab()
    words = vocab.morpheme.findall(key)
    if not words or "".join(words) != key or words[-1] not in vocab.heads:
        return None
    head = vocab.heads[words[-1]]
    if head != "unit":
        return head
    # the role word nearest the head decides: 主要协作单位 is co (主要 only stresses 协作)
    for word in reversed(words[:-1]):
        if word in vocab.lead:
            return "lead"
        if word in vocab.co:
            return "co"
    return "mixed"


# -- table headers ---------------------------------------------------------------------------------

_NUM = re.compile(r"^(?:序号|编号|序|号|No\.?|NO\.?)$")
_OUTLINE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.]|\(?[一二三四五六七八九十\d]{1,3}\)|\d{1,3}[.、])")
_TITLE_ENDS = ("表", "方案", "清单", "计划", "要点", "通知", "附件")
_GLOSS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|〔[^〔〕]*〕|【[^【】]*】")


def header_words(cell: str) -> str:
    """A header cell's words without blanks and without a bracketed gloss (重点工作任务(2项配合工作))."""
    words = re.sub(r"\s", "", cell)
    return _GLOSS.sub("", words) or words


@lru_cache(maxsize=4096)
def header_kind(cell: str) -> str:
    """Return what a table header cell names: num, lead, co, mixed, person, time, problem, task,
    progress, remark, count, ignore or other (unclassified: the column is skipped, the header goes on)."""
    bare = header_words(cell)
    if _NUM.match(bare):
        return "num"
    if len(bare) > 12 or bare.endswith(_TITLE_ENDS) or ":" in bare or _OUTLINE.match(bare):
        return "other"  # a table's title (重点工作任务分工表), a field with its value, a heading
    kind = label_kind(bare)
    if kind is not None:
        return kind
    data = load_yaml("labels.yaml")["columns"]
    for column in ("person", "ignore", "time", "count", "remark", "progress", "unit", "problem", "task"):
        if re.search(data[column], bare):
            return _unit_role(bare) if column == "unit" else column
    return "other"


def _unit_role(words: str) -> str:
    """The role of a unit column whose header is not a plain label: the role word nearest its end."""
    vocab = _vocab()
    found = [(words.rfind(w), "lead") for w in vocab.lead if w in words]
    found += [(words.rfind(w), "co") for w in vocab.co if w in words]
    return max(found)[1] if found else "mixed"


UNIT_KINDS = ("lead", "co", "mixed")
