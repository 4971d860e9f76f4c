"""The same plan loaded as .txt and as .docx (a generated Word file of the sample, one paragraph per
line) is recognised by its title, issuer and task texts and reported as a duplicate, instead of
doubling every count: in both stores, on the command line and through an upload."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph import queries
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file
from tests.served import ServedApp

SAMPLE = Path(__file__).parents[2] / "samples" / "zhejiang-keji-zhenggai.txt"
DUTYGRAPH = str(Path(sys.executable).parent / "dutygraph")


def docx_of(text: str) -> bytes:
    """Return a Word file holding `text`, one paragraph per line, as a person pasting the plan would make."""
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def plans(tmp_path) -> tuple[Path, Path]:
    text = SAMPLE.read_text(encoding="utf-8")
    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    (tmp_path / "plan.docx").write_bytes(docx_of(text))
    return tmp_path / "plan.txt", tmp_path / "plan.docx"


def test_the_docx_of_a_loaded_txt_is_a_duplicate_and_counts_stay(store, plans):
    txt, word = plans
    first = load_parsed(store, parse_file(txt))
    counts = store.counts()
    second = load_parsed(store, parse_file(word))
    assert first.status == "loaded" and second.status == "duplicate"
    assert second.duplicate_of is not None and second.duplicate_of.id == first.doc_id
    assert store.counts() == counts and len(store.nodes("Document")) == 1
    finance = queries.resolve_agency(store, "省财政厅")
    assert queries.agency_load(store, finance.id).total == 2  # not 4


def test_loading_the_duplicate_again_is_still_a_duplicate(store, plans):
    txt, word = plans
    load_parsed(store, parse_file(word))
    assert load_parsed(store, parse_file(txt)).status == "duplicate"
    assert load_parsed(store, parse_file(txt)).status == "duplicate"


def test_a_plan_with_one_task_changed_is_not_a_duplicate(store, plans, tmp_path):
    txt, _ = plans
    load_parsed(store, parse_file(txt))
    changed = tmp_path / "changed.docx"
    changed.write_bytes(docx_of(txt.read_text(encoding="utf-8").replace("加快完善产业创新服务综合体", "加快建设产业创新服务综合体")))
    assert load_parsed(store, parse_file(changed)).status == "loaded"
    assert len(store.nodes("Document")) == 2


def test_once_the_first_is_deleted_the_other_file_loads(store, plans):
    txt, word = plans
    first = load_parsed(store, parse_file(txt))
    assert store.delete_document(first.doc_id)
    assert load_parsed(store, parse_file(word)).status == "loaded"


def test_the_load_summary_names_the_duplicate(plans, tmp_path):
    txt, word = plans
    done = subprocess.run([DUTYGRAPH, "load", str(txt), str(word), "--data-dir", str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=120, env={**os.environ})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("2 documents (1 new, 0 replaced, 0 unchanged, 1 duplicate), 8 tasks, ")
    assert lines[1].startswith("duplicate: plan.docx is the same plan as plan.txt [")
    assert lines[1].endswith("(same title, issuer and task texts); not loaded again")


def test_an_upload_of_the_same_plan_says_duplicate_of(plans, tmp_path):
    txt, word = plans
    store = SqliteStore(tmp_path / "api")
    first = load_parsed(store, parse_file(txt))
    token = "dup-token"
    with ServedApp(create_app(ApiSettings(token=token), store)) as served:
        response = httpx.post(f"{served.url}/documents", headers={"Authorization": f"Bearer {token}"},
                              files={"file": ("plan.docx", word.read_bytes())}, timeout=60)
        listed = httpx.get(f"{served.url}/documents", timeout=30).json()
    body = response.json()
    assert response.status_code == 200 and body["status"] == "duplicate"
    assert body["duplicate_of"] == {"id": first.doc_id, "source": "plan.txt", "title": "督查整改提升行动方案"}
    assert listed["total"] == 1
    store.close()
