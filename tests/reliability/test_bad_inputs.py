"""Every hostile or broken file gives a clear error naming it, or loads with warnings — never an
unexpected exception — and a failed load leaves the graph as it was."""

from __future__ import annotations

import pytest

from graph.service import load_paths
from graph.stores.sqlite import SqliteStore
from loaders import parse_file
from loaders.errors import DocumentTooLarge
from tests.bad_inputs import CASES, GOOD, write_corpus

EXPECTED_ERRORS = {"empty.txt", "whitespace.txt", "bom-only.txt", "binary.txt", "nul-bytes.txt", "control-chars.txt",
                   "fake.docx", "zip-not-docx.docx", "empty.docx", "random.pdf", "no-text-layer.pdf", "unknown.xyz",
                   "no-extension", "html-empty-body.html", "html-only-script.html"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("bad"))


def test_corpus_is_big_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_input(corpus, tmp_path, name):
    path = next(p for p in corpus if p.name == name)
    store = SqliteStore(tmp_path)
    baseline = tmp_path / "good.txt"
    baseline.write_text(GOOD, encoding="utf-8")
    load_paths(store, [baseline])
    before = store.counts()
    summary = load_paths(store, [path])
    if name in EXPECTED_ERRORS:
        assert len(summary.errors) == 1 and summary.errors[0].startswith(name), summary.errors
        assert store.counts() == before
    else:
        assert summary.errors == [] or name in summary.errors[0], summary.errors
    assert SqliteStore(tmp_path).counts() == store.counts()  # another connection sees the same file


def test_fifty_megabytes_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(DocumentTooLarge, match="huge.txt: 52,428,800 bytes is over"):
        parse_file(path)


def test_unbalanced_marker_still_names_units(corpus):
    parsed = parse_file(next(p for p in corpus if p.name == "unbalanced-open.txt"))
    assert [a.name for a in parsed.tasks[0].assignments] == ["省财政厅", "省教育厅"]
