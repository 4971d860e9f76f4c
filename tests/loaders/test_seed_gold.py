"""The seed document parses to every hand-checked fact in its gold file, and nothing from its noise."""

from __future__ import annotations

import pytest

from loaders import parse_file


@pytest.fixture(scope="module")
def parsed(seed_path):
    return parse_file(seed_path)


@pytest.fixture(scope="module")
def tasks_by_number(parsed):
    return {t.number: t for t in parsed.tasks}


def test_problems_match_gold(parsed, gold):
    assert [(p.ordinal, p.text) for p in parsed.problems] == [(p["ordinal"], p["text"]) for p in gold["problems"]]


def test_exactly_the_gold_tasks(parsed, gold):
    assert [t.number for t in parsed.tasks] == [t["number"] for t in gold["tasks"]]


@pytest.mark.parametrize("n", range(1, 9))
def test_task_matches_gold(parsed, tasks_by_number, gold, n):
    expected = next(t for t in gold["tasks"] if t["number"] == n)
    task = tasks_by_number[n]
    problems = {p.id: p.ordinal for p in parsed.problems}
    assert task.title == expected["title"]
    assert problems[task.problem] == expected["problem"]
    assert task.task_list == expected["list"]
    named = [a.name for a in task.assignments if not a.collective]
    assert named == expected["agencies"]
    assert any(a.collective for a in task.assignments) == expected["collective"]
    if named:
        assert task.assignments[0].role == "lead"
        assert all(a.role == "co" for a in task.assignments[1:])
    if expected["deadline"] is None:
        assert task.deadline is None
    else:
        assert task.deadline is not None
        assert (task.deadline.raw, task.deadline.year, task.deadline.month) == (
            expected["deadline"]["raw"], expected["deadline"]["year"], expected["deadline"]["month"])
    assert task.truncated == expected.get("truncated", False)
    for kind, key in (("platform", "platforms_include"), ("region", "regions_include"),
                      ("document", "documents_include")):
        for name in expected.get("mentions", {}).get(key, []):
            assert name in task.mention_names(kind), (kind, name)


def test_collective_unit_is_whole(tasks_by_number):
    collective = [a for a in tasks_by_number[2].assignments if a.collective]
    assert [a.name for a in collective] == ["各市、县(市、区)"]


def test_issuer_from_headline(parsed, gold):
    assert parsed.document.issuer == gold["issuer"]


def test_no_year_anywhere(parsed):
    assert parsed.document.year is None
    assert all(t.deadline is None or t.deadline.year is None for t in parsed.tasks)


def test_noise_never_becomes_facts(parsed):
    everything = " ".join(t.text for t in parsed.tasks)
    assert "转载请注明" not in everything and "上一篇" not in everything
    assert "白癜风" not in everything
    assert all(t.number in range(1, 9) for t in parsed.tasks)
    names = {a.name for t in parsed.tasks for a in t.assignments}
    assert not any("http" in n or "2.8" in n for n in names)


def test_spans_point_at_their_text(parsed):
    text = parsed.text
    for task in parsed.tasks:
        assert text[task.span.start:task.span.end] == task.text
        for a in task.assignments:
            assert text[a.span.start:a.span.end] == a.written
        if task.deadline:
            assert text[task.deadline.span.start:task.deadline.span.end] == task.deadline.raw
        for m in task.mentions:
            if m.kind != "region":
                assert text[m.span.start:m.span.end] == m.name


def test_ids_are_stable(seed_path, parsed):
    again = parse_file(seed_path)
    assert [t.id for t in again.tasks] == [t.id for t in parsed.tasks]
    assert len({t.id for t in parsed.tasks}) == len(parsed.tasks)
