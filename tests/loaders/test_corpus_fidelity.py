"""The generated corpus (every format and marker style) parses back to its expected facts."""

from __future__ import annotations

from bench.corpus import STYLES, check, generate


def test_generated_documents_parse_to_their_facts():
    docs = list(generate(len(STYLES) * 12, seed=11))
    score = check(docs)
    precision, recall, f1 = score.f1()
    assert score.task_count_right == score.docs
    assert f1 >= 0.99, (precision, recall)
    assert score.titles_right == score.tasks and score.months_right == score.tasks
