"""Character-level normalisation that keeps offsets: every span into the normalised text is a
span into the decoded text too, because each character maps to exactly one character.

Full-width ASCII becomes half-width, look-alike marks become the mark the parser knows (﹒ → .),
and traditional characters become simplified ones (牽頭 → 牵头, 責任單位 → 责任单位), so one set of
rules reads pages that mirror sites convert to traditional script; names are still taken from
the text as written.
"""

from __future__ import annotations

# Full-width ASCII (！ … ～) → half-width, ideographic space → space. Brackets like 〔〕【】 stay:
# they are real CJK punctuation, and the parser knows them.
_FULL_TO_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_TO_HALF[0x3000] = 0x20
_FULL_TO_HALF[0x00A0] = 0x20
# Other same-meaning marks: curly quotes, middle dots and dashes are kept, they carry no structure.
_FULL_TO_HALF.update({
    0x2236: ord(":"), 0xFE30: ord(":"), 0xFE55: ord(":"),  # ∶ ︰ ﹕ used as colons
    0xFE52: ord("."), 0x2024: ord("."),  # ﹒ ․ after an item number
    0xFE50: ord(","), 0xFE51: 0x3001,  # ﹐ ﹑ small comma and enumeration comma
    0xFE54: ord(";"),  # ﹔
    0x25CB: 0x3007,  # ○ written for 〇 in dates: 二○一一年
})
# Characters whose traditional form is common enough to tell a traditional page at a glance.
_TRADITIONAL_HINTS = frozenset("們國會與為這個時區縣單責關於辦頭牽負應實際發對業經門務協進")


def normalize(text: str) -> str:
    """Return `text` with full-width ASCII folded to half-width and traditional characters made
    simplified; same length, same offsets."""
    out = text.translate(_FULL_TO_HALF)
    if not _TRADITIONAL_HINTS.isdisjoint(out[:20_000]) or not _TRADITIONAL_HINTS.isdisjoint(out[-20_000:]):
        out = out.translate(_simplified_map(out))
    assert len(out) == len(text)
    return out


def simplified(text: str) -> str:
    """Return `text` with traditional characters made simplified, however short the text (a
    name: 市財政局 → 市财政局); same length."""
    return text.translate(_simplified_map(text))


_T2S: dict[int, int] = {}  # traditional → simplified, one character each, learnt as texts arrive
_KNOWN: set[str] = set()


def _simplified_map(text: str) -> dict[int, int]:
    """Return the traditional → simplified map, extended by the CJK characters of `text` it has
    not seen yet (one OpenCC call for all of them)."""
    new = sorted({c for c in text if "\u3400" <= c <= "\u9fff"} - _KNOWN)
    if new:
        import opencc

        converted = opencc.OpenCC("t2s").convert("\n".join(new)).split("\n")
        if len(converted) == len(new):
            _T2S.update({ord(t): ord(s) for t, s in zip(new, converted, strict=True) if len(s) == 1 and s != t})
        _KNOWN.update(new)
    return _T2S


def content_end(text: str) -> int:
    """Where the text's last non-blank character ends: len(text.rstrip()) without copying a
    megabyte for every row or field that asks."""
    i = len(text)
    while i and text[i - 1].isspace():
        i -= 1
    return i


OPEN_BRACKETS = "([〔【（［"
CLOSE_BRACKETS = ")]〕】）］"
