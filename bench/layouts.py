"""Score the parser on the layout fixtures: documents written in our own words after the shapes of
real public plans (docs/layouts.md), each with the facts a careful official reads from it.

    python -m bench.layouts              # one Markdown row per fixture, then the totals
    python -m bench.layouts --verbose    # and, per fixture, every fact the parser got wrong

Tasks are matched by their printed number (by title, then order, when a number repeats); an
assignment is (task, name, role), names compared after NFKC and without spaces.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import table
from loaders.parse import parse_file
from loaders.records import Deadline, ParsedDocument, Task

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "loaders" / "layouts"
DOCUMENT_SUFFIXES = (".txt", ".html")


@dataclass(frozen=True)
class ExpectedTask:
    number: int
    title_starts: str
    leads: tuple[str, ...]
    co: tuple[str, ...]
    leaders: tuple[str, ...]
    deadline: dict[str, Any] | None
    truncated: bool


@dataclass(frozen=True)
class Fixture:
    layout: str
    about: str
    path: Path  # the document
    document: dict[str, Any]
    tasks: tuple[ExpectedTask, ...]


def name_key(name: str) -> str:
    """Return the form two names are compared in: NFKC, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def load_fixture(expected_path: Path) -> Fixture:
    """Return the fixture described by one `<layout>.expected.json` and the document beside it."""
    data = json.loads(expected_path.read_text(encoding="utf-8"))
    stem = expected_path.name.removesuffix(".expected.json")
    document = next((expected_path.with_name(stem + s) for s in DOCUMENT_SUFFIXES
                     if expected_path.with_name(stem + s).exists()), None)
    if document is None:
        raise FileNotFoundError(f"{expected_path.name}: no {stem}.txt or {stem}.html beside it")
    tasks = tuple(ExpectedTask(t["number"], t["title_starts"], tuple(t["leads"]), tuple(t["co"]),
                               tuple(t.get("leaders", [])), t["deadline"], bool(t["truncated"]))
                  for t in data["tasks"])
    return Fixture(data["layout"], data["about"], document, data["document"], tasks)


def fixtures(folder: Path = FIXTURES) -> list[Fixture]:
    """Return every fixture in `folder`, by layout id."""
    return [load_fixture(p) for p in sorted(folder.glob("*.expected.json"))]


# -- matching ----------------------------------------------------------------------------------------

def match_tasks(expected: Iterable[ExpectedTask], found: Iterable[Task]) -> list[tuple[ExpectedTask, Task | None]]:
    """Pair each expected task with a found task of the same number: the first whose title starts
    like the expected one, else the first left in document order."""
    left = list(found)
    pairs: list[tuple[ExpectedTask, Task | None]] = []
    for want in expected:
        same = [t for t in left if t.number == want.number]
        titled = [t for t in same if name_key(t.title).startswith(name_key(want.title_starts))]
        got = (titled or same)[0] if same else None
        if got is not None:
            left.remove(got)
        pairs.append((want, got))
    return pairs


def deadline_right(want: dict[str, Any] | None, got: Deadline | None) -> bool:
    """Return whether a found deadline says what the expected one says."""
    if want is None or got is None:
        return want is None and got is None
    if want.get("kind") == "ongoing":
        return got.kind == "ongoing"
    return got.kind != "ongoing" and (got.year, got.month) == (want.get("year"), want.get("month"))


def expected_roles(want: ExpectedTask) -> set[tuple[str, str]]:
    return {(name_key(n), "lead") for n in want.leads} | {(name_key(n), "co") for n in want.co}


def found_roles(got: Task | None) -> set[tuple[str, str]]:
    return {(name_key(a.name), a.role) for a in got.assignments} if got else set()


def found_leaders(got: Task | None) -> list[str]:
    return [name_key(n) for n in getattr(got, "leaders", ())] if got else []


# -- scoring -----------------------------------------------------------------------------------------

@dataclass
class Score:
    tasks_expected: int = 0
    tasks_found: int = 0
    tasks_matched: int = 0
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    leaders_true: int = 0
    leaders_found: int = 0
    leaders_expected: int = 0
    leaders_as_agencies: int = 0
    deadlines_right: int = 0
    truncation_right: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)

    def assignment_prf(self) -> tuple[float, float, float]:
        p = self.true_pos / max(1, self.true_pos + self.false_pos)
        r = self.true_pos / max(1, self.true_pos + self.false_neg)
        return p, r, 2 * p * r / max(1e-9, p + r)

    def leader_pr(self) -> tuple[float, float]:
        return self.leaders_true / max(1, self.leaders_found), self.leaders_true / max(1, self.leaders_expected)


