"""Task tables: rows with tab-separated cells (DOCX and HTML tables as read), and tables flattened
to text with one cell per line under a header (序号 / 重点工作任务 / 牵头单位 / 配合单位 / 完成时限),
where a cell holding several units may be split over several lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.deadlines import find_deadline
from loaders.markers import MarkedUnit, field_pattern, looks_like_org, roles_for_list
from loaders.names import split_units
from loaders.records import Deadline, Span

_NUM_HEADER = re.compile(r"^(?:序号|编号|序|No\.?)$", re.I)
_PROBLEM_HEADER = re.compile(r"问题")
_TASK_HEADER = re.compile(r"任务|措施|事项|内容|工作要点|举措|目标")
_TABLE_END = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|附件|附表)")
_INT = re.compile(r"^\s*(\d{1,4})\s*\.?\s*$")


@dataclass
class Column:
    kind: str  # num | problem | task | lead | co | mixed | time | other
    header: str


@dataclass
class Row:
    number: int | None
    start: int
    end: int
    cells: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # kind → spans


@dataclass(frozen=True)
class TableTask:
    number: int | None
    span: Span
    text_span: Span
    problem: str | None
    problem_span: Span | None
    units: tuple[MarkedUnit, ...]
    deadline: Deadline | None


@dataclass(frozen=True)
class Table:
    span: Span
    tasks: tuple[TableTask, ...]


@lru_cache(maxsize=1)
def _unit_header_roles() -> list[tuple[str, str]]:
    """Header words of unit and time columns, longest first (协同配合单位 before 配合单位)."""
    _, role_of = field_pattern()
    return sorted(role_of.items(), key=lambda kv: -len(kv[0]))


def column_kind(header: str) -> str:
    """Return what a header cell names: num, problem, task, lead, co, mixed, time or other."""
    header = re.sub(r"\s", "", header)
    if _NUM_HEADER.match(header):
        return "num"
    for key, role in _unit_header_roles():
        if key in header and role != "ignore":
            return role
    if _PROBLEM_HEADER.search(header) and not re.search(r"措施|任务", header):
        return "problem"
    if _TASK_HEADER.search(header):
        return "task"
    return "other"


def _is_header(kinds: list[str]) -> bool:
    return any(k in ("lead", "co", "mixed") for k in kinds) and any(k in ("task", "problem") for k in kinds)


def find_tables(text: str, start: int, end: int) -> list[Table]:
    """Return the task tables in text[start:end] (half-width text)."""
    lines = _lines(text, start, end)
    tables, i = [], 0
    while i < len(lines):
        table, i_next = _table_at(text, lines, i)
        if table is not None:
            tables.append(table)
            i = i_next
        else:
            i += 1
    return tables


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        if text[pos:stop].strip():
            out.append((pos, stop))
        pos = stop + 1
    return out


def _table_at(text: str, lines: list[tuple[int, int]], i: int) -> tuple[Table | None, int]:
    s, e = lines[i]
    if "\t" in text[s:e]:
        cells = text[s:e].split("\t")
        columns = [Column(column_kind(c), c.strip()) for c in cells]
        if _is_header([c.kind for c in columns]):
            return _tab_table(text, lines, i, columns)
        return None, i + 1
    columns = []
    j = i
    while j < len(lines):
        cell = text[lines[j][0]:lines[j][1]]
        if len(cell.strip()) > 12 or "\t" in cell:
            break
        kind = column_kind(cell)
        if kind == "other" and columns:
            break
        columns.append(Column(kind, cell.strip()))
        j += 1
    kinds = [c.kind for c in columns]
    if len(columns) >= 3 and kinds[0] == "num" and _is_header(kinds):
        return _flat_table(text, lines, j, columns)
    return None, i + 1


def _tab_table(text: str, lines: list[tuple[int, int]], i: int, columns: list[Column]) -> tuple[Table, int]:
    rows: list[Row] = []
    carried: dict[str, list[tuple[int, int]]] = {}
    j = i + 1
    while j < len(lines) and "\t" in text[lines[j][0]:lines[j][1]]:
        row = _tab_row(text, lines[j], columns, carried)
        if row is not None:
            rows.append(row)
        j += 1
    span = Span(lines[i][0], lines[j - 1][1])
    return Table(span, tuple(_row_task(text, r) for r in rows)), j


def _tab_row(text: str, line: tuple[int, int], columns: list[Column],
             carried: dict[str, list[tuple[int, int]]]) -> Row | None:
    s, e = line
    spans, pos = [], s
    for cell_text in text[s:e].split("\t"):
        spans.append((pos, pos + len(cell_text)))
        pos += len(cell_text) + 1
    kinds = [c.kind for c in columns]
    if len(spans) < len(kinds):
        # Cells merged down from the rows above (rowspan): the number stays first, the rest align right.
        head = 1 if kinds[0] == "num" and _INT.match(text[spans[0][0]:spans[0][1]]) else 0
        n_rest = len(spans) - head
        kinds = kinds[:head] + (kinds[len(kinds) - n_rest:] if n_rest > 0 else [])
    if [column_kind(text[a:b]) for a, b in spans] == [c.kind for c in columns]:
        return None  # the header repeated at a page break
    row = Row(None, s, e)
    for kind, cell in zip(kinds, spans, strict=False):
        row.cells.setdefault(kind, []).append(cell)
    if "problem" in row.cells and text[row.cells["problem"][0][0]:row.cells["problem"][0][1]].strip():
        carried["problem"] = row.cells["problem"]
    elif "problem" in carried:
        row.cells["problem"] = carried["problem"]
    if "num" in row.cells:
        m = _INT.match(text[row.cells["num"][0][0]:row.cells["num"][0][1]])
        row.number = int(m.group(1)) if m else None
    if not any(k in row.cells for k in ("task", "lead", "co", "mixed")):
        return None
    return row


def _flat_table(text: str, lines: list[tuple[int, int]], j: int, columns: list[Column]) -> tuple[Table, int]:
    starts = []
    expected = 1
    k = j
    while k < len(lines) and not _TABLE_END.match(text[lines[k][0]:lines[k][1]]):
        m = _INT.match(text[lines[k][0]:lines[k][1]])
        if m and int(m.group(1)) in (expected, 1):
            starts.append(k)
            expected = int(m.group(1)) + 1
        k += 1
    rows = []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else k
        rows.append(_flat_row(text, lines[first:last], columns))
    span = Span(lines[j - len(columns)][0], lines[k - 1][1])
    return Table(span, tuple(_row_task(text, r) for r in rows)), k


def _flat_row(text: str, row_lines: list[tuple[int, int]], columns: list[Column]) -> Row:
    m = _INT.match(text[row_lines[0][0]:row_lines[0][1]])
    row = Row(int(m.group(1)) if m else None, row_lines[0][0], row_lines[-1][1])
    kinds = [c.kind for c in columns[1:]]
    rest = list(row_lines[1:])
    for idx, kind in enumerate(kinds):
        later = kinds[idx + 1 :]
        taken = _take_lines(text, rest, kind, later)
        if taken:
            row.cells[kind] = taken
            rest = rest[len(taken):]
    return row


def _take_lines(text: str, rest: list[tuple[int, int]], kind: str, later: list[str]) -> list[tuple[int, int]]:
    """Give the column `kind` its lines, leaving enough for the columns after it."""
    if not rest:
        return []
    is_org = [_is_unit_line(text[s:e]) for s, e in rest]
    is_time = [find_deadline(text[s:e], from_field=False) is not None and len(text[s:e].strip()) < 20
               for s, e in rest]
    if kind in ("lead", "co", "mixed"):
        n = 0
        while n < len(rest) and is_org[n] and not is_time[n]:
            n += 1
        if n > 1 and any(k in ("lead", "co", "mixed") for k in later):
            n = _lead_cell_length(text, rest[:n])
        return rest[:n]
    if kind == "time":
        return rest[:1] if is_time[0] or not later else []
    # text columns (problem, task, other) take lines until a unit or time column begins
    n = 1
    stop_kinds = {"lead", "co", "mixed", "time"}
    if not any(k in stop_kinds for k in later):
        return rest
    while n < len(rest) and not is_org[n] and not is_time[n]:
        n += 1
    if later and later[0] in ("task", "problem", "other"):
        n = 1
    return rest[:n]


def _is_unit_line(line: str) -> bool:
    """True when a line holds only unit names (one cell of a unit column, or part of one)."""
    stripped = line.strip()
    if not stripped or "。" in stripped or len(stripped) > 200:
        return False
    units = split_units(stripped)
    return bool(units) and all(looks_like_org(u) for u in units)


def _lead_cell_length(text: str, unit_lines: list[tuple[int, int]]) -> int:
    """Split unit lines between two unit columns: a line ending in 、 continues its cell."""
    n = 1
    while n < len(unit_lines) and text[unit_lines[n - 1][0]:unit_lines[n - 1][1]].rstrip().endswith(("、", ",")):
        n += 1
    return n


def _row_task(text: str, row: Row) -> TableTask:
    units: list[MarkedUnit] = []
    for kind in ("lead", "mixed", "co"):
        for s, e in row.cells.get(kind, []):
            has_lead = any(u.role == "lead" for u in units)
            units.extend(roles_for_list(split_units(text[s:e], s), kind, has_lead))
    deadline = None
    for s, e in row.cells.get("time", []):
        deadline = find_deadline(text[s:e].strip(), s + len(text[s:e]) - len(text[s:e].lstrip()),
                                 from_field=True) or deadline
    task_cells = row.cells.get("task") or row.cells.get("other") or [(row.start, row.start)]
    text_span = Span(task_cells[0][0], task_cells[-1][1])
    problem_cells = row.cells.get("problem")
    problem = problem_span = None
    if problem_cells:
        problem = " ".join(text[s:e].strip() for s, e in problem_cells).strip() or None
        problem_span = Span(problem_cells[0][0], problem_cells[-1][1])
    return TableTask(row.number, Span(row.start, row.end), text_span, problem, problem_span,
                     tuple(units), deadline)
