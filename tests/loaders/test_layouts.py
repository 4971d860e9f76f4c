"""Every layout surveyed in docs/layouts.md parses to the facts a careful official reads from it.

One test per fixture (tests/loaders/layouts/<layout>.txt|.html beside <layout>.expected.json); the
failure message lists every fact that came out wrong, so one run shows the whole gap.
"""

from __future__ import annotations

import pytest

from bench.layouts import ExpectedTask, Fixture, deadline_right, fixtures, match_tasks, name_key
from loaders import parse_file
from loaders.records import ParsedDocument, Task

FIXTURES = fixtures()


def test_every_layout_has_a_fixture_and_enough_tasks():
    assert len(FIXTURES) >= 20
    for fixture in FIXTURES:
        assert 3 <= len(fixture.tasks) <= 12, fixture.layout
        assert fixture.path.stem == fixture.layout


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.layout for f in FIXTURES])
def test_layout_parses_to_its_facts(fixture: Fixture):
    parsed = parse_file(fixture.path)
    wrong = _document_errors(fixture, parsed) + _task_errors(fixture, parsed)
    assert not wrong, f"{fixture.layout}: {fixture.about}\n" + "\n".join(wrong)


def _document_errors(fixture: Fixture, parsed: ParsedDocument) -> list[str]:
    want, doc = fixture.document, parsed.document
    wrong = []
    if name_key(doc.title) != name_key(want["title"]):
        wrong.append(f"title {doc.title!r}, expected {want['title']!r}")
    if want["issuer"] is not None and name_key(doc.issuer or "") != name_key(want["issuer"]):
        wrong.append(f"issuer {doc.issuer!r}, expected {want['issuer']!r}")
    if doc.year != want["year"]:
        wrong.append(f"year {doc.year}, expected {want['year']}")
    return wrong


def _task_errors(fixture: Fixture, parsed: ParsedDocument) -> list[str]:
    wrong = []
    if len(parsed.tasks) != len(fixture.tasks):
        found = [(t.number, t.title[:12]) for t in parsed.tasks]
        wrong.append(f"{len(parsed.tasks)} tasks found, {len(fixture.tasks)} expected: {found}")
    for want, got in match_tasks(fixture.tasks, parsed.tasks):
        where = f"task {want.number} ({want.title_starts})"
        if got is None:
            wrong.append(f"{where}: not found")
            continue
        wrong += [f"{where}: {problem}" for problem in _fact_errors(want, got)]
    return wrong


def _fact_errors(want: ExpectedTask, got: Task) -> list[str]:
    wrong = []
    if not name_key(got.title).startswith(name_key(want.title_starts)):
        wrong.append(f"title {got.title[:20]!r}")
    for role, names in (("lead", want.leads), ("co", want.co)):
        found = sorted(name_key(a.name) for a in got.assignments if a.role == role)
        if found != sorted(name_key(n) for n in names):
            wrong.append(f"{role} {found}, expected {sorted(names)}")
    leaders = [name_key(n) for n in got.leaders]
    if leaders != [name_key(n) for n in want.leaders]:
        wrong.append(f"leaders {leaders}, expected {list(want.leaders)}")
    if not deadline_right(want.deadline, got.deadline):
        shown = (got.deadline.kind, got.deadline.year, got.deadline.month) if got.deadline else None
        wrong.append(f"deadline {shown}, expected {want.deadline}")
    if got.truncated != want.truncated:
        wrong.append(f"truncated {got.truncated}, expected {want.truncated}")
    return wrong
