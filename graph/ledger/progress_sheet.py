"""Bulk progress: a sheet (.xlsx, .xls, .ods or .csv) in which a unit reports on its tasks, read
into progress reports with a verdict on every row — matched, skipped (nothing new), or an error
naming the problem. Either every row is fine and all reports are recorded in one write, or
nothing is recorded (`apply_progress` refuses a sheet with an error).

A row names its task by 任务编号 (the id the ledger exports carry) or by 序号, with 来源文件 when
several documents number their items alike; then 状态 and 进展情况, and optionally the day
reported (报告日期) and who reports (报告人). The ledger's own xlsx and CSV read back as they are:
a row whose status and note are what the ledger already shows is skipped, not recorded again.

The file is read by loaders.formats.sheets, with the same limits as any uploaded document."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from graph.errors import Ambiguous, LedgerError, NotFound
from graph.ledger.lights import latest_of
from graph.ledger.records import Progress, make_progress
from graph.ledger.terms import STATUSES, canonical_status
from graph.safe_output import FORMULA_STARTS
from graph.store import GraphStore, TaskFilter
from loaders.formats.sheet_text import Sheet
from loaders.limits import ReadLimits

Field = Literal["task_id", "number", "document", "status", "note", "reported", "by"]
# header words, compared without spaces and case (Chinese first, as offices write them)
HEADER_WORDS: dict[str, Field] = {
    "任务编号": "task_id", "任务id": "task_id", "taskid": "task_id", "task_id": "task_id", "id": "task_id",
    "序号": "number", "编号": "number", "number": "number", "no.": "number",
    "来源文件": "document", "文件": "document", "document": "document",
    "状态": "status", "进展状态": "status", "任务状态": "status", "status": "status",
    "进展情况": "note", "进展": "note", "进展说明": "note", "备注": "note", "note": "note", "progress": "note",
    "报告日期": "reported", "填报日期": "reported", "日期": "reported", "reported": "reported", "date": "reported",
    "报告人": "by", "填报人": "by", "by": "by",
}
HEADER_SEARCH = 30  # rows in which the header is looked for, as for documents
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
Outcome = Literal["matched", "skipped", "error"]


@dataclass(frozen=True)
class RowVerdict:
    """What became of one row of the sheet."""

    sheet: str | None
    row: int  # as the spreadsheet numbers it (1 = the first row)
    outcome: Outcome
    task_id: str | None = None
    status: str = ""
    problem: str = ""  # why it is skipped or wrong

    def as_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "outcome": self.outcome, "task_id": self.task_id,
                "status": self.status, "problem": self.problem}

    def text(self) -> str:
        where = f"{self.sheet}!{self.row}" if self.sheet else f"row {self.row}"
        what = f"{self.task_id} → {self.status}" if self.task_id and self.outcome == "matched" else self.problem
        return f"{where}: {self.outcome}: {what}"


@dataclass
class ProgressSheet:
    """A read sheet: every row's verdict, and the reports of the matched rows."""

    name: str
    verdicts: list[RowVerdict] = field(default_factory=list)
    entries: list[Progress] = field(default_factory=list)

    @property
    def errors(self) -> list[RowVerdict]:
        return [v for v in self.verdicts if v.outcome == "error"]

    def summary(self) -> str:
        counts = {o: sum(v.outcome == o for v in self.verdicts) for o in ("matched", "skipped", "error")}
        return (f"{self.name}: {counts['matched']} rows matched, {counts['skipped']} skipped, "
                f"{counts['error']} with errors")

    def as_json(self) -> dict[str, Any]:
        return {"file": self.name, "matched": len(self.entries), "errors": len(self.errors),
                "rows": [v.as_json() for v in self.verdicts]}


class ProgressSheetError(LedgerError):
    """A progress sheet has rows that cannot be recorded; nothing was recorded."""

    def __init__(self, sheet: ProgressSheet) -> None:
        errors = sheet.errors
        first = "; ".join(v.text() for v in errors[:3])
        super().__init__(f"{sheet.name}: {len(errors)} rows cannot be recorded, so nothing was recorded: {first}"
                         + (" …" if len(errors) > 3 else ""))
        self.sheet = sheet


