"""Check a PDF against the read limits before pypdf extracts its text: count the pages, then the
decoded bytes of every stream text extraction would decode — each page's contents, the forms it
draws (nested), the ToUnicode maps of its fonts — decoding with a cap, or refusing before decoding
when a filter's worst case is already over what is left. pypdf itself lets a stream inflate to
75 MB, and extraction then costs minutes; here the whole document shares one budget, counted per
page (a form drawn on 500 pages is read 500 times)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

from loaders.errors import DocumentTooLarge, UnreadableDocument
from loaders.limits import ReadLimits, limit_name

_FLATE = ("/FlateDecode", "/Fl")
_SHRINKING = ("/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85")
# the most a filter can expand its input: run-length repeats a byte up to 128 times per 2 bytes,
# an LZW code of 9+ bits stands for at most 4,096 bytes
_WORST_RATIO = {"/RunLengthDecode": 64, "/RL": 64, "/LZWDecode": 4096, "/LZW": 4096}
_MAX_FORM_NESTING = 12


def check_pdf(reader: Any, name: str, limits: ReadLimits) -> None:
    """Return when the PDF read by `reader` (a pypdf PdfReader) is within the page and decoded-bytes
    limits; raise DocumentTooLarge (or UnreadableDocument for a damaged stream) otherwise."""
    pages = len(reader.pages)
    if pages > limits.max_pdf_pages:
        raise DocumentTooLarge(f"{name}: {pages:,} pages, over the limit of {limits.max_pdf_pages:,} "
                               f"({limit_name('max_pdf_pages')})")
    budget = _DecodedBudget(name, limits.max_pdf_decoded_bytes)
    for number, page in enumerate(reader.pages, start=1):
        for stream in _streams_read_for_text(page):
            budget.spend(stream, number)


class _DecodedBudget:
    def __init__(self, name: str, limit: int) -> None:
        self.name = name
        self.limit = limit
        self.spent = 0
        self.sizes: dict[int, int] = {}  # decoded size per stream, so a shared stream is decoded once

    def spend(self, stream: Any, page: int) -> None:
        key = id(stream)
        if key not in self.sizes:
            self.sizes[key] = self._decoded_size(stream, page)
        self.spent += self.sizes[key]
        if self.spent > self.limit:
            self._over(page)

    def _over(self, page: int) -> None:
        raise DocumentTooLarge(
            f"{self.name}: text extraction would decode more than {self.limit:,} bytes (reached on page {page}; "
            f"limit {limit_name('max_pdf_decoded_bytes')}); a decompression bomb?")

    def _decoded_size(self, stream: Any, page: int) -> int:
        data: bytes = getattr(stream, "_data", b"")  # the raw bytes; pypdf keeps no public name for them
        for step in _filters(stream):
            data = self._decode(step, data, page)
        return len(data)

    def _decode(self, step: str, data: bytes, page: int) -> bytes:
        left = self.limit - self.spent
        if step in _FLATE:
            return self._inflate(data, left, page)
        if step == "/Crypt":  # the identity crypt filter: pypdf has decrypted the object already
            return data
        if step in _SHRINKING:
            return _pypdf_decode(step, data)
        if step in _WORST_RATIO:
            if len(data) * _WORST_RATIO[step] > left:
                self._over(page)
            return _pypdf_decode(step, data)
        raise UnreadableDocument(f"{self.name}: page {page} draws text through the {step} filter, "
                                 "which holds images, not text")

    def _inflate(self, data: bytes, left: int, page: int) -> bytes:
        for wbits in (zlib.MAX_WBITS, zlib.MAX_WBITS | 32):
            inflater = zlib.decompressobj(wbits)
            try:
                out = inflater.decompress(data, left + 1)
            except zlib.error:
                continue
            if len(out) > left:
                self._over(page)
            return out
        raise UnreadableDocument(f"{self.name}: a compressed stream on page {page} is damaged")


def _filters(stream: Any) -> list[str]:
    chain = stream.get("/Filter")
    chain = chain.get_object() if hasattr(chain, "get_object") else chain
    if chain is None:
        return []
    return [str(f) for f in chain] if isinstance(chain, list) else [str(chain)]


def _pypdf_decode(step: str, data: bytes) -> bytes:
    from pypdf import filters

    decoders: dict[str, Any] = {"/ASCIIHexDecode": filters.ASCIIHexDecode, "/AHx": filters.ASCIIHexDecode,
                                "/ASCII85Decode": filters.ASCII85Decode, "/A85": filters.ASCII85Decode,
                                "/RunLengthDecode": filters.RunLengthDecode, "/RL": filters.RunLengthDecode,
                                "/LZWDecode": filters.LZWDecode, "/LZW": filters.LZWDecode}
    decoded = decoders[step].decode(data)
    return decoded if isinstance(decoded, bytes) else str(decoded).encode("latin-1", "replace")


def _streams_read_for_text(page: Any) -> Iterator[Any]:
    """Yield each stream extracting this page's text decodes: contents, then resources."""
    seen: set[int] = set()
    yield from _unseen(_as_list(page.get("/Contents")), seen)
    yield from _resource_streams(page.get("/Resources"), seen, 0)


def _resource_streams(resources: Any, seen: set[int], depth: int) -> Iterator[Any]:
    resources = _resolved(resources)
    if not hasattr(resources, "get") or depth > _MAX_FORM_NESTING:
        return
    for font in _values(resources.get("/Font")):
        yield from _unseen([font.get("/ToUnicode"), font.get("/Encoding")], seen)  # maps may be streams
    for xobject in _values(resources.get("/XObject")):
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            yield from _unseen([xobject], seen)
            yield from _resource_streams(xobject.get("/Resources"), seen, depth + 1)


def _unseen(items: list[Any], seen: set[int]) -> Iterator[Any]:
    for item in items:
        stream = _resolved(item)
        if stream is not None and hasattr(stream, "get_data") and id(stream) not in seen:
            seen.add(id(stream))
            yield stream


def _values(mapping: Any) -> Iterator[Any]:
    mapping = _resolved(mapping)
    if hasattr(mapping, "values"):
        for value in mapping.values():
            value = _resolved(value)
            if hasattr(value, "get"):
                yield value


def _as_list(value: Any) -> list[Any]:
    value = _resolved(value)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _resolved(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") and value is not None else value
