"""Legacy Word (.doc, .wps) through LibreOffice or antiword, and OFD through ofdkit: records as from
a .docx; a missing converter, a slow conversion and a bad OFD are one-line errors."""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from loaders.errors import DocumentTooLarge, UnreadableDocument, UnsupportedFormat
from loaders.formats.read import read_bytes
from loaders.limits import ReadLimits
from loaders.parse import parse_text
from tests.api.test_cli_graph import run
from tests.conftest import IN_CI
from tests.ofdmaker import make_ofd
from tests.officemaker import converted, plan_docx

EXPECTED = [("优化政务服务", [("县行政审批局", "lead"), ("县财政局", "co")], "2021年6月底前"),
            ("建立企业诉求台账", [("县发改局", "lead"), ("县工商联", "co")], "2021年9月底前")]


@pytest.fixture(scope="module")
def plan_doc() -> bytes:
    return converted(plan_docx(), ".docx", "doc:MS Word 97")


def tasks(data: bytes, name: str, limits: ReadLimits | None = None) -> list[tuple]:
    parsed = parse_text(read_bytes(data, name, limits=limits).text, source=name)
    return [(t.title, [(a.name, a.role) for a in t.assignments], t.deadline.raw if t.deadline else None)
            for t in parsed.tasks]


@pytest.mark.parametrize("name", ["plan.doc", "plan.wps"])
def test_doc_and_wps_convert_through_libreoffice(plan_doc, name):
    assert tasks(plan_doc, name) == EXPECTED


def path_with(tmp_path: Path, *tools: str) -> str:
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in tools:
        found = shutil.which(tool)
        if found is None:
            if IN_CI:
                pytest.fail(f"CI must run the converter tests, but {tool} is not installed (.ci/run installs it)")
            pytest.skip(f"{tool} is not installed")
        (folder / tool).symlink_to(found)
    return str(folder)


def test_without_libreoffice_antiword_reads_the_doc(plan_doc, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", path_with(tmp_path, "antiword"))
    assert tasks(plan_doc, "plan.doc") == EXPECTED


def test_without_any_converter_the_error_names_the_packages(plan_doc, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", path_with(tmp_path))
    with pytest.raises(UnsupportedFormat, match=r"plan\.doc: reading \.doc files needs a converter; install "
                                                r"LibreOffice \(Debian: apt-get install libreoffice-writer-nogui\)"):
        read_bytes(plan_doc, "plan.doc")


def test_on_the_command_line_a_missing_converter_is_one_line_and_exit_2(plan_doc, tmp_path):
    (tmp_path / "plan.doc").write_bytes(plan_doc)
    result = run("parse", str(tmp_path / "plan.doc"), env={**os.environ, "PATH": path_with(tmp_path)})
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "apt-get install" in result.stderr


def test_a_conversion_past_the_timeout_is_stopped_and_leaves_nothing(plan_doc, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # a directory no other test run writes into
    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "dutygraph-convert-*")))
    with pytest.raises(DocumentTooLarge, match=r"plan\.doc: soffice took longer than 1 s .*DUTYGRAPH_CONVERT_TIMEOUT"):
        read_bytes(plan_doc, "plan.doc", limits=ReadLimits(convert_timeout=1))
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "dutygraph-convert-*"))) == before


def test_a_doc_that_is_no_word_file_is_refused_before_any_converter():
    with pytest.raises(UnreadableDocument, match=r"junk\.doc: not a Word or WPS document"):
        read_bytes(b"MZ" + bytes(range(256)) * 8, "junk.doc")


OFD_LINES = ["东湖县人民政府办公室关于印发整改方案的通知", "一、重点任务",
             "1.优化政务服务。(牵头单位:县行政审批局;配合单位:县财政局;完成时限:2021年6月底前)",
             "2.建立企业诉求台账。(责任单位:县发改局、县工商联;完成时限:2021年9月底前)"]


def test_ofd_text_layer_is_read():
    assert tasks(make_ofd([OFD_LINES[:3], OFD_LINES[3:]]), "plan.ofd") == EXPECTED


def test_ofd_without_text_is_refused():
    with pytest.raises(UnreadableDocument, match=r"scan\.ofd: the OFD has no text layer"):
        read_bytes(make_ofd([[]]), "scan.ofd")


def test_ofd_zip_bomb_is_refused_by_the_docx_limits():
    with pytest.raises(DocumentTooLarge, match=r"big\.ofd: inflates to .*DUTYGRAPH_MAX_INFLATED"):
        read_bytes(make_ofd([["一" * 1000] * 200]), "big.ofd", limits=ReadLimits(max_inflated_bytes=100_000))
