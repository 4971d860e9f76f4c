"""Character-level normalisation that keeps offsets: every span into the normalised text is a
span into the decoded text too, because each character maps to exactly one character."""

from __future__ import annotations

# Full-width ASCII (！ … ～) → half-width, ideographic space → space. Brackets like 〔〕【】 stay:
# they are real CJK punctuation, and the parser knows them.
_FULL_TO_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_TO_HALF[0x3000] = 0x20
_FULL_TO_HALF[0x00A0] = 0x20
# Other same-meaning marks: curly quotes, middle dots and dashes are kept, they carry no structure.
_FULL_TO_HALF.update({0x2236: ord(":"), 0xFE30: ord(":")})  # ∶ ︰ used as colons


def normalize(text: str) -> str:
    """Return `text` with full-width ASCII folded to half-width; same length, same offsets."""
    out = text.translate(_FULL_TO_HALF)
    assert len(out) == len(text)
    return out


OPEN_BRACKETS = "([〔【（［"
CLOSE_BRACKETS = ")]〕】）］"
