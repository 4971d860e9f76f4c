"""Bytes of unknown encoding → text: BOMs first, then strict UTF-8, then a detector (charset-normalizer),
refusing what looks like binary data. Used by every reader of text (.txt, HTML without a charset, .csv)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from loaders.errors import UnreadableDocument
from loaders.records import CellLocation

# GB2312/GBK are subsets of GB18030: decode with the superset so rare characters survive.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}


@dataclass(frozen=True)
class ReadText:
    text: str
    encoding: str  # of a text file; else the format read (docx, pdf, xlsx, …)
    locations: tuple[CellLocation, ...] = ()  # spreadsheets: the cell each span of `text` came from


def decode_text(data: bytes, name: str, declared: str | None = None) -> ReadText:
    """Decode bytes of unknown encoding: the `declared` one first (an HTML page's charset) unless the
    bytes say otherwise by failing it, then BOMs, then strict UTF-8, then a detector."""
    if declared:
        enc = "gb18030" if declared.replace("-", "") in _GB_FAMILY else declared
        try:
            return _checked(data.decode(enc), enc, name)
        except (UnicodeDecodeError, LookupError):
            pass  # a mislabelled page: fall back to detection
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(_decode(data, enc, name), enc, name)
    try:
        return _checked(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError:
        pass
    if _looks_utf16(data):
        return _checked(_decode(data, "utf-16-le", name), "utf-16-le", name)
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise UnreadableDocument(f"{name}: not text in any known encoding (binary file?)")
    enc = best.encoding.lower().replace("_", "")
    enc = "gb18030" if enc in _GB_FAMILY else best.encoding
    return _checked(_decode(data, enc, name), enc, name)


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnreadableDocument(f"{name}: cannot decode as {encoding}: {exc}") from exc


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    return len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _checked(text: str, encoding: str, name: str) -> ReadText:
    sample = text[:100_000]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 50):
        raise UnreadableDocument(f"{name}: looks like binary data, not text ({encoding} decode)")
    return ReadText(text.replace("\r\n", "\n").replace("\r", "\n"), encoding)
