"""A write that fails — an I/O error mid-transaction, a database at its size limit, a full disk —
leaves the store exactly as it was, on disk too, and a retry writes (issue 14, finding 1)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import httpx
import pytest

from api.http.app import create_app
from api.settings import ApiSettings
from graph.build import build_facts
from graph.errors import StoreError
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file, parse_text
from tests.served import ServedApp

OTHER = "浙江省人民政府办公厅关于印发某方案的通知\n一、任务\n1.强化资金保障。(责任单位:浙江省财政厅、省教育厅;完成时限:2021年3月底前)\n"
TOKEN = "t0ken"


def other_facts(text: str = OTHER):
    return build_facts(parse_text(text, source="other.txt"))


def _engine_error(kind: str) -> Exception:
    """What the store's own engine raises when it fails mid-write."""
    if kind == "sqlite":
        return sqlite3.OperationalError("disk I/O error")
    from neo4j.exceptions import ServiceUnavailable

    return ServiceUnavailable("the connection to the server was lost")


@pytest.mark.parametrize("failure", ["disk full", "engine error"])
def test_a_failure_mid_write_changes_nothing_and_a_retry_writes(store, seed_path, failure):
    failure = OSError(28, "No space left on device") if failure == "disk full" else _engine_error(store.kind)
    if store.kind == "neo4j":
        store.write_retry = 1.0  # the driver retries a lost connection; once is enough to see it fail
    load_parsed(store, parse_file(seed_path))
    before = store.counts()
    facts = other_facts()

    def fail_after_nodes(step: str) -> None:
        if "nodes" in step:
            raise failure

    with pytest.raises((OSError, StoreError)):
        store.write_document(facts, progress=fail_after_nodes)
    assert store.counts() == before and store.document_hash(facts.doc_id) is None
    assert load_parsed(store, parse_text(OTHER, source="other.txt")).status == "loaded"  # not "unchanged"
    assert store.counts()["Document"] == 2


def test_a_database_at_its_size_limit_refuses_the_write_and_keeps_the_old_state(tmp_path, seed_path):
    store = SqliteStore(tmp_path)
    load_parsed(store, parse_file(seed_path))
    before = store.counts()
    writer = store._writer_connection()  # the real SQLITE_FULL path: the file may not grow any more
    pages = writer.execute("PRAGMA page_count").fetchone()[0]
    writer.execute(f"PRAGMA max_page_count = {pages}")
    big = OTHER + "".join(f"{i}.强化资金保障第{i}项。(责任单位:省财政厅、省教育厅)\n" for i in range(2, 400))
    with pytest.raises(StoreError, match="dutygraph.db: the disk is full .*nothing was written"):
        load_parsed(store, parse_text(big, source="other.txt"))
    assert store.counts() == before
    assert SqliteStore(tmp_path).counts() == before  # and so says the file, to a fresh reader
    writer.execute("PRAGMA max_page_count = 1073741823")
    assert load_parsed(store, parse_text(big, source="other.txt")).status == "loaded"
    assert SqliteStore(tmp_path).counts()["Document"] == 2


# -- a real full disk: a small tmpfs (we run as root) ------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 16 MB tmpfs of our own; skipped where mounting is not permitted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8); the injected failures above cover the path")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here ({done.stderr.strip()}); "
                    "the injected failures above cover the path")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte; return the filler file (delete it to free the space)."""
    filler = disk / f"filler-{uuid.uuid4().hex}"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_fails_the_upload_and_a_retry_after_freeing_space_saves_it(small_disk, seed_path):
    store = SqliteStore(small_disk / "data")
    load_parsed(store, parse_file(seed_path))
    before = store.counts()
    big = OTHER + "".join(f"{i}.强化资金保障第{i}项。(责任单位:省财政厅、省教育厅)\n" for i in range(2, 300))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with ServedApp(create_app(ApiSettings(token=TOKEN), store)) as served, \
            httpx.Client(base_url=served.url, timeout=30) as http:
        filler = fill(small_disk)
        failed = http.post("/documents", files={"file": ("other.txt", big.encode())}, headers=auth)
        assert failed.status_code == 500 and failed.json()["ok"] is False
        assert "disk is full" in failed.json()["error"] and "nothing was written" in failed.json()["error"]
        assert http.get("/documents").json()["total"] == 1
        filler.unlink()
        retried = http.post("/documents", files={"file": ("other.txt", big.encode())}, headers=auth)
        assert retried.status_code == 200 and retried.json()["status"] == "loaded"
        doc_id = retried.json()["document"]["id"]
        filler = fill(small_disk)
        refused = http.delete(f"/documents/{doc_id}", headers=auth)
        assert refused.status_code == 500 and "disk is full" in refused.json()["error"]
        assert http.get("/documents").json()["total"] == 2  # the delete changed nothing
        filler.unlink()
        assert http.delete(f"/documents/{doc_id}", headers=auth).status_code == 200
        assert load_parsed(store, parse_text(big, source="other.txt")).status == "loaded"
    store.close()
    again = SqliteStore(small_disk / "data")  # a restart keeps what was acknowledged
    assert again.counts()["Document"] == 2 and again.counts()["Task"] == before["Task"] + 299
    again.close()
