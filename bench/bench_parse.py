"""Parse speed over generated documents, against one bare `re.finditer` pass for the
responsibility markers over the same text (the practical floor).

    python -m bench.bench_parse --docs 1000
"""

from __future__ import annotations

import argparse
import sys

from bench.common import machine, table, timed
from bench.corpus import generate
from loaders.labels import label_pattern
from loaders.parse import parse_text
from loaders.read import read_bytes


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

    parse_text(texts[0])  # warm the vocabularies and the region automaton
    floor = timed(bare_scan, repeat=3)
    parse = timed(parse_all, repeat=2)
    full = timed(read_and_parse_all, repeat=1)
    rows = [["bare re.finditer over the markers", f"{floor:.3f}", f"{len(texts) / floor:,.0f}", f"{kb / floor:,.0f}",
             "1.0×"],
            ["parse_text (text → records)", f"{parse:.3f}", f"{len(texts) / parse:,.0f}", f"{kb / parse:,.0f}",
             f"{parse / floor:.0f}×"],
            ["read + parse (bytes: txt/html/docx → records)", f"{full:.3f}", f"{len(texts) / full:,.0f}",
             f"{kb / full:,.0f}", f"{full / floor:.0f}×"]]
    print(f"# Parse: {len(texts)} generated documents, {kb:,.0f} KB of text, one core ({machine()})\n")
    print(table(["pass", "seconds", "docs/s", "KB/s", "vs bare scan"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
