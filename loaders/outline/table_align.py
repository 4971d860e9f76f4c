"""Align a table row's cells to the header's columns by what the cells look like.

A row may lack cells that a merge took away (the leader above covers this row too), and a table
flattened one cell per line gives lines, not cells: several lines may make one cell (units one
per line, a wrapped task). The alignment keeps the cells' order and picks, over all ways to give
each cell (or line) a column, the one whose cells fit their columns best (loaders.outline.cells.fit):
dynamic programming over (cell, column), linear in cells × columns².
"""

from __future__ import annotations

from loaders.outline.cells import Cell, fit
from loaders.phrases.labels import UNIT_KINDS

_NEG = float("-inf")
_UNNUMBERED_ROW = 3.0
# What it costs to keep a column for the next line (a cell written over several lines).
_STAY = {"num": -6.0, "time": -2.0, "person": -0.5, "lead": -0.5, "co": -0.5, "mixed": -0.5}
_STAY_EXPLICIT = -3.0  # two delimited cells in one column: only when there are more cells than columns


def align(text: str, cells: list[Cell], kinds: list[str], explicit: bool) -> dict[int, list[Cell]]:
    """Return column index → the cells placed in it."""
    if not cells:
        return {}
    filled = list(cells)
    while len(filled) > 1 and filled[-1].empty:
        filled.pop()  # a row's trailing empty cells pad it out
    if explicit and len(filled) == len(kinds):
        return {i: [c] for i, c in enumerate(filled)}  # a full row: each cell in its own column
    values = [text[c.start:c.end] for c in filled]
    n, m = len(filled), len(kinds)
    score = _scores(values, kinds)
    best = [[_NEG] * m for _ in range(n)]
    back = [[-1] * m for _ in range(n)]
    for col in range(m):
        best[0][col] = score[0][col]
    for i in range(1, n):
        for col in range(m):
            stay = best[i - 1][col] + _stay_cost(kinds[col], values[i - 1], explicit)
            choice, value = col, stay
            for prev in range(col):
                moved = best[i - 1][prev] + _move_cost(kinds[prev], kinds[col], values[i - 1], explicit)
                if moved > value:
                    choice, value = prev, moved
            best[i][col] = value + score[i][col]
            back[i][col] = choice
    col = max(range(m), key=lambda c: best[n - 1][c])
    placed: dict[int, list[Cell]] = {}
    for i in range(n - 1, -1, -1):
        placed.setdefault(col, []).insert(0, filled[i])
        col = back[i][col] if i else col
    return placed


def _scores(values: list[str], kinds: list[str]) -> list[list[float]]:
    """How well each value fits each column. Merging takes a table's group columns (项目) first,
    so text left in a row is the task's own: the last task column is slightly preferred."""
    score = [[fit(kind, value) for kind in kinds] for value in values]
    last_task = max((col for col, k in enumerate(kinds) if k == "task"), default=-1)
    if last_task >= 0:
        for i, value in enumerate(values):
            if value.strip():
                score[i][last_task] += 0.3
    return score


def _stay_cost(kind: str, previous: str, explicit: bool) -> float:
    if explicit:
        return _STAY_EXPLICIT
    if kind in UNIT_KINDS and previous.rstrip().endswith(("、", ",", "，")):
        return 0.0  # 市财政局、 / 市自然资源局: the cell goes on
    return _STAY.get(kind, 0.0)


def _move_cost(before: str, after: str, previous: str, explicit: bool) -> float:
    if not explicit and before in UNIT_KINDS and after in UNIT_KINDS and previous.rstrip().endswith(("、", ",")):
        return -3.0  # a unit list ending in 、 does not end its cell
    return 0.0


_ROW_START = -3.0  # what a new row costs: rows begin where the cells no longer fit after one another


def segment(text: str, cells: list[Cell], kinds: list[str], explicit: bool) -> list[dict[int, list[Cell]]]:
    """Cut a stream of cells (a table written one cell per line) into rows and place each row's
    cells in columns: a row ends where the next cell fits only a column at or before the current
    one (the numbering column, the first column again)."""
    if not cells:
        return []
    values = [text[c.start:c.end] for c in cells]
    n, m = len(cells), len(kinds)
    score = _scores(values, kinds)
    best = [[_NEG] * m for _ in range(n)]
    back: list[list[tuple[int, bool]]] = [[(-1, False)] * m for _ in range(n)]
    # In a numbered table a row opens at its number; one opening further right (a sub-row under a
    # merged number) must be worth it: text after a unit column is more often that row's progress.
    unnumbered = [_UNNUMBERED_ROW if kinds[0] == "num" and col > 0 else 0.0 for col in range(m)]
    for col in range(m):
        best[0][col] = score[0][col] - 0.1 * col
    for i in range(1, n):
        for col in range(m):
            value, choice = _NEG, (-1, False)
            for prev in range(m):
                if prev < col:
                    step = best[i - 1][prev] + _move_cost(kinds[prev], kinds[col], values[i - 1], explicit)
                    new_row = False
                elif prev == col:
                    step = best[i - 1][prev] + _stay_cost(kinds[col], values[i - 1], explicit)
                    new_row = False
                    wrap = best[i - 1][prev] + _ROW_START - 0.1 * col
                    if wrap > step:
                        step, new_row = wrap, True
                else:
                    step, new_row = best[i - 1][prev] + _ROW_START - 0.1 * col - unnumbered[col], True
                if step > value:
                    value, choice = step, (prev, new_row)
            best[i][col] = value + score[i][col]
            back[i][col] = choice
    col = max(range(m), key=lambda c: best[n - 1][c])
    rows: list[dict[int, list[Cell]]] = [{}]
    for i in range(n - 1, -1, -1):
        rows[-1].setdefault(col, []).insert(0, cells[i])
        prev, new_row = back[i][col]
        if i and new_row:
            rows.append({})
        col = prev if i else col
    return list(reversed(rows))
