"""Finding 15 (settings): `DUTYGRAPH_MAX_UPLOAD=10MB` crashed start-up with a traceback. Sizes are
now read as people write them (`10MB`, `10M`, `1.5GB`, bytes), and a bad value is one line and
exit status 2, before any store is opened."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from api.settings import ApiSettings
from loaders.errors import SettingError
from loaders.limits import parse_size
from tests.neo4j_server import free_port

MB = 1024 * 1024


@pytest.mark.parametrize("text, size", [("10MB", 10 * MB), ("10M", 10 * MB), ("10 mb", 10 * MB), ("1.5GB", 1536 * MB),
                                        ("512KiB", 512 * 1024), ("1048576", MB), ("2k", 2048), ("100B", 100)])
def test_sizes_are_read_as_people_write_them(text, size):
    assert parse_size(text, "DUTYGRAPH_MAX_UPLOAD") == size
    assert ApiSettings.from_env({"DUTYGRAPH_MAX_UPLOAD": text}).max_upload_bytes == size


@pytest.mark.parametrize("text", ["ten megabytes", "10XB", "-5MB", "0", "1.2.3MB", "MB"])
def test_a_bad_size_is_a_setting_error_naming_the_variable(text):
    with pytest.raises(SettingError, match=r"^DUTYGRAPH_MAX_UPLOAD=.* e\.g\. 10MB|^DUTYGRAPH_MAX_UPLOAD=.*more than 0"):
        ApiSettings.from_env({"DUTYGRAPH_MAX_UPLOAD": text})


def serve(env: dict[str, str], tmp_path) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--data-dir",
                                str(tmp_path / "data")], env={**os.environ, **env}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    return process, port


def test_serve_starts_with_a_size_written_10MB_and_applies_it(tmp_path):
    process, port = serve({"DUTYGRAPH_MAX_UPLOAD": "10MB", "DUTYGRAPH_TOKEN": "t"}, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.communicate()[1]
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        over = httpx.post(f"http://127.0.0.1:{port}/documents", content=b"x" * (11 * MB),
                          headers={"Authorization": "Bearer t", "Content-Type": "multipart/form-data; boundary=b"})
        assert over.status_code == 413 and "10,485,760-byte limit" in over.json()["error"]
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.mark.parametrize("variable, value", [("DUTYGRAPH_MAX_UPLOAD", "ten megabytes"),
                                             ("DUTYGRAPH_PARSE_TIMEOUT", "soon"),
                                             ("DUTYGRAPH_MAX_XML_DEPTH", "-1")])
def test_a_bad_setting_stops_serve_with_one_line_and_exit_2(tmp_path, variable, value):
    process, _ = serve({variable: value}, tmp_path)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2 and "Traceback" not in err
    assert err.strip().count("\n") == 0 and err.startswith(f"dutygraph: error: {variable}=")
