"""Parse speed over generated documents, against one bare `re.finditer` pass for the
responsibility markers over the same text (the practical floor).

    python -m bench.bench_parse --docs 1000

The xlsx line reads and parses the same documents saved as workbooks (a line per row, a table's
cells in columns), against parse_text of their text: what reading a spreadsheet adds.
"""

from __future__ import annotations

import argparse
import sys

from bench.common import machine, table, timed
from bench.corpus import generate
from loaders.formats.read import read_bytes
from loaders.parse import parse_text
from loaders.phrases.labels import label_pattern


def xlsx_of_text(text: str) -> bytes:
    """Return a one-sheet workbook holding `text`: each line a row, tab-separated cells in columns."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for line in text.split("\n"):
        sheet.append(line.split("\t"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args(argv)
    docs = list(generate(args.docs, seed=5))
    texts = [read_bytes(d.data, d.name).text for d in docs]
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    pattern = label_pattern()

    def bare_scan() -> None:
        for text in texts:
            for _ in pattern.finditer(text):
                pass

    def parse_all() -> None:
        for doc, text in zip(docs, texts, strict=True):
            parse_text(text, source=doc.name)

    def read_and_parse_all() -> None:
        for doc in docs:
            parse_text(read_bytes(doc.data, doc.name).text, source=doc.name)

    workbooks = [(d.name.rsplit(".", 1)[0] + ".xlsx", xlsx_of_text(t)) for d, t in zip(docs, texts, strict=True)]

    def read_and_parse_xlsx() -> None:
        for name, data in workbooks:
            read = read_bytes(data, name)
            parse_text(read.text, source=name, locations=read.locations)

    parse_text(texts[0])  # warm the vocabularies and the region automaton
    floor = timed(bare_scan, repeat=3)
    parse = timed(parse_all, repeat=2)
    full = timed(read_and_parse_all, repeat=1)
    xlsx = timed(read_and_parse_xlsx, repeat=1)
    rows = [["bare re.finditer over the markers", f"{floor:.3f}", f"{len(texts) / floor:,.0f}", f"{kb / floor:,.0f}",
             "1.0×"],
            ["parse_text (text → records)", f"{parse:.3f}", f"{len(texts) / parse:,.0f}", f"{kb / parse:,.0f}",
             f"{parse / floor:.0f}×"],
            ["read + parse (bytes: txt/html/docx → records)", f"{full:.3f}", f"{len(texts) / full:,.0f}",
             f"{kb / full:,.0f}", f"{full / floor:.0f}×"],
            ["xlsx: read + parse (the same documents as workbooks)", f"{xlsx:.3f}", f"{len(texts) / xlsx:,.0f}",
             f"{kb / xlsx:,.0f}", f"{xlsx / floor:.0f}× ({xlsx / parse:.1f}× parse_text)"]]
    print(f"# Parse: {len(texts)} generated documents, {kb:,.0f} KB of text, one core ({machine()})\n")
    print(table(["pass", "seconds", "docs/s", "KB/s", "vs bare scan"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
