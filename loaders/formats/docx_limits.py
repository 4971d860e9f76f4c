"""Check a DOCX against the read limits before python-docx builds it: python-docx inflates every
zip member into memory and parses every XML part into a tree, so a 1 MB zip of zeros or 66 KB of
empty paragraphs would cost gigabytes or minutes there. Here the zip directory is read first,
then each XML part is streamed once through a parser that builds nothing, stopping at the first
limit.

The same checks guard the other zips of XML that dutygraph reads (xlsx, ods, ofd): each passes its
`kind` for the messages, and may extend `XmlBudget` to note what it needs while the parts stream by.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Mapping
from typing import IO

from loaders.errors import DocumentTooLarge, UnreadableDocument
from loaders.limits import MB, ReadLimits, limit_name

_XML_SUFFIXES = (".xml", ".rels")
_RATIO_FLOOR = MB  # small members may compress very well without costing anything
_MAX_MEMBERS = 10_000
_CHUNK = 1024 * 1024


def check_docx(data: bytes, name: str, limits: ReadLimits) -> None:
    """Return when `data` is a zip within the limits whose XML parts are well-formed, shallow and
    small enough; raise DocumentTooLarge (over a size limit) or UnreadableDocument otherwise."""
    check_xml_zip(data, XmlBudget(name, limits, ".docx"))


def check_xml_zip(data: bytes, budget: XmlBudget) -> None:
    """Check the zip `data` against the limits, streaming every XML part through `budget`."""
    with open_zip(data, budget.name, budget.kind) as archive:
        members = archive.infolist()
        check_sizes(members, budget.name, budget.limits, budget.kind)
        for member in members:
            if member.filename.lower().endswith(_XML_SUFFIXES):
                with _open_member(archive, member, budget.name, budget.kind) as stream:
                    budget.scan(stream, member.filename)


def open_zip(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """Return the zip archive in `data`; UnreadableDocument naming `kind` when it is not one."""
    import io

    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:  # NotImplemented: "zip file version"
        raise UnreadableDocument(f"{name}: not a valid {kind} file (not a zip archive: {exc})") from exc


def _open_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, kind: str) -> IO[bytes]:
    try:
        return archive.open(member)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError) as exc:
        raise UnreadableDocument(f"{name}: not a valid {kind} file ({member.filename}: {exc})") from exc


def check_sizes(members: list[zipfile.ZipInfo], name: str, limits: ReadLimits, kind: str = ".docx") -> None:
    """The sizes a zip declares bound what reading it can produce: zipfile stops at the declared
    size and fails the CRC check if the data says otherwise."""
    if len(members) > _MAX_MEMBERS:
        raise DocumentTooLarge(f"{name}: {len(members):,} files inside the {kind}; a document has a few dozen")
    inflated = sum(m.file_size for m in members)
    if inflated > limits.max_inflated_bytes:
        raise DocumentTooLarge(
            f"{name}: inflates to {inflated:,} bytes, over the {limits.max_inflated_bytes:,}-byte limit "
            f"({limit_name('max_inflated_bytes')}); a decompression bomb?")
    for m in members:
        ratio = m.file_size / max(1, m.compress_size)
        if m.file_size > _RATIO_FLOOR and ratio > limits.max_compression_ratio:
            raise DocumentTooLarge(
                f"{name}: {m.filename} inflates {ratio:,.0f}-fold ({m.compress_size:,} → {m.file_size:,} bytes), "
                f"over the limit of {limits.max_compression_ratio} ({limit_name('max_compression_ratio')}); "
                "a decompression bomb?")


class XmlBudget:
    """Counts elements and characters over all XML parts of one document, and checks depth. It is
    an lxml parser target: the parser calls it for each tag and builds no tree, so a part costs
    its parse time and no memory."""

    def __init__(self, name: str, limits: ReadLimits, kind: str = ".docx") -> None:
        self.name = name
        self.limits = limits
        self.kind = kind
        self.elements = 0
        self.chars = 0
        self.depth = 0
        self.part = ""

    def scan(self, stream: IO[bytes], part: str) -> None:
        from lxml import etree

        self.part, self.depth = part, 0
        parser = etree.XMLParser(target=self, resolve_entities=False, load_dtd=False, no_network=True,
                                 huge_tree=False)
        try:
            while chunk := stream.read(_CHUNK):
                parser.feed(chunk)
            parser.close()
        except etree.XMLSyntaxError as exc:
            raise UnreadableDocument(f"{self.name}: not a valid {self.kind} file ({part}: {_first_line(exc)})") from exc
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:  # a damaged member, found inflating it
            raise UnreadableDocument(f"{self.name}: not a valid {self.kind} file ({part}: {exc})") from exc

    # -- the parser target: lxml calls these -------------------------------------------------------

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        self.elements += 1
        self.depth += 1
        if self.elements > self.limits.max_xml_elements:
            raise DocumentTooLarge(
                f"{self.name}: more than {self.limits.max_xml_elements:,} XML elements (limit "
                f"{limit_name('max_xml_elements')}); reached in {self.part}")
        if self.depth > self.limits.max_xml_depth:
            raise UnreadableDocument(
                f"{self.name}: {self.part} nests XML deeper than {self.limits.max_xml_depth} levels (limit "
                f"{limit_name('max_xml_depth')}); office documents nest a few dozen at most")

    def end(self, tag: str) -> None:
        self.depth -= 1

    def data(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > self.limits.max_text_chars:
            raise DocumentTooLarge(
                f"{self.name}: more than {self.limits.max_text_chars:,} characters of XML text (limit "
                f"{limit_name('max_text_chars')}); reached in {self.part}")

    def doctype(self, *declaration: object) -> None:
        """Office suites never write a DOCTYPE; one in a part is there to declare entities (expansion bombs)."""
        raise UnreadableDocument(f"{self.name}: not a valid {self.kind} file ({self.part} declares a DOCTYPE; "
                                 "entity declarations are not allowed)")

    def close(self) -> None:
        return None


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
