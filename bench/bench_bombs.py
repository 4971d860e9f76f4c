"""What reading a hostile document costs: wall time and peak memory of a fresh process reading
each decompression bomb and malformed DOCX (bench/bombs.py), beside ordinary large documents.

    python -m bench.bench_bombs                      # with the read limits (loaders/limits.py)
    python -m bench.bench_bombs --without-limits 120 # limits raised out of the way, each read cut at 120 s

The second run shows what the limits save; it takes gigabytes and minutes, so it is opt-in.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bench.bombs import BOMBS, MALFORMED_DOCX, cost_of_reading, large_valid_text
from bench.common import machine, table
from bench.corpus import docx_bytes

NO_LIMITS = {"DUTYGRAPH_MAX_INFLATED": "1TB", "DUTYGRAPH_MAX_RATIO": "1000000000",
             "DUTYGRAPH_MAX_XML_ELEMENTS": "1000000000000", "DUTYGRAPH_MAX_XML_DEPTH": "1000000",
             "DUTYGRAPH_MAX_PDF_PAGES": "1000000000", "DUTYGRAPH_MAX_PDF_DECODED": "1TB",
             "DUTYGRAPH_MAX_TEXT_CHARS": "1000000000000"}


def ordinary() -> dict[str, tuple[str, Callable[[], bytes]]]:
    """Large documents that are what they claim, for comparison."""
    from tests.pdfmaker import make_pdf

    text = large_valid_text(1024 * 1024)
    return {"1 MB plan (txt)": ("plan.txt", text.encode),
            "1 MB plan (docx)": ("plan.docx", lambda: docx_bytes(text)),
            "8,000-line plan (pdf)": ("plan.pdf", lambda: make_pdf(text.splitlines()[:8000]))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--without-limits", type=float, metavar="SECONDS",
                        help="raise every limit out of the way and cut each read at SECONDS")
    args = parser.parse_args(argv)
    cases = {**BOMBS, **{name: (name, make) for name, make in MALFORMED_DOCX.items()}, **ordinary()}
    env = NO_LIMITS if args.without_limits else None
    timeout = args.without_limits or 600.0
    rows = []
    for label, (name, make) in cases.items():
        data = make()
        cost = cost_of_reading(data, name, timeout=timeout, env=env)
        rows.append([label, f"{len(data):,}", f"{cost.seconds:.2f}", f"{cost.peak_rss_mb:,.0f}", cost.outcome[:110]])
    mode = f"limits raised out of the way, each read cut at {timeout:g} s" if env else "default read limits"
    print(f"# Reading hostile documents ({mode}); one fresh process per file; {machine()}\n")
    print(table(["document", "bytes", "seconds", "peak RSS MB", "outcome"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