def read_sheet_file(data: bytes, name: str, limits: ReadLimits) -> list[Sheet]:
    """Return the visible sheets of an uploaded workbook or .csv (limits as for documents)."""
    from loaders.formats.sheets import csv_sheet, workbook_sheets

    if name.lower().endswith(".csv"):
        return [csv_sheet(data, name, limits)[0]]
    return workbook_sheets(data, name, limits)[1]


def read_progress(store: GraphStore, sheets: list[Sheet], name: str, by: str | None, today: date) -> ProgressSheet:
    """Return the verdict on every row of `sheets` and the progress reports of the matched ones;
    `by` is who reports for rows without a 报告人, `today` the day reported when none is given."""
    result = ProgressSheet(name)
    rows: list[_Row] = []
    for sheet in sheets:
        rows += _sheet_rows(sheet, result)
    _match_tasks(store, rows)
    latest = latest_of(store, sorted({r.task_id for r in rows if r.task_id}))  # in bounded chunks
    seen: dict[str, tuple[Progress, str]] = {}
    for row in rows:
        result.verdicts.append(_verdict(row, latest, seen, by, today, result))
    result.verdicts.sort(key=lambda v: (v.sheet or "", v.row))
    return result


def apply_progress(store: GraphStore, sheet: ProgressSheet) -> int:
    """Record every report of the sheet in one write and return how many; raise ProgressSheetError
    (recording nothing) when any row has an error."""
    if sheet.errors:
        raise ProgressSheetError(sheet)
    if sheet.entries:
        store.add_progress(sheet.entries)
    return len(sheet.entries)


# -- rows ----------------------------------------------------------------------------------------------

@dataclass
class _Row:
    sheet: str | None
    row: int
    values: dict[Field, str]
    task_id: str | None = None
    problem: str = ""


