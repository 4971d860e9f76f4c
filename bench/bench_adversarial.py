"""Parse time of adversarial inputs: each shape at a small and a large size, so a super-linear
path shows as a growth ratio far above the size ratio.

    python -m bench.bench_adversarial --kb 1024

Every input is built to hit one scan of the parser: blank lines (line-start regexes), lines of
`任务` (table-header scans), field lines (line markers), brackets (bracket groups and nested
notes), digits (numbering and dates), long unit lists, pipe rows and wrapped lines.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bench.common import machine, table, timed
from loaders.parse import parse_text


def _repeat(unit: str, size: int) -> str:
    """Return `unit` repeated to about `size` bytes of UTF-8."""
    return unit * (size // len(unit.encode("utf-8")) + 1)


SHAPES: dict[str, Callable[[int], str]] = {
    "blank lines": lambda n: "\n" * n,
    "spaces and blank lines": lambda n: _repeat(" \n \t\n", n),
    "lines of 任务": lambda n: _repeat("任务\n", n),
    "header words one per line": lambda n: _repeat("序号\n任务\n牵头单位\n配合单位\n完成时限\n", n),
    "field lines": lambda n: _repeat("牵头单位:省发改委\n", n),
    "open brackets": lambda n: "(" * n,
    "nested parens": lambda n: "(" * (n // 2) + ")" * (n // 2),
    "bracket markers": lambda n: _repeat("(责任单位:省科技厅、省财政厅;整改时限:2020年6月底前)", n),
    "digits": lambda n: "1" * n,
    "numbered lines": lambda n: _repeat("1.\n", n),
    "dotted numbers": lambda n: _repeat("1.1.1.1.", n),
    "one long unit list": lambda n: "1.任务。(责任单位:" + _repeat("省财政厅、", n) + ")",
    "pipe rows": lambda n: "序号 | 任务 | 牵头单位 |\n" + _repeat("1 | 做好工作 | 市财政局 |\n", n),
    "tab rows": lambda n: "序号\t任务\t牵头单位\n" + _repeat("1\t做好工作\t市财政局\n", n),
    "space rows": lambda n: "序号    任务    牵头单位\n" + _repeat("1    做好工作    市财政局\n", n),
    "long line of 、": lambda n: _repeat("、", n),
    "colons": lambda n: _repeat("单位:", n),
    "dates": lambda n: _repeat("2020年6月底前", n),
    "wrapped lines": lambda n: _repeat("加快完善产业创新服务综合体建设运行机制出台管理考核办法完善运行\n", n),
}


def _parse_time(text: str) -> float:
    return timed(lambda: parse_text(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", type=int, default=1024, help="size of the large input (the small one is 1/8)")
    parser.add_argument("--only", help="run only the shapes whose name contains this")
    args = parser.parse_args(argv)
    large = args.kb * 1024
    small = large // 8
    parse_text("1.做好工作。(责任单位:省财政厅)")  # warm the vocabularies
    rows = []
    worst = 0.0
    for name, build in SHAPES.items():
        if args.only and args.only not in name:
            continue
        t_small = _parse_time(build(small))
        t_large = _parse_time(build(large))
        worst = max(worst, t_large)
        growth = t_large / t_small if t_small > 0 else float("inf")
        rows.append([name, f"{t_small:.3f}", f"{t_large:.3f}", f"{growth:.1f}×"])
        print(f"{name}: {t_small:.3f} s → {t_large:.3f} s", file=sys.stderr, flush=True)
    print(f"# Adversarial parse: {small // 1024} KB vs {large // 1024} KB inputs (8× the size), one core "
          f"({machine()})\n")
    print(table(["input", f"s at {small // 1024} KB", f"s at {large // 1024} KB", "growth (linear ≈ 8×)"], rows))
    print(f"\nslowest large input: {worst:.2f} s (target < 2 s at 1 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