def score_fixture(fixture: Fixture, parsed: ParsedDocument) -> Score:
    """Compare one parse with its fixture's facts."""
    score = Score(tasks_expected=len(fixture.tasks), tasks_found=len(parsed.tasks))
    pairs = match_tasks(fixture.tasks, parsed.tasks)
    matched = {id(got) for _, got in pairs if got is not None}
    for want, got in pairs:
        _score_task(score, want, got)
    for extra in (t for t in parsed.tasks if id(t) not in matched):
        score.false_pos += len(found_roles(extra))
        score.problems.append(f"task {extra.number} ({extra.title[:16]}) not expected")
    leaders = {name_key(n) for t in fixture.tasks for n in t.leaders}
    score.leaders_as_agencies = sum(1 for t in parsed.tasks for a in t.assignments if name_key(a.name) in leaders)
    return score


def _score_task(score: Score, want: ExpectedTask, got: Task | None) -> None:
    where = f"task {want.number} ({want.title_starts})"
    if got is None:
        score.false_neg += len(expected_roles(want))
        score.leaders_expected += len(want.leaders)
        score.problems.append(f"{where}: not found")
        return
    score.tasks_matched += 1
    wanted, found = expected_roles(want), found_roles(got)
    score.true_pos += len(wanted & found)
    score.false_pos += len(found - wanted)
    score.false_neg += len(wanted - found)
    if wanted != found:
        score.problems.append(f"{where}: missing {sorted(wanted - found)}, extra {sorted(found - wanted)}")
    _score_leaders(score, where, want, got)
    if deadline_right(want.deadline, got.deadline):
        score.deadlines_right += 1
    else:
        shown = (got.deadline.kind, got.deadline.year, got.deadline.month) if got.deadline else None
        score.problems.append(f"{where}: deadline {shown}, expected {want.deadline}")
    if got.truncated == want.truncated:
        score.truncation_right += 1
    else:
        score.problems.append(f"{where}: truncated {got.truncated}, expected {want.truncated}")


def _score_leaders(score: Score, where: str, want: ExpectedTask, got: Task) -> None:
    wanted, found = [name_key(n) for n in want.leaders], found_leaders(got)
    score.leaders_expected += len(wanted)
    score.leaders_found += len(found)
    score.leaders_true += len(set(wanted) & set(found))
    if wanted != found:
        score.problems.append(f"{where}: leaders {found}, expected {wanted}")


def run(selected: list[Fixture]) -> list[tuple[Fixture, Score]]:
    return [(f, score_fixture(f, parse_file(f.path))) for f in selected]


# -- report ------------------------------------------------------------------------------------------

HEADERS = ["layout", "tasks exp/found", "assign P", "R", "F1", "leaders P", "R", "leaders as units",
           "deadlines right", "truncated right"]


def _row(name: str, s: Score) -> list[object]:
    p, r, f1 = s.assignment_prf()
    lp, lr = s.leader_pr()
    leaders = (f"{lp:.2f}", f"{lr:.2f}") if s.leaders_expected or s.leaders_found else ("-", "-")
    return [name, f"{s.tasks_expected}/{s.tasks_found}", f"{p:.2f}", f"{r:.2f}", f"{f1:.2f}", *leaders,
            s.leaders_as_agencies, f"{s.deadlines_right}/{s.tasks_expected}",
            f"{s.truncation_right}/{s.tasks_expected}"]


def report(results: list[tuple[Fixture, Score]], verbose: bool = False) -> str:
    """Return the Markdown report: a row per fixture and the totals (and the misses, if verbose)."""
    total = Score()
    for _, s in results:
        total.add(s)
    lines = [table(HEADERS, [_row(f.layout, s) for f, s in results] + [_row("**total**", total)])]
    if verbose:
        for f, s in results:
            if s.problems:
                lines += ["", f"### {f.layout}", *(f"- {p}" for p in s.problems)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="list every fact the parser got wrong")
    parser.add_argument("--folder", type=Path, default=FIXTURES, help="where the fixtures are")
    args = parser.parse_args(argv)
    print(report(run(fixtures(args.folder)), args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
