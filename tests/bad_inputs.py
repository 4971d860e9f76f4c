"""A corpus of hostile and broken inputs, written on demand (nothing binary is committed)."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

from bench.corpus import docx_bytes
from tests.pdfmaker import make_blank_pdf

GOOD = "一、任务\n1.优化服务。(责任单位:省财政厅;完成时限:2020年底前)\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


rng = random.Random(7)
CASES: dict[str, Callable[[], bytes]] = {
    "empty.txt": lambda: b"",
    "whitespace.txt": lambda: b" \n\t\r\n   ",
    "bom-only.txt": lambda: b"\xef\xbb\xbf",
    "binary.txt": lambda: bytes(rng.randrange(256) for _ in range(5000)),
    "nul-bytes.txt": lambda: b"\x00" * 3000,
    "control-chars.txt": lambda: bytes(range(1, 32)) * 200,
    "truncated-utf8.txt": lambda: (GOOD * 5).encode("utf-8")[:-1],
    "utf16-no-bom.txt": lambda: (GOOD * 5).encode("utf-16-le"),
    "utf32.txt": lambda: (GOOD * 5).encode("utf-32"),
    "mislabelled.html": lambda: ("<meta charset='utf-8'><p>" + GOOD + "</p>").encode("gbk"),
    "html-bomb.html": lambda: ("<div>" * 20000 + GOOD + "</div>" * 20000).encode(),
    "html-only-script.html": lambda: b"<html><script>var x = '1.(\\u8d23\\u4efb\\u5355\\u4f4d:x)';</script></html>",
    "html-empty-body.html": lambda: b"<html><head><title>t</title></head><body></body></html>",
    "unbalanced-open.txt": lambda: "1.做好整改。(责任单位:省财政厅、省教育厅;完成时限:2020年底前\n2.加强督查".encode(),
    "unbalanced-close.txt": lambda: "1.做好整改。责任单位:省财政厅))))】】〕\n".encode(),
    "deep-brackets.txt": lambda: ("1.整改" + "(" * 20000 + "责任单位:省财政厅" + ")" * 20000).encode(),
    "marker-no-units.txt": lambda: "1.做好整改。(责任单位:;完成时限:)\n".encode(),
    "marker-only-etc.txt": lambda: "1.做好整改。(责任单位:等;牵头单位:等相关部门)\n".encode(),
    "thousand-units.txt": lambda: ("1.做好整改。(责任单位:" + "、".join(f"省第{i}局" for i in range(1000)) + ")").encode(),
    "absurd-dates.txt": lambda: "1.整改。(责任单位:省财政厅;完成时限:9999年99月99日前)\n2.整改。(责任单位:省财政厅;完成时限:0年0月)".encode(),
    "only-headings.txt": lambda: "一、\n(一)\n1.\n(1)\n①\n".encode(),
    "numbers-only.txt": lambda: "\n".join(str(i) for i in range(5000)).encode(),
    "many-items.txt": lambda: "".join(f"{i}.任务{i}。(责任单位:省财政厅)\n" for i in range(1, 3001)).encode(),
    "long-line.txt": lambda: ("整改" * 400_000).encode(),
    "emoji.txt": lambda: ("1.做好整改😀。(责任单位:省财政厅🔥、省教育厅)\n" * 3).encode(),
    "mixed-scripts.txt": lambda: "1.做好整改 مرحبا שלום。(责任单位:省财政厅)\n".encode(),
    "table-header-only.txt": lambda: "序号\n重点工作任务\n牵头单位\n配合单位\n完成时限\n".encode(),
    "fake.docx": lambda: b"PK\x03\x04 not really a zip",
    "zip-not-docx.docx": lambda: _zip({"hello.txt": b"hi"}),
    "empty.docx": lambda: docx_bytes(""),
    "random.pdf": lambda: b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(3000)),
    "no-text-layer.pdf": make_blank_pdf,
    "unknown.xyz": lambda: GOOD.encode(),
    "no-extension": lambda: GOOD.encode(),
    "cypher.txt": lambda: "1.整改。(责任单位:省财政厅'}) MATCH (n) DETACH DELETE n //;完成时限:2020年底前)\n".encode(),
}


def write_corpus(folder: Path) -> list[Path]:
    """Write every case into `folder`; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in CASES.items():
        path = folder / name
        path.write_bytes(make())
        paths.append(path)
    return paths
