"""What a plan says about the plans above it: the documents it carries out (为贯彻落实《…》
(国办发〔2019〕39号)精神, 根据省政府《关于…的意见》(川府发〔2016〕38号), X市贯彻落实《…》分工方案) and
its own document number (文号: 川府发〔2016〕38号). Read from the head of the document, before its
numbered body: a task that mentions a policy document is a task's mention, not a parent.

Every number is given in one form (loaders.outline.citations.number_key) so a citation and the cited
document's own number compare equal however the brackets were typed."""

from __future__ import annotations

import re
from dataclasses import replace

from loaders.records import Citation, Document, Span
from loaders.text import simplified
from loaders.vocab import load_yaml

_HEAD_CHARS = 3000  # the notice, the title and the preamble; a cited parent is named there
# 国办发〔2019〕39号, 川府发[2016]38号, 粤府〔2021〕13号; a mirror's half-width brackets and spaces too
NUMBER = re.compile(r"(?P<issuer>[\u4e00-\u9fff](?:[ \t]*[\u4e00-\u9fff]){0,9}?)[ \t]*"
                    r"[〔\[(【][ \t]*(?P<year>(?:19|20)\d{2})[ \t]*[〕\])】]"
                    r"[ \t]*第?[ \t]*(?P<serial>\d{1,5})[ \t]*号")
_TITLE = re.compile(r"《(?P<t>[^《》\n]{4,80})》")
_SENTENCE_END = "。;\n!?"
# A mirror's romanisation glosses inside words: 發(fā)改 → 發改, 【guǎng】; blanked (same length) before reading
_GLOSS = re.compile(r"[(【\[][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}[)】\]]")


def _unglossed(text: str) -> str:
    """Return `text` with glosses blanked to spaces (offsets kept)."""
    return _GLOSS.sub(lambda m: " " * len(m.group()), text)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)
_NUMBER_AFTER = re.compile(r"[ \t]*[(（][ \t]*(?P<n>[^()（）\n]{4,40}?)[ \t]*[)）]")


def number_key(number: str) -> str:
    """Return the form document numbers are compared in: 国办发〔2019〕39号 for every way of typing it."""
    m = NUMBER.search(_squeezed(_unglossed(simplified(number))))
    if m is None:
        return re.sub(r"\s+", "", simplified(number))
    return f"{_squeezed(m['issuer'])}〔{m['year']}〕{int(m['serial'])}号"


def own_number(norm: str, body_start: int) -> str | None:
    """Return the document's own number: the first number in its head that is not a citation
    (one in brackets after a cited title, or inside a sentence that carries a parent out)."""
    head = _unglossed(norm[:min(body_start, _HEAD_CHARS) or _HEAD_CHARS])
    for m in NUMBER.finditer(head):
        before = head[max(0, m.start() - 40):m.start()]
        if "》" in before[-4:] or before.rfind("(") > before.rfind(")") or before.rfind("（") > before.rfind("）"):
            continue
        if "《" in head[m.end():m.end() + 2]:  # 成府发〔2016〕29号《成都市…》: a headline, the number first
            return number_key(m.group())
        line_start = head.rfind("\n", 0, m.start()) + 1
        if _is_cited_in(head[line_start:m.start()]):
            continue
        return number_key(m.group())
    return None


def _is_cited_in(sentence_before: str) -> bool:
    return any(cue in sentence_before for cue in _vocab()["cues"])


def with_citations(document: Document, norm: str, body_start: int) -> Document:
    """Return `document` with its own number and the documents it carries out (see find_citations)."""
    return replace(document, number=own_number(norm, body_start),
                   cites=find_citations(norm, document.title, body_start))


def find_citations(norm: str, title: str, body_start: int) -> tuple[Citation, ...]:
    """Return the documents this one carries out, in the order it names them (usually top-down):
    each cited title 《…》 in the head that a cue word puts in charge (贯彻落实, 根据, 按照 …),
    with the number in brackets after it; and a title the document's own title wraps."""
    head = _unglossed(norm[:min(max(body_start, 1), _HEAD_CHARS)])
    found: dict[str, Citation] = {}
    for m in _TITLE.finditer(head):
        sentence = head[_sentence_start(head, m.start()):m.start()]
        if not _is_cited_in(sentence) or _never_parent(m["t"]):
            continue
        number = _number_after(head, m.end())
        cited = _squeezed(m["t"])
        found.setdefault(number or simplified(cited), Citation(cited, number, Span(m.start(), m.end())))
    plain_title = _squeezed(_unglossed(simplified(title)))
    wrapped = _TITLE.search(plain_title)
    if wrapped and _is_cited_in(plain_title[:wrapped.start()]) and not _never_parent(wrapped["t"]):
        key = simplified(wrapped["t"])
        if not any(simplified(c.title or "") == key for c in found.values()):
            found[key] = Citation(wrapped["t"], None, None)
    return tuple(found.values())


def _sentence_start(text: str, at: int) -> int:
    return max(text.rfind(ch, 0, at) for ch in _SENTENCE_END) + 1


def _number_after(head: str, at: int) -> str | None:
    m = _NUMBER_AFTER.match(head, at)
    if m is None:
        return None
    number = NUMBER.fullmatch(_squeezed(m["n"]))
    return number_key(number.group()) if number else None


def _never_parent(title: str) -> bool:
    plain = simplified(title)
    vocab = _vocab()
    return any(word in plain for word in vocab["not_parents"]) or plain.endswith(tuple(vocab["not_parent_endings"]))


def _vocab() -> dict[str, list[str]]:
    data: dict[str, list[str]] = load_yaml("citations.yaml")
    return data