def _sheet_rows(sheet: Sheet, result: ProgressSheet) -> list[_Row]:
    """Return the data rows under the sheet's header; a sheet with text but no header is an error."""
    found = _header(sheet.rows)
    if found is None:
        if any(cell.strip() for row in sheet.rows for cell in row):
            result.verdicts.append(RowVerdict(sheet.name, 1, "error", problem=(
                "no header row naming 状态 and 任务编号 or 序号 in the first 30 rows")))
        return []
    at, columns = found
    rows = []
    for index in range(at + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        values = {f: _cell(cells, c) for f, c in columns.items()}
        if any(values.values()) or any(c.strip() for c in cells):
            rows.append(_Row(sheet.name, index + 1, values))
    return rows


def _header(rows: list[list[str]]) -> tuple[int, dict[Field, int]] | None:
    for index, cells in enumerate(rows[:HEADER_SEARCH]):
        columns: dict[Field, int] = {}
        for c, cell in enumerate(cells):
            word = HEADER_WORDS.get(re.sub(r"\s+", "", cell).lower())
            if word is not None:
                columns.setdefault(word, c)
        if "status" in columns and ("task_id" in columns or "number" in columns):
            return index, columns
    return None


def _cell(cells: list[str], column: int) -> str:
    """Return a cell's text; the `'` our CSV exports put before formula-like text is taken off again."""
    text = cells[column].strip() if column < len(cells) else ""
    return text[1:] if text.startswith("'") and text[1:2].startswith(FORMULA_STARTS) else text


def _match_tasks(store: GraphStore, rows: list[_Row]) -> None:
    """Set each row's task id: by 任务编号 (one lookup for all), else by 序号 within its 来源文件."""
    given = [r.values.get("task_id", "") for r in rows]
    existing = store.existing_tasks([g for g in given if g])
    numbered: dict[str, dict[str, list[str]]] = {}  # document key → number → task ids
    for row in rows:
        ident, number = row.values.get("task_id", ""), row.values.get("number", "")
        if ident:
            row.task_id = ident if ident in existing else None
            row.problem = "" if row.task_id else f"no task with id {ident!r}"
        elif number:
            _match_number(store, row, number, numbered)
        else:
            row.problem = "no 任务编号 or 序号: which task is this row about?"


def _match_number(store: GraphStore, row: _Row, number: str, numbered: dict[str, dict[str, list[str]]]) -> None:
    document = row.values.get("document", "")
    if document not in numbered:
        try:
            numbered[document] = _numbers(store, document)
        except (NotFound, Ambiguous) as exc:
            numbered[document] = {}
            row.problem = f"来源文件 {document!r}: {exc}"
            return
    ids = numbered[document].get(number.rstrip("."), [])
    if len(ids) == 1:
        row.task_id = ids[0]
    elif ids:
        row.problem = f"序号 {number} is in {len(ids)} documents: add a 来源文件 or 任务编号 column"
    else:
        row.problem = f"no task numbered {number}" + (f" in {document}" if document else "")


def _numbers(store: GraphStore, document: str) -> dict[str, list[str]]:
    """Return the task ids of each item number, in one document (named by id or title) or in all."""
    from graph.queries import find_node

    where = TaskFilter(document=find_node(store, "Document", document).id) if document else TaskFilter()
    out: dict[str, list[str]] = defaultdict(list)
    for task in store.tasks(where, None).rows:
        out[str(task.props.get("number") or "")].append(task.id)
    return out


def _verdict(row: _Row, latest: dict[str, Progress], seen: dict[str, tuple[Progress, str]], by: str | None,
             today: date, result: ProgressSheet) -> RowVerdict:
    """Return a row's verdict; a matched row's report is added to `result.entries`."""
    written, note = row.values.get("status", ""), row.values.get("note", "")
    status = canonical_status(written) or written  # 进行中, 已办结 … as the four statuses

    def verdict(outcome: Outcome, problem: str = "") -> RowVerdict:
        return RowVerdict(row.sheet, row.row, outcome, row.task_id, status, problem)

    if row.task_id is None:
        return verdict("error", row.problem)
    try:
        entry = _entry(row, status, note, by, today)
    except LedgerError as exc:
        return verdict("error", str(exc))
    if _unchanged(latest.get(row.task_id), status, note):
        return verdict("skipped", "the ledger already shows this")
    if row.task_id in seen:
        earlier, at = seen[row.task_id]
        if _same(earlier, entry):
            return verdict("skipped", f"the same report as {at}")
        return verdict("error", f"reported differently in {at}")
    seen[row.task_id] = (entry, f"{row.sheet}!{row.row}" if row.sheet else f"row {row.row}")
    result.entries.append(entry)
    return verdict("matched")


def _entry(row: _Row, status: str, note: str, by: str | None, today: date) -> Progress:
    assert row.task_id is not None
    if not status:
        raise LedgerError(f"no 状态: give one of {', '.join(STATUSES)}")
    who = row.values.get("by", "") or by
    if not who:
        raise LedgerError("no 报告人 in the row and no 'by' given for the sheet")
    return make_progress(row.task_id, status, note, _reported(row.values.get("reported", ""), today), who)


def _reported(text: str, today: date) -> date:
    if not text:
        return today
    m = _DATE.match(text)
    try:
        if m is None:
            raise ValueError
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise LedgerError(f"报告日期 {text!r} is not a date (write 2021-06-30)") from None


def _unchanged(now: Progress | None, status: str, note: str) -> bool:
    """True when a row says what the ledger shows already (an untouched row of an exported ledger)."""
    if now is None:
        return status == STATUSES[0] and not note  # 未开始, nothing said: no report yet, none now
    return (now.status, now.note) == (status, note)


def _same(a: Progress, b: Progress) -> bool:
    return (a.status, a.note, a.reported, a.by) == (b.status, b.note, b.reported, b.by)
