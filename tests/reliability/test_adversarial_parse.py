"""No input makes the parser super-linear: each adversarial 1 MB shape of bench.bench_adversarial
parses well inside a generous bound (the bench prints the exact times, and the growth from 128 KB
to 1 MB). A quadratic path takes minutes at this size, so the bound cannot flake into a pass."""

from __future__ import annotations

import time

import pytest

from bench.bench_adversarial import SHAPES
from loaders.parse import parse_text

BOUND = 30.0  # seconds at 1 MB; the bench's target is 2 s on a quiet machine
SIZE = 1024 * 1024
# every shape of the bench, not only those the issue named: a line of 单位:单位:… was quadratic
# (each label scanned on to the line's end for the next) until the bench grew this shape
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_an_adversarial_megabyte_parses_in_bounded_time(shape):
    text = SHAPES[shape](SIZE)
    started = time.perf_counter()
    parse_text(text)
    assert time.perf_counter() - started < BOUND, shape
