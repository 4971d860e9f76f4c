"""The records loaders produce: the contract between loaders/, graph/ and api/. All frozen.

Spans are character offsets into the decoded text of the document (`ParsedDocument.text`). A
document read from a spreadsheet also says which cell each piece of that text came from
(`ParsedDocument.locations`), and each of its tasks the cell its text is in (`Task.source_location`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["lead", "co"]
DeadlineKind = Literal["by", "recurring", "ongoing"]
MentionKind = Literal["region", "platform", "document"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def as_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class Assignment:
    """One unit made responsible for one task."""

    name: str  # as written, shared prefix/suffix restored
    role: Role
    collective: bool  # 各市、县(市、区), 各地区, 有关部门 … : a group, not one agency
    span: Span  # where the unit is written
    order: int  # position in the task's list of units, from 0
    written: str = ""  # the exact characters at `span` (before restoration)
    inherited: bool = False  # taken from a parent item's marker


@dataclass(frozen=True)
class Deadline:
    raw: str
    year: int | None
    month: int | None
    day: int | None
    kind: DeadlineKind
    year_inferred: bool
    span: Span


@dataclass(frozen=True)
class Mention:
    kind: MentionKind
    name: str  # regions: short name (杭州); platforms and documents: as written
    span: Span
    full: str = ""  # regions: full name (杭州市)
    code: str = ""  # regions: administrative division code


@dataclass(frozen=True)
class CellLocation:
    """Where a span of the text was read from: one spreadsheet cell."""

    span: Span
    sheet: str | None  # the sheet's name; None for a .csv file
    row: int  # as the spreadsheet numbers it, from 1
    column: str  # as the spreadsheet letters it: A, B, …, AA


@dataclass(frozen=True)
class SourceLocation:
    """Where a record sits in the file it was read from: file, sheet, row and column."""

    file: str
    sheet: str | None
    row: int
    column: str


@dataclass(frozen=True)
class Problem:
    id: str
    ordinal: int
    text: str
    span: Span


@dataclass(frozen=True)
class Task:
    id: str
    number: int | None
    path: tuple[str, ...]
    title: str
    text: str
    problem: str | None  # Problem.id
    task_list: str | None  # the list heading above it: 即知即改任务清单 …
    assignments: tuple[Assignment, ...]
    deadline: Deadline | None
    mentions: tuple[Mention, ...]
    span: Span
    truncated: bool = False
    evidence: str = ""  # the responsibility marker as written
    evidence_span: Span | None = None
    leaders: tuple[str, ...] = ()  # people who oversee it (分管领导, 责任领导 …), names as written
    source_location: SourceLocation | None = None  # the cell its text is in (spreadsheets only)

    def mention_names(self, kind: MentionKind) -> list[str]:
        return [m.name for m in self.mentions if m.kind == kind]


@dataclass(frozen=True)
class Citation:
    """A document this one carries out (为贯彻落实《TITLE》(NUMBER)): its title and number as cited."""

    title: str | None
    number: str | None  # in compared form (loaders.outline.citations.number_key)
    span: Span | None  # where the title is cited; None when the document's own title wraps it


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    issuer: str | None
    year: int | None
    source: str
    sha256: str = ""
    year_source: str | None = None  # number | signature | title | option
    province: str | None = None  # jurisdiction the text is issued in, e.g. 浙江省
    province_code: str | None = None
    number: str | None = None  # its own document number (文号), in compared form
    cites: tuple[Citation, ...] = ()  # the plans it carries out, as its head names them (issue 23)


@dataclass(frozen=True)
class ParsedDocument:
    document: Document
    problems: tuple[Problem, ...]
    tasks: tuple[Task, ...]
    warnings: tuple[str, ...]
    text: str = field(repr=False, default="")
    locations: tuple[CellLocation, ...] = field(repr=False, default=())  # cell of each span (spreadsheets)
