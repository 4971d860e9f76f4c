"""Hostile documents, generated on demand (nothing binary is committed): decompression bombs,
malformed DOCX XML, and text made to look like a document. Used by tests/reliability and by
bench.bench_bombs, which times each one against the read limits.

Every maker streams what it compresses, so building a 1 GiB bomb never holds 1 GiB in memory."""

from __future__ import annotations

import io
import os
import random
import string
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import docx_bytes

GIB = 1024 ** 3
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_GOOD_LINE = "1.优化服务。(责任单位:省财政厅;完成时限:2020年底前)"


def _with_document_xml(chunks: Iterable[bytes]) -> bytes:
    """Return a real .docx (python-docx's template) whose word/document.xml is `chunks`."""
    template = zipfile.ZipFile(io.BytesIO(docx_bytes(_GOOD_LINE)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as docx:
        for member in template.infolist():
            if member.filename == "word/document.xml":
                info = zipfile.ZipInfo("word/document.xml")
                info.compress_type = zipfile.ZIP_DEFLATED
                with docx.open(info, "w", force_zip64=True) as part:
                    for chunk in chunks:
                        part.write(chunk)
            else:
                docx.writestr(member, template.read(member))
    return out.getvalue()


def _body(inner: Iterable[bytes]) -> Iterable[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {_W}><w:body>'.encode()
    yield from inner
    yield b"</w:body></w:document>"


def _zero_blocks(size: int) -> Iterable[bytes]:
    """`size` bytes of zeros, a MiB at a time (a part written from them never sits in memory whole)."""
    block = b"\0" * (1024 * 1024)
    return (block for _ in range(size // len(block)))


def docx_of_zeros(size: int = GIB) -> bytes:
    """A DOCX whose document part is `size` bytes of zeros (1 GiB → about 1 MB zipped)."""
    return _with_document_xml(_zero_blocks(size))


def docx_of_empty_paragraphs(paragraphs: int = 7_500_000) -> bytes:
    """A DOCX of nothing but empty paragraphs (7.5 million → about 66 KB of zipped XML)."""
    row = b"<w:p/>" * 100_000
    return _with_document_xml(_body(row for _ in range(paragraphs // 100_000)))


def docx_deeply_nested(depth: int = 5000) -> bytes:
    """A DOCX whose paragraph sits inside `depth` nested elements."""
    return _with_document_xml(_body([b"<w:sdt>" * depth, b"<w:p/>", b"</w:sdt>" * depth]))


def docx_bad_syntax() -> bytes:
    """A DOCX whose document part is not well-formed XML."""
    return _with_document_xml(_body([b"<w:p><w:r><w:t>1.\xe4\xbc\x98\xe5\x8c\x96</w:r></w:p><<<"]))


def docx_entity_expansion() -> bytes:
    """A DOCX whose document part declares the 'billion laughs' entities and uses them."""
    entities = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    head = f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol0 "lol">{entities}]>'
    return _with_document_xml([head.encode(), f"<w:document {_W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
                                              "</w:body></w:document>".encode()])


def docx_huge_text_node(size: int = 10 * 1024 * 1024 + 1) -> bytes:
    """A DOCX with one text node of `size` random letters (random, so it hardly compresses)."""
    letters = random.Random(7).choices(string.ascii_letters, k=size)
    return _with_document_xml(_body([b"<w:p><w:r><w:t>", "".join(letters).encode(), b"</w:t></w:r></w:p>"]))


def pdf_with_huge_stream(size: int = 70 * 1000 * 1000) -> bytes:
    """A one-page PDF whose content stream inflates to `size` bytes of text operators (70 MB →
    about 200 KB of PDF)."""
    operators = b"BT /F1 12 Tf 50 700 Td (x) Tj ET\n"
    deflate = zlib.compressobj(9)
    block = operators * (1024 * 1024 // len(operators))
    compressed = b"".join(deflate.compress(block) for _ in range(size // len(block))) + deflate.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed) + compressed + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


_XLSX_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
               'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
               'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
               'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
               'main+xml"/>'
               '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
               'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_ROOT_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
_XLSX_BOOK_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships"><Relationship Id="rId1" Type="{_REL}/worksheet" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx_of(sheet_xml: Iterable[bytes], sheets: str = '<sheet name="Sheet1" sheetId="1" r:id="rId1"/>') -> bytes:
    """A minimal .xlsx (what Excel needs and no more) whose one worksheet part is `sheet_xml`,
    streamed into the zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as xlsx:
        xlsx.writestr("[Content_Types].xml", _XLSX_TYPES)
        xlsx.writestr("_rels/.rels", _XLSX_ROOT_RELS)
        xlsx.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {_SHEET_NS} '
                                         f'xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>')
        xlsx.writestr("xl/_rels/workbook.xml.rels", _XLSX_BOOK_RELS)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with xlsx.open(info, "w", force_zip64=True) as part:
            for chunk in sheet_xml:
                part.write(chunk)
    return out.getvalue()


def _sheet(rows: Iterable[bytes]) -> Iterable[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_SHEET_NS}><sheetData>'.encode()
    yield from rows
    yield b"</sheetData></worksheet>"


def xlsx_of_zeros(size: int = GIB) -> bytes:
    """A zip bomb with an .xlsx's parts: its worksheet is `size` bytes of zeros."""
    return xlsx_of(_zero_blocks(size))


def xlsx_of_empty_rows(rows: int = 1_000_000) -> bytes:
    """A sheet of a million empty rows (<row r="N"/>, no cells)."""
    return xlsx_of(_sheet(b"".join(b'<row r="%d"/>' % r for r in range(start, min(start + 10_000, rows + 1)))
                          for start in range(1, rows + 1, 10_000)))


def xlsx_far_apart_cells() -> bytes:
    """Two cells, at A1 and XFD1048576: a reader holding the sheet as a grid holds 17 billion cells."""
    return xlsx_of(_sheet([b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
                           b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row>']))


def xlsx_without_sheets() -> bytes:
    """A workbook whose sheet list is empty."""
    return xlsx_of(_sheet([]), sheets="")


def xlsx_formulas_only() -> bytes:
    """A sheet of formulas with no saved results (what a generator writes before Excel computes them)."""
    cells = b"".join(b'<row r="%d"><c r="A%d"><f>SUM(1,%d)</f></c></row>' % (r, r, r) for r in range(1, 50))
    return xlsx_of(_sheet([cells]))


def large_valid_text(size: int = 1024 * 1024) -> str:
    """A well-formed task list of about `size` bytes (UTF-8): many numbered tasks under headings."""
    lines, total, n = ["浙江省人民政府办公厅关于印发某整改方案的通知"], 0, 0
    while total < size:
        n += 1
        line = (f"{n}.加强第{n}项测试工作,落实整改措施。(责任单位:省财政厅、省教育厅;完成时限:2021年{n % 12 + 1}月底前)"
                if n % 20 else f"{['一', '二', '三', '四', '五', '六', '七', '八', '九'][n // 20 % 9]}、重点任务")
        lines.append(line)
        total += len(line.encode()) + 1
    return "\n".join(lines) + "\n"


BOMBS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "1 GiB of zeros": ("zeros.docx", docx_of_zeros),
    "empty paragraphs": ("paragraphs.docx", docx_of_empty_paragraphs),
    "70 MB PDF stream": ("stream.pdf", pdf_with_huge_stream),
    "xlsx: 1 GiB of zeros": ("zeros.xlsx", xlsx_of_zeros),
    "xlsx: a million empty rows": ("rows.xlsx", xlsx_of_empty_rows),
    "xlsx: cells a sheet apart": ("far.xlsx", xlsx_far_apart_cells),
}
MALFORMED_DOCX: dict[str, Callable[[], bytes]] = {
    "bad-syntax.docx": docx_bad_syntax,
    "deep-nesting.docx": docx_deeply_nested,
    "entity-expansion.docx": docx_entity_expansion,
    "huge-text-node.docx": docx_huge_text_node,
}


@dataclass(frozen=True)
class ReadCost:
    outcome: str  # "read" or the error's first line
    seconds: float
    peak_rss_mb: float  # of the process that read it, imports included


def cost_of_reading(data: bytes, name: str, timeout: float = 600.0, env: dict[str, str] | None = None) -> ReadCost:
    """Read `data` in a fresh process; return what came of it, its wall time and its peak RSS
    (VmHWM of that process alone, from /proc: the caller's own memory does not count)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with open(Path(folder) / "out", "w+b") as out:
            started = time.perf_counter()
            child = subprocess.Popen([sys.executable, "-c", _READ_SCRIPT, str(path)], stdout=out,
                                     stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
            peak_kb = 0
            while child.poll() is None:
                peak_kb = max(peak_kb, _high_water_kb(child.pid))
                if time.perf_counter() - started > timeout:
                    child.kill()
                    child.wait()
                time.sleep(0.01)
            seconds = time.perf_counter() - started
            out.seek(0)
            lines = out.read().decode(errors="replace").strip().splitlines() or ["(no output)"]
    reported = [int(ln.split()[1]) for ln in lines if ln.startswith("VmHWM:")]
    lines = [ln for ln in lines if not ln.startswith("VmHWM:")] or ["(no output)"]
    outcome = lines[-1] if lines[0].startswith("Traceback") else lines[0]
    if child.returncode < 0:
        outcome = f"killed after {timeout:g} s" if seconds >= timeout else f"died (signal {-child.returncode})"
    return ReadCost(outcome, seconds, max([peak_kb, *reported]) / 1024)


def _high_water_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmHWM:")), 0)


_READ_SCRIPT = """
import sys
from pathlib import Path
from loaders.errors import LoaderError
from loaders.limits import ReadLimits, using_limits
from loaders.formats.read import read_bytes
path = Path(sys.argv[1])
try:
    with using_limits(ReadLimits.from_env()):
        read_bytes(path.read_bytes(), path.name, 1 << 40)
    print("read")
except LoaderError as exc:
    print(f"{type(exc).__name__}: {exc}")
print(next(ln for ln in Path("/proc/self/status").read_text().splitlines() if ln.startswith("VmHWM:")))
"""
