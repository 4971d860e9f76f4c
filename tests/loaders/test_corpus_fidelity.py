"""The generated corpus parses back to its expected facts: the formats the parser was built for,
and the layout families of the survey (docs/layouts.md)."""

from __future__ import annotations

import pytest

from bench.corpus import STYLES, SURVEY_STYLES, check, check_families, generate


def test_generated_documents_parse_to_their_facts():
    docs = list(generate(len(STYLES) * 12, seed=11, styles=STYLES))
    score = check(docs)
    precision, recall, f1 = score.f1()
    assert score.task_count_right == score.docs
    assert f1 >= 0.99, (precision, recall)
    assert score.titles_right == score.tasks and score.months_right == score.tasks


@pytest.mark.parametrize("family", SURVEY_STYLES)
def test_surveyed_layout_family_parses_to_its_facts(family: str):
    docs = list(generate(15, seed=13, styles=(family,)))
    score = check_families(docs)[family]
    precision, recall, f1 = score.f1()
    leader_precision, leader_recall = score.leaders_pr()
    assert score.task_count_right == score.docs, f"{score.task_count_right}/{score.docs} documents"
    assert f1 >= 0.95, (precision, recall)
    assert score.months_right >= 0.95 * score.tasks, (score.months_right, score.tasks)
    assert score.leaders_as_agencies == 0
    if score.leaders_expected:
        assert leader_precision >= 0.95 and leader_recall >= 0.95, (leader_precision, leader_recall)
