"""Every example of README.md, run as written: each `curl` line with the real curl against a
served app holding the sample plan (what `make run` serves), each `dutygraph` line in a fresh
folder holding the files it names. The README cannot drift from what works again."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file
from tests.conftest import DATA
from tests.officemaker import plan_docx
from tests.pdfmaker import make_pdf
from tests.served import ServedApp

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "samples" / "zhejiang-keji-zhenggai.txt"
README_URL = "http://127.0.0.1:8000"
TOKEN = "readme-token"
DUTYGRAPH = ".venv/bin/dutygraph"
# Lines that serve or start a server run until stopped, and status/stop go with a start: their own
# tests run them for real (test_cli_front_door.py, test_cli_neo4j.py).
LONG_RUNNING = {"serve", "neo4j start", "neo4j stop", "neo4j status"}


def shell_lines(markdown: str) -> list[str]:
    """Return the lines of the README's ```sh blocks, without blank lines."""
    blocks = re.findall(r"^```sh\n(.*?)^```", markdown, flags=re.S | re.M)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


LINES = shell_lines((ROOT / "README.md").read_text(encoding="utf-8"))
CURL = [line for line in LINES if line.startswith("curl ")]
CLI = [line for line in LINES if line.startswith(DUTYGRAPH + " ")]


def _is_long_running(line: str) -> bool:
    """True when any command of the line (`a; b`) serves or drives a server."""
    for command in line.split("#", 1)[0].split(";"):
        words = command.split()[1:]
        if " ".join(words[:1]) in LONG_RUNNING or " ".join(words[:2]) in LONG_RUNNING:
            return True
    return False


def test_the_readme_has_examples_of_both_kinds():
    assert len(CURL) >= 8 and len(CLI) >= 12
    assert sum(_is_long_running(line) for line in CLI) == 2  # neo4j start, and neo4j status; neo4j stop


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder holding every file the examples name: plan.docx, plan.txt, a.txt, b.pdf, samples/, more-plans/."""
    folder = tmp_path_factory.mktemp("readme")
    (folder / "plan.docx").write_bytes(plan_docx())
    shutil.copytree(ROOT / "samples", folder / "samples")
    (folder / "more-plans").mkdir()
    shutil.copy(DATA / "seed.txt", folder / "more-plans" / "seed.txt")
    shutil.copy(SAMPLE, folder / "plan.txt")
    shutil.copy(DATA / "seed.txt", folder / "a.txt")
    (folder / "b.pdf").write_bytes(make_pdf(["关于印发东湖县整改方案的通知", "一、重点任务",
                                             "1.优化政务服务。(牵头单位:县行政审批局;完成时限:2021年6月底前)"]))
    return folder


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    store = SqliteStore(tmp_path_factory.mktemp("readme-store"))
    load_parsed(store, parse_file(SAMPLE))
    for lineage_sample in sorted((ROOT / "samples" / "lineage").iterdir()):  # the lineage section's plans
        load_parsed(store, parse_file(lineage_sample))
    with ServedApp(create_app(ApiSettings(token=TOKEN), store)) as app:
        yield app
    store.close()


@pytest.mark.parametrize("line", CURL)
def test_curl_example(line, served, workspace):
    assert README_URL in line, "README examples address the default http://127.0.0.1:8000"
    command = line.replace("curl ", "curl -s -S -w '\\n%{http_code}' ", 1).replace(README_URL, served.url)
    done = subprocess.run(["bash", "-c", command], cwd=workspace, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "DUTYGRAPH_TOKEN": TOKEN})
    assert done.returncode == 0, done.stderr
    body, status = done.stdout.rsplit("\n", 1)
    assert 200 <= int(status) < 300, body
    written = re.search(r"-o (\S+)", line)
    if written:  # a download (ledger.xlsx, ledger.csv): the file, not stdout, holds the answer
        assert (workspace / written.group(1)).stat().st_size > 0, line
        return
    answer = json.loads(body)
    assert answer.get("ok", True) is not False


@pytest.fixture(scope="module")
def cli_env(workspace) -> dict[str, str]:
    """The environment of a person who ran `make run` once: the sample loaded into ./data."""
    env = {**os.environ, "DUTYGRAPH_DATA": str(workspace / "data")}
    env.pop("DUTYGRAPH_STORE", None)
    subprocess.run([_dutygraph(), "load", str(SAMPLE)], cwd=workspace, env=env, check=True, capture_output=True)
    return env


def _dutygraph() -> str:
    return str(Path(sys.executable).parent / "dutygraph")


# one worker, in README order: a line may read the file an earlier line wrote (progress ledger.xlsx
# reads what export -o ledger.xlsx wrote); spread over workers, it ran before it on another
@pytest.mark.xdist_group("readme-cli")
@pytest.mark.parametrize("line", [line for line in CLI if not _is_long_running(line)])
def test_cli_example(line, workspace, cli_env):
    command = line.replace(DUTYGRAPH, _dutygraph())
    if "DOC_ID" in command:  # the placeholder for an id `dutygraph documents` printed
        listed = subprocess.run([_dutygraph(), "documents", "--json"], cwd=workspace, env=cli_env,
                                capture_output=True, text=True, check=True)
        command = command.replace("DOC_ID", json.loads(listed.stdout)[0]["id"])
    done = subprocess.run(["bash", "-c", command], cwd=workspace, env=cli_env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, f"{line}\n{done.stderr}"
    written = re.search(r"-o (\S+)", line)
    assert done.stdout.strip() or (written and (workspace / written.group(1)).stat().st_size > 0), line
