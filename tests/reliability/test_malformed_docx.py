"""Finding 7: malformed DOCX XML (bad syntax, deep nesting, entity expansion, a 10 MB text node)
gave a 500 / a traceback and aborted a folder load, so the good files after it never loaded. Each
is now a LoaderError naming the file: 400 on the API (413 for the text node, which is over the
text limit), one line and exit 2 on the command line, and a folder load reports it and goes on."""

from __future__ import annotations

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from bench.bombs import MALFORMED_DOCX
from graph.service import load_paths
from loaders.errors import LoaderError
from loaders.formats.read import read_bytes
from tests.api.test_cli_graph import run
from tests.bad_inputs import GOOD
from tests.served import ServedApp

TOKEN = "docx-token"
STATUS = {"bad-syntax.docx": 400, "deep-nesting.docx": 400, "entity-expansion.docx": 400, "huge-text-node.docx": 413}
SAYS = {"bad-syntax.docx": "not a valid .docx", "deep-nesting.docx": "DUTYGRAPH_MAX_XML_DEPTH",
        "entity-expansion.docx": "DOCTYPE", "huge-text-node.docx": "DUTYGRAPH_MAX_TEXT_CHARS"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The malformed files between two good ones, in the order a folder load takes them."""
    folder = tmp_path_factory.mktemp("malformed")
    (folder / "a-good.txt").write_text(GOOD, encoding="utf-8")
    for name, make in MALFORMED_DOCX.items():
        (folder / name).write_bytes(make())
    (folder / "z-good.txt").write_text(GOOD.replace("省财政厅", "省教育厅"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", sorted(MALFORMED_DOCX))
def test_reading_malformed_xml_is_a_loader_error_naming_the_file(folder, name):
    with pytest.raises(LoaderError, match=f"^{name}: .*{SAYS[name]}"):
        read_bytes((folder / name).read_bytes(), name)


def test_a_folder_load_reports_each_bad_file_and_loads_the_good_ones_after(folder, store):
    summary = load_paths(store, sorted(folder.iterdir()))
    assert [r.source for r in summary.results] == ["a-good.txt", "z-good.txt"]
    assert sorted(e.split(":")[0] for e in summary.errors) == sorted(MALFORMED_DOCX)
    assert store.counts()["Document"] == 2


def test_uploads_of_malformed_docx_are_4xx_in_the_one_error_shape(folder, store):
    with ServedApp(create_app(ApiSettings(token=TOKEN), store)) as served, \
            httpx.Client(base_url=served.url, timeout=60, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        for name in sorted(MALFORMED_DOCX):
            response = http.post("/documents", files={"file": (name, (folder / name).read_bytes())})
            body = response.json()
            assert response.status_code == STATUS[name], body
            assert body == {"ok": False, "error": body["error"], "status": STATUS[name]} and name in body["error"]
        assert http.get("/documents").json()["total"] == 0


def test_the_command_line_gives_one_line_per_bad_file_and_exit_2(folder, tmp_path):
    result = run("load", str(folder), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "2 documents (2 new, 0 replaced, 0 unchanged)" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("dutygraph: error:")]
    assert sorted(line.split()[2].rstrip(":") for line in errors) == sorted(MALFORMED_DOCX)
    for name in MALFORMED_DOCX:
        single = run("parse", str(folder / name))
        assert single.returncode == 2 and single.stderr.startswith(f"dutygraph: error: {name}: ")
        assert single.stderr.strip().count("\n") == 0
