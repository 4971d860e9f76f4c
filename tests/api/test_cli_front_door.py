"""The command line as a new user meets it: `make run` and its variables, a second server on a
taken port, listings that say the agency's role and the document, missing paths, a pipe to head."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.neo4j_server import free_port

ROOT = Path(__file__).parents[2]
DUTYGRAPH = str(Path(sys.executable).parent / "dutygraph")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DUTYGRAPH, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


@pytest.fixture
def data_dir(tmp_path, seed_path) -> str:
    data = str(tmp_path / "data")
    assert run("load", str(seed_path), "--data-dir", data).returncode == 0
    return data


def test_make_run_installs_the_runtime_only_and_takes_host_port_year():
    plan = subprocess.run(["make", "-n", "-B", "run", "HOST=0.0.0.0", "PORT=8123", "YEAR=2021"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    assert "pip install -q -e .\n" in plan and "[dev]" not in plan
    assert "serve --host 0.0.0.0 --port 8123 --workers 1 --year 2021" in plan
    test_plan = subprocess.run(["make", "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "-e '.[dev]'" in test_plan


def test_make_run_without_year_passes_no_year():
    plan = subprocess.run(["make", "-n", "-B", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "--host 127.0.0.1 --port 8000 --workers 1" in plan and "--year" not in plan


@pytest.mark.slow  # serves in a process of its own
def test_a_second_server_on_a_taken_port_says_so_in_one_line(tmp_path, seed_path):
    port = free_port()
    first = subprocess.Popen([DUTYGRAPH, "serve", "--port", str(port), "--data-dir", str(tmp_path / "a")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_health(port)
        second = run("serve", "--port", str(port), "--data-dir", str(tmp_path / "b"), "--load", str(seed_path))
        lines = second.stderr.strip().splitlines()
        assert second.returncode == 2 and len(lines) == 1, second.stderr
        assert f"port {port} on 127.0.0.1 is taken" in lines[0] and f"--port {port + 1}" in lines[0]
        assert not (tmp_path / "b").exists()  # refused before any store was opened or anything loaded
        assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200  # the first is untouched
    finally:
        first.terminate()
        first.wait(30)


@pytest.mark.slow  # serves in a process of its own
def test_a_port_held_by_another_program_is_said_the_same_way(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = run("serve", "--port", str(port), "--data-dir", str(tmp_path / "data"), "--workers", "2")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "is taken" in done.stderr


def _wait_for_health(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the first server did not start")


@pytest.mark.parametrize("command", [["load", "nothere/"], ["load", "SEED", "nothere/"], ["parse", "nothere"],
                                     ["serve", "--load", "nothere/"]])
def test_a_missing_path_says_no_such_file_or_folder_and_changes_nothing(tmp_path, seed_path, command):
    args = [str(seed_path) if a == "SEED" else a for a in command]
    done = run(*args, "--data-dir", str(tmp_path / "data")) if command[0] != "parse" else run(*args, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.strip() == "dutygraph: error: nothere: no such file or folder"
    assert not (tmp_path / "data").exists()  # no store opened: nothing loaded, even the seed named with it


def test_an_agency_listing_shows_its_role_and_the_document(data_dir):
    done = run("query", "agency", "省财政厅", "--data-dir", data_dir)
    doc_id = run("documents", "--json", "--data-dir", data_dir).stdout.split('"id": "')[1].split('"')[0]
    lines = done.stdout.splitlines()
    assert lines[0] == "2 tasks 浙江省财政厅 (any role)"
    assert lines[1].split() == ["1", "加快完善产业创新服务综合体建设运行机制"]
    assert lines[2].strip() == (f"role: co | lead: 浙江省科学技术厅 | co: 浙江省财政厅 | due: 年6月底前 | "
                                f"督查整改提升行动方案 [{doc_id}]")


def test_a_shared_listing_shows_each_agencys_role(data_dir):
    lines = run("query", "shared", "省科技厅", "省经信厅", "--data-dir", data_dir).stdout.splitlines()
    assert lines[0] == "2 tasks shared by 浙江省科学技术厅、浙江省经济和信息化厅"
    assert lines[2].strip().startswith("浙江省科学技术厅: lead | 浙江省经济和信息化厅: co | lead: 浙江省科学技术厅 |")


def test_a_listing_piped_to_head_ends_quietly(data_dir):
    done = subprocess.run(f"'{DUTYGRAPH}' query agency 省科技厅 --data-dir '{data_dir}' | head -1", shell=True,
                          capture_output=True, text=True, timeout=60, env={**os.environ})
    assert done.stdout.startswith("7 tasks") and done.stderr == ""


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.slow  # serves in a process of its own
def test_the_served_cli_answers_a_raw_utf8_url_with_the_json_error(tmp_path, workers):
    """`dutygraph serve` (one process, or uvicorn's supervisor over spawned workers) uses the JSON-error protocol."""
    port = free_port()
    server = subprocess.Popen([DUTYGRAPH, "serve", "--port", str(port), "--workers", workers, "--data-dir",
                               str(tmp_path / "data")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_health(port)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall("GET /agencies/省财政厅 HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            answer = b""
            while not answer.endswith(b"}"):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        head, body = answer.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 400") and b"application/json" in head
        assert json.loads(body)["status"] == 400 and "non-ASCII" in json.loads(body)["error"]
    finally:
        server.terminate()
        server.wait(30)
