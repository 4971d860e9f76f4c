"""Task tables, read from their header whatever the columns.

A header is a row (or a run of one-cell lines) whose cells name columns: units by role
(牵头单位 / 配合单位 / 责任单位 …), people (责任领导), times (完成时限), the task (重点任务, 工作措施),
problems, numbers (序号) and progress or remarks; a cell not understood is a column skipped, never
the end of the header (loaders.phrases.labels.header_kind). Rows follow in the header's shape (see
loaders.outline.cells); a row that lost cells to merging is aligned to the columns by what its cells
look like, and a merged cell gives its value to the rows it covers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from loaders.limits import current_limits
from loaders.outline.cells import Cell, cell_type, delimiter_of, is_item_text, is_rule, opens_task, split_row
from loaders.phrases.clauses import MarkedUnit, has_duty_verb, parse_clauses, roles_for_list
from loaders.phrases.deadlines import find_deadline
from loaders.phrases.labels import UNIT_KINDS, find_labels, header_kind, header_words
from loaders.phrases.leaders import Leader, split_leaders
from loaders.phrases.markers import looks_cut
from loaders.phrases.names import restore_prefixes, split_units
from loaders.phrases.notes import section_leader
from loaders.records import Deadline, Span
from loaders.text import content_end

_TABLE_END = re.compile(r"^\s*(?:附件|附表|抄送|印发|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$)")
_OWN_NUMBER = re.compile(r"\s*(?:(\d{1,3})[.、](?!\d)|\((\d{1,3})\)|([①-⑳]))\s*")
_HEADER_CELL_MAX = 16
_VERTICAL_CELL_MAX = 10  # words; 12 for a progress column (未达序时原因及存在问题)
_MAX_COLUMNS = 16
_TEXT_KINDS = ("task", "problem", "progress", "remark", "other")


@dataclass(frozen=True)
class Column:
    kind: str  # num | task | problem | lead | co | mixed | person | time | progress | remark | ignore | other
    header: str


@dataclass(frozen=True)
class TableTask:
    number: int | None
    span: Span  # the row
    text_span: Span  # the task's cell
    title_start: int  # where the title starts in that cell (after the cell's own item number)
    problem: str | None
    problem_span: Span | None
    units: tuple[MarkedUnit, ...]
    deadline: Deadline | None
    leaders: tuple[Leader, ...] = ()


@dataclass(frozen=True)
class Table:
    span: Span
    tasks: tuple[TableTask, ...]
    columns: tuple[Column, ...] = ()

    @property
    def unclassified(self) -> list[str]:
        return [c.header for c in self.columns if c.kind == "other"]


@dataclass
class _Row:
    cells: list[Cell]
    explicit: bool  # cells as the text delimits them (False: bare lines, grouped by alignment)
    section: bool = False
    placed: dict[int, list[Cell]] | None = None  # column → cells, when the row was cut from a stream


def find_tables(text: str, start: int, end: int) -> list[Table]:
    """Return the task tables in text[start:end] (half-width text)."""
    lines = _lines(text, start, end)
    # lines that could name a unit column: a vertical header needs one within reach
    unit_lines = [j for j, (s, e) in enumerate(lines)
                  if e - s <= 40 and _header_line(text[s:e])[3] in UNIT_KINDS]
    tables, i = [], 0
    while i < len(lines):
        k = bisect.bisect_left(unit_lines, i)
        near_unit = k < len(unit_lines) and unit_lines[k] - i <= 2 * _MAX_COLUMNS
        header = _header_at(text, lines, i, near_unit)
        if header is None:
            i += 1
            continue
        columns, body, shape = header
        rows, after = _body(text, lines, body, columns, shape)
        tasks = _tasks(text, columns, rows)
        if tasks:
            tables.append(Table(Span(lines[i][0], lines[after - 1][1]), tuple(tasks), tuple(columns)))
            i = after
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


# -- the header ------------------------------------------------------------------------------------

def _header_at(text: str, lines: list[tuple[int, int]], i: int, near_unit: bool = True
               ) -> tuple[list[Column], int, str] | None:
    """Return (columns, index of the first body line, shape) when a header starts at line i."""
    s, e = lines[i]
    delimiter = delimiter_of(text[s:e])
    if delimiter is not None:
        cells = [text[c.start:c.end] for c in split_row(text, s, e, delimiter)]
        columns = [Column(header_kind(c), c) for c in cells if c]
        if all(len(c) <= _HEADER_CELL_MAX for c in cells) and _is_header(columns):
            return columns, i + 1, delimiter
        return None
    return _words_header(text, s, e, i) or (_vertical_header(text, lines, i) if near_unit else None)


def _words_header(text: str, s: int, e: int, i: int) -> tuple[list[Column], int, str] | None:
    """A header whose cells are apart by single spaces (序号 工 作 任 务 牵头负责部门), letter-spaced
    words joined: every word must name a column."""
    if " " not in text[s:e].strip():
        return None
    words = _header_tokens(text[s:e])
    if len(words) < 3 or len(words) > _MAX_COLUMNS:
        return None
    columns = [Column(header_kind(w), w) for w in words]
    # an unknown word is a column only in a header that starts with its number column (序号 类别 …)
    if (columns[0].kind != "num" and any(c.kind == "other" for c in columns)) or not _is_header(columns):
        return None
    return columns, i + 1, "words"


def _header_tokens(line: str) -> list[str]:
    """Words of a single-spaced header; a run of single characters is one letter-spaced word."""
    out: list[str] = []
    spelling = False
    for token in line.split():
        if len(token) == 1 and spelling:
            out[-1] += token
        else:
            out.append(token)
        spelling = len(token) == 1
    return out


def _vertical_header(text: str, lines: list[tuple[int, int]], i: int) -> tuple[list[Column], int, str] | None:
    """A header written one cell per line (序号 / 重点任务 / 牵头单位 …), cells perhaps ended by
    ` |` or by a line of `|`, a header word perhaps broken over two lines (主要 / 任务)."""
    columns: list[Column] = []
    piped = False
    j = i
    while j < len(lines) and len(columns) < _MAX_COLUMNS:
        raw = text[lines[j][0]:lines[j][1]]
        rule, pipe_end, cell, kind, stops = _header_line(raw) if len(raw) <= 40 else _LONG_LINE
        if rule:
            piped, j = True, j + 1
            continue
        piped = piped or pipe_end
        if stops:
            break  # a header cell is a short noun phrase; longer text, or text opening with a verb, is a row
        if kind == "other":
            k = _next_cell_line(text, lines, j + 1)
            following = _cell_text(text[lines[k][0]:lines[k][1]])[:40] if k < len(lines) else ""
            if columns and following and len(cell) <= 4 and header_kind(cell + following) != "other":
                columns.append(Column(header_kind(cell + following), cell + following))  # 主要 / 任务
                j = k + 1
                continue
            if cell_type(cell) != "text":
                break  # a name, a date or a unit: the first row has begun
            if not columns or not following or header_kind(following) in ("other",) or len(following) > 16:
                break
        columns.append(Column(kind, cell))
        j += 1
    if len(columns) >= 3 and columns[0].kind != "other" and _is_header(columns):
        return columns, j, "piped" if piped else "lines"
    return None


_LONG_LINE = (False, False, "", "other", True)
# 实施内容, 落实措施: a verb, then the noun a header ends in — a header cell, though it opens like a task
_HEADER_NOUN_END = re.compile(r"^.{0,4}(?:内容|任务|事项|措施|名称|目标|要求|项目)$")


@lru_cache(maxsize=65536)
def _header_line(raw: str) -> tuple[bool, bool, str, str, bool]:
    """What one line is to a vertical header: (a rule line, ends with a pipe, its cell words,
    their column kind, a line no header cell can be). Cached: every line is looked at by each of
    the up to 16 header attempts that reach it."""
    if is_rule(raw):
        return True, False, "", "other", False
    cell = _cell_text(raw)
    kind = header_kind(cell) if cell else "other"
    longest = _VERTICAL_CELL_MAX + (2 if kind == "progress" else 0)
    stops = (not cell or len(header_words(cell)) > longest or bool(delimiter_of(raw))
             or cell_type(cell) == "num" or (opens_task(cell) and kind in ("task", "other")
                                              and not _HEADER_NOUN_END.search(cell)))
    return False, raw.rstrip().endswith("|"), cell, kind, stops


def _next_cell_line(text: str, lines: list[tuple[int, int]], j: int) -> int:
    while j < len(lines) and is_rule(text[lines[j][0]:lines[j][1]]):
        j += 1
    return j


def _cell_text(raw: str) -> str:
    """A header cell's words: without its pipe, and without the spaces that letter-space it
    (主 要 工 作 任 务)."""
    cell = raw.strip().rstrip("|").strip()
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", cell)


def is_header_row(cells: list[str]) -> bool:
    """True when these cells, a row of a table, name its columns as a task table's header does
    (the test find_tables applies to a delimited row; the spreadsheet reader uses it to find the
    header among a sheet's first rows)."""
    columns = [Column(header_kind(c), c) for c in cells if c]
    return all(len(c) <= _HEADER_CELL_MAX for c in cells) and _is_header(columns)


def _is_header(columns: list[Column]) -> bool:
    kinds = [c.kind for c in columns]
    has_units = any(k in UNIT_KINDS for k in kinds)
    has_task = any(k in ("task", "problem") for k in kinds)
    known = sum(k != "other" for k in kinds)
    return len(kinds) >= 3 and has_units and (has_task or "num" in kinds) and known * 3 >= len(kinds) * 2


# -- the body --------------------------------------------------------------------------------------

def _body(text: str, lines: list[tuple[int, int]], j: int, columns: list[Column], shape: str
          ) -> tuple[list[_Row], int]:
    if shape in ("tab", "pipe", "spaces"):
        return _delimited_rows(text, lines, j, columns, shape)
    if shape == "words":
        return _word_rows(text, lines, j, columns)
    return _stream_rows(text, lines, j, columns, piped=shape == "piped")


def _delimited_rows(text: str, lines: list[tuple[int, int]], j: int, columns: list[Column], delimiter: str
                    ) -> tuple[list[_Row], int]:
    rows: list[_Row] = []
    header = [c.kind for c in columns]
    while j < len(lines):
        s, e = lines[j]
        raw = text[s:e]
        if is_rule(raw):
            j += 1
            continue
        if delimiter_of(raw) == delimiter or (delimiter == "pipe" and raw.rstrip().endswith("|")):
            cells = split_row(text, s, e, delimiter)
            if any(text[c.start:c.end].rstrip().endswith(":") for c in cells[:1]):
                break  # 索引号: | … | 成文日期: | — the page's metadata, not a row
            if [header_kind(text[c.start:c.end]) for c in cells if not c.empty] != header:
                rows.append(_Row(cells, True))  # not the header repeated at a page break
        elif _is_section_line(text, lines, j, delimiter):
            rows.append(_Row([Cell(s, e, ((s, e),))], True, section=True))
        else:
            break
        j += 1
    return rows, j


def _word_rows(text: str, lines: list[tuple[int, int]], j: int, columns: list[Column]) -> tuple[list[_Row], int]:
    """Rows under a single-spaced header: a number first, then the text of the text columns (which
    may hold spaces, and cannot be told apart: it all goes to the last task column), then one word
    per column after them (unit names hold no spaces)."""
    kinds = [c.kind for c in columns]
    texts = [k for k, kind in enumerate(kinds) if kind in _TEXT_KINDS]
    tasks = [k for k in texts if kinds[k] in ("task", "problem")]
    if kinds[0] != "num" or not tasks or texts[0] != 1 or texts != list(range(1, texts[-1] + 1)):
        return [], j
    task_col, trailing = tasks[-1], len(kinds) - texts[-1] - 1
    rows: list[_Row] = []
    while j < len(lines):
        s, e = lines[j]
        words = [(m.start() + s, m.end() + s) for m in re.finditer(r"\S+", text[s:e])]
        if len(words) < trailing + 2 or not re.match(r"\d{1,4}$", text[words[0][0]:words[0][1]]):
            break
        middle = words[1:len(words) - trailing]
        cells = [Cell(*words[0], (words[0],)), Cell(middle[0][0], middle[-1][1], ((middle[0][0], middle[-1][1]),))]
        placed = {0: cells[:1], task_col: cells[1:]}
        for offset, (a, b) in enumerate(words[len(words) - trailing:]):
            placed[texts[-1] + 1 + offset] = [Cell(a, b, ((a, b),))]
        rows.append(_Row(cells, True, placed=placed))
        j += 1
    return rows, j


def _is_section_line(text: str, lines: list[tuple[int, int]], j: int, delimiter: str) -> bool:
    """A line inside a table that spans it (一、产业发展): a row of one cell between rows."""
    raw = text[lines[j][0]:lines[j][1]].strip()
    if len(raw) > 40 or _TABLE_END.match(raw):
        return False
    nxt = text[lines[j + 1][0]:lines[j + 1][1]] if j + 1 < len(lines) else ""
    return cell_type(raw) == "section" or delimiter_of(nxt) == delimiter


def _stream_rows(text: str, lines: list[tuple[int, int]], j: int, columns: list[Column], piped: bool
                 ) -> tuple[list[_Row], int]:
    """Rows of a table written one cell per line: sections (一、产业发展) apart, the cells between
    them are cut into rows and placed in columns by loaders.outline.table_align.segment."""
    cells, j = (_piped_cells if piped else _line_cells)(text, lines, j)
    piped = piped or any(len(c.lines) > 1 for c in cells)  # cells the text delimits, not bare lines
    rows: list[_Row] = []
    chunk: list[Cell] = []
    for cell in _without_header_repeats(text, _without_padding(cells), columns):
        value = text[cell.start:cell.end]
        if find_labels(text, cell.start, min(cell.end, cell.start + 14)):
            continue  # 省牵头单位:省农业农村厅 — a note on the row above, not one of its cells
        if cell_type(value) == "section":
            rows += _segmented(text, chunk, columns, piped)
            rows.append(_Row([cell], True, section=True))
            chunk = []
        else:
            chunk.append(cell)
    rows += _segmented(text, chunk, columns, piped)
    return rows, j


def _without_header_repeats(text: str, cells: list[Cell], columns: list[Column]) -> list[Cell]:
    """The header written again further down (after a page break, or for a second part)."""
    kinds = [c.kind for c in columns]
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        window = cells[i:i + len(kinds)]
        if len(window) == len(kinds) and [header_kind(_cell_text(text[c.start:c.end])) for c in window] == kinds:
            i += len(kinds)
            continue
        out.append(cells[i])
        i += 1
    return out


def _without_padding(cells: list[Cell]) -> list[Cell]:
    """Runs of empty cells (`||||` after a row) pad rows out; a single empty cell stands for a
    column left empty on purpose."""
    out: list[Cell] = []
    for i, cell in enumerate(cells):
        run_before = i > 0 and cells[i - 1].empty
        run_after = i + 1 < len(cells) and cells[i + 1].empty
        if cell.empty and (run_before or run_after):
            continue
        out.append(cell)
    return out


def _segmented(text: str, cells: list[Cell], columns: list[Column], piped: bool) -> list[_Row]:
    from loaders.outline.table_align import segment

    kinds = [c.kind for c in columns]
    return [_Row([c for col in sorted(placed) for c in placed[col]], piped, placed=placed)
            for chunk in _chunks(text, cells, kinds)
            for placed in segment(text, chunk, kinds, piped)]


_CHUNK = 300  # cells aligned at once; a long table is cut where a row surely begins


def _chunks(text: str, cells: list[Cell], kinds: list[str]) -> list[list[Cell]]:
    """Cut a long stream of cells where a row surely begins (a 序号, an item's own number), so the
    alignment's cost stays linear in the table's length; never more than 4×_CHUNK cells at once."""
    out: list[list[Cell]] = [[]]
    for cell in cells:
        value = text[cell.start:cell.end]
        starts_row = (cell_type(value) == "num" and "num" in kinds) or is_item_text(value)
        if len(out[-1]) >= 4 * _CHUNK or (len(out[-1]) >= _CHUNK and starts_row):
            out.append([])
        out[-1].append(cell)
    return [chunk for chunk in out if chunk]


def _piped_cells(text: str, lines: list[tuple[int, int]], j: int) -> tuple[list[Cell], int]:
    """Cells ended by ` |` or by lines of pipes (each `|` ends one cell; `||` adds an empty one)."""
    cells: list[Cell] = []
    pending: list[tuple[int, int]] = []
    while j < len(lines):
        s, e = lines[j]
        raw = text[s:e]
        if _TABLE_END.match(raw) or delimiter_of(raw) in ("tab", "spaces"):
            break
        if is_rule(raw):
            for _ in range(raw.count("|")):
                cells.append(_joined(pending))
                pending = []
        else:
            body_end = s + len(raw.rstrip().rstrip("|").rstrip())
            if body_end > s:
                pending.append((s + len(raw) - len(raw.lstrip()), body_end))
            if raw.rstrip().endswith("|"):
                cells.append(_joined(pending))
                pending = []
        j += 1
    if pending:
        cells.append(_joined(pending))
    return cells, j


def _line_cells(text: str, lines: list[tuple[int, int]], j: int) -> tuple[list[Cell], int]:
    """Bare lines: each a piece of a cell; which pieces make a cell is left to the alignment —
    unless blank lines part the cells and lines that follow one another make one cell (a unit
    per line inside a cell): then each run of lines is a cell."""
    pieces: list[tuple[int, int]] = []
    first = j
    while j < len(lines):
        s, e = lines[j]
        raw = text[s:e]
        if _TABLE_END.match(raw) or delimiter_of(raw) or len(raw.strip()) > 300:
            break
        start = s + len(raw) - len(raw.lstrip())
        pieces.append((start, s + len(raw.rstrip())))
        j += 1
    gaps = [text.count("\n", lines[k - 1][1], lines[k][0]) > 1 for k in range(first + 1, j)]
    if gaps and any(gaps) and not all(gaps):
        runs: list[list[tuple[int, int]]] = [[pieces[0]]] if pieces else []
        for piece, gap in zip(pieces[1:], gaps, strict=True):
            if gap:
                runs.append([piece])
            else:
                runs[-1].append(piece)
        return [Cell(run[0][0], run[-1][1], tuple(run)) for run in runs], j
    return [Cell(a, b, ((a, b),)) for a, b in pieces], j


def _joined(pieces: list[tuple[int, int]]) -> Cell:
    if not pieces:
        return Cell(0, 0)
    return Cell(pieces[0][0], pieces[-1][1], tuple(pieces))


# -- rows to tasks ---------------------------------------------------------------------------------

def _tasks(text: str, columns: list[Column], rows: list[_Row]) -> list[TableTask]:
    from loaders.outline.table_align import align

    kinds = [c.kind for c in columns]
    out: list[TableTask] = []
    previous: dict[int, list[Cell]] = {}
    rows = rows[: 2 * current_limits().max_tasks]  # bounded work: parse.py says what was left unread
    section_leaders: tuple[Leader, ...] = ()
    for index, row in enumerate(rows, start=1):
        if row.section:  # (一)王宏副市长牵头重点工作: the leader of the rows below
            cell = row.cells[0]
            section_leaders = tuple(section_leader(text[cell.start:cell.end], cell.start))
            continue
        placed = row.placed if row.placed is not None else align(text, row.cells, kinds, row.explicit)
        own_number = "num" in kinds and any(k == "num" for k, _ in _placed_kinds(placed, kinds))
        carry = row.explicit and len([c for c in row.cells if not c.empty]) < len(kinds) or (
            "num" in kinds and not own_number)
        if carry:
            for col, cells in previous.items():
                if col not in placed and kinds[col] not in ("task", "progress", "remark"):
                    placed[col] = cells
        task = _row_task(text, kinds, placed, index)
        if task is not None and not task.leaders and section_leaders:
            task = replace(task, leaders=section_leaders)
        if task is not None:
            out.append(task)
            previous = {col: cells for col, cells in placed.items() if any(not c.empty for c in cells)}
    return out


def _placed_kinds(placed: dict[int, list[Cell]], kinds: list[str]) -> list[tuple[str, int]]:
    return [(kinds[col], col) for col, cells in placed.items() if any(not c.empty for c in cells)]


def _row_task(text: str, kinds: list[str], placed: dict[int, list[Cell]], index: int) -> TableTask | None:
    task_cols = [col for col, k in enumerate(kinds) if k == "task" and _filled(placed.get(col))]
    # the task's own cell: the one that carries the item's number (14.改扩建…), else the last
    numbered = [col for col in task_cols if _numbered(text, _first(placed[col]))]
    text_col = (numbered or task_cols)[-1] if task_cols else next(
        (col for col, k in enumerate(kinds) if k in ("problem", "other") and _filled(placed.get(col))), None)
    if text_col is None:
        return None
    cells = [c for c in placed[text_col] if not c.empty]
    text_span = Span(cells[0].start, cells[-1].end)
    own = _OWN_NUMBER.match(text, text_span.start, text_span.end)
    number = _own_number(own) if own else _num_cell(text, kinds, placed)
    units = _units(text, kinds, placed)
    if units and units[-1].unit.start + len(units[-1].unit.written) >= content_end(text) and looks_cut(units[-1].unit):
        units = units[:-1]  # the excerpt ends mid-name (发展改革…)
    leaders = tuple(leader for col, k in enumerate(kinds) if k == "person"
                    for c in placed.get(col, []) if not c.empty
                    for leader in split_leaders(text[c.start:c.end], c.start))
    problem_cells = [c for col, k in enumerate(kinds) if k == "problem" and col != text_col
                     for c in placed.get(col, []) if not c.empty]
    problem = " ".join(text[c.start:c.end].strip() for c in problem_cells) or None
    all_cells = [c for cs in placed.values() for c in cs if not c.empty]
    span = Span(min(c.start for c in all_cells), max(c.end for c in all_cells))
    return TableTask(number if number is not None else index, span, text_span,
                     own.end() if own else text_span.start, problem,
                     Span(problem_cells[0].start, problem_cells[-1].end) if problem_cells else None,
                     units, _deadline(text, kinds, placed), leaders)


def _numbered(text: str, cell: Cell) -> bool:
    m = _OWN_NUMBER.match(text, cell.start)
    return bool(m and m.group().strip())


def _first(cells: list[Cell]) -> Cell:
    return next(c for c in cells if not c.empty)


def _filled(cells: list[Cell] | None) -> bool:
    return bool(cells) and any(not c.empty for c in cells or [])


def _own_number(m: re.Match[str]) -> int:
    if m.group(3):
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(m.group(3)) + 1
    return int(m.group(1) or m.group(2))


def _num_cell(text: str, kinds: list[str], placed: dict[int, list[Cell]]) -> int | None:
    for col, k in enumerate(kinds):
        if k == "num":
            for c in placed.get(col, []):
                digits = re.match(r"\s*(\d{1,4})", text[c.start:c.end])
                if digits:
                    return int(digits.group(1))
    return None


def _units(text: str, kinds: list[str], placed: dict[int, list[Cell]]) -> tuple[MarkedUnit, ...]:
    has_lead_column = "lead" in kinds
    units: list[MarkedUnit] = []
    for role in ("lead", "mixed", "co"):
        for col, k in enumerate(kinds):
            if k != role:
                continue
            units.extend(_column_units(text, [c for c in placed.get(col, []) if not c.empty],
                                       "co" if role == "mixed" and has_lead_column else role))
    restored = restore_prefixes([u.unit for u in units])
    return tuple(MarkedUnit(n, u.role) for n, u in zip(restored, units, strict=True))


def _column_units(text: str, cells: list[Cell], role: str) -> list[MarkedUnit]:
    """A unit column's units in one row: one list over its lines (the column gives the roles), or
    clauses (市发改委牵头落实, A、B分别牵头落实) that give their own."""
    if any(has_duty_verb(text[c.start:c.end]) for c in cells):
        clauses = [u for c in cells for u in parse_clauses(text, c.start, c.end, strict=False)[0]]
        if clauses:
            return clauses
    return roles_for_list([n for c in cells for n in split_units(text[c.start:c.end], c.start)], role)


def _deadline(text: str, kinds: list[str], placed: dict[int, list[Cell]]) -> Deadline | None:
    for wanted in ("time", "remark"):
        for col, k in enumerate(kinds):
            if k != wanted:
                continue
            for c in placed.get(col, []):
                value = text[c.start:c.end]
                if c.empty or (wanted == "remark" and cell_type(value) != "date"):
                    continue
                found = find_deadline(value.strip(), c.start, from_field=True)
                if found is not None:
                    return found
    return None
