"""Short runs of the reliability scripts (the long ones are in bench/, results in docs/benchmarks.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import fuzz_api, soak_reload


def test_schemathesis_finds_no_server_error(capsys):
    if shutil.which("schemathesis") is None and not (Path(fuzz_api.sys.executable).parent / "schemathesis").exists():
        pytest.skip("schemathesis is not installed")
    assert fuzz_api.main(["--examples", "10", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "| /agencies" in out and "| /tasks" in out


def test_replacing_a_document_while_serving_never_mixes_versions(capsys):
    assert soak_reload.main(["--seconds", "4", "--rate", "100"]) == 0  # non-zero on any error or mixed answer
    row = capsys.readouterr().out.strip().splitlines()[-1].split("|")
    assert int(row[1]) >= 300 and int(row[3]) == 0 and int(row[4]) == 0
