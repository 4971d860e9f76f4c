"""Office fixtures the tests build for themselves: an .xlsx written by openpyxl (a county's
responsibility list as offices keep them: a title and a note above the table, a header split over
two rows, a merged lead cell, a hidden row, an empty column, a second sheet), and the same converted
by LibreOffice to .xls and .ods, a .docx converted to .doc. LibreOffice is installed by .ci/run:
in CI a missing soffice fails the test instead of skipping it."""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.conftest import IN_CI

TITLE = "东湖县营商环境整改任务清单"
NOTE = "填报单位:县政府办公室(盖章)"


def responsibility_list() -> openpyxl.Workbook:
    """Return the workbook: sheet 整改任务 (rows 1-2 title and note, 4-5 header, tasks from row 6),
    sheet 第二批 (a one-row header at row 1)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "整改任务"
    sheet["A1"] = TITLE
    sheet.merge_cells("A1:H1")
    sheet["A2"] = NOTE
    for cell, word in (("A4", "序号"), ("B4", "整改任务"), ("C4", "责任单位"), ("F4", "责任领导"), ("G4", "完成时限"),
                       ("C5", "牵头"), ("D5", "配合")):
        sheet[cell] = word
    for span in ("A4:A5", "B4:B5", "C4:D4", "F4:F5", "G4:G5"):
        sheet.merge_cells(span)
    rows = [
        (1, "建立审批事项台账", "县行政审批局", "县财政局、县统计局", "王  伟", "2021年6月底前"),
        (2, "推行一网通办", None, "县大数据局", "王  伟", "长期坚持"),
        (3, "清理过期文件", None, "县司法局", "李明", datetime.date(2021, 9, 30)),
        (4, "作废的任务", "县作废局", "县作废办", "赵六", "2021年3月底前"),
        (5, "压缩企业开办时间", "县市场监管局", "县税务局", "李明", "2021年12月底前"),
    ]
    for r, row in enumerate(rows, start=6):
        for c, value in zip((1, 2, 3, 4, 6, 7), row, strict=True):  # column E stays empty
            if value is not None:
                sheet.cell(r, c, value)
    sheet.merge_cells("C6:C8")  # one lead unit for three tasks
    sheet.row_dimensions[9].hidden = True  # the withdrawn task
    second = book.create_sheet("第二批")
    second.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    second.append([1, "完善考核办法", "县委组织部", "县人力社保局", "2022年6月底前"])
    return book


def xlsx_bytes(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def soffice() -> str:
    """Return LibreOffice's command; skip the test without it (fail in CI, which installs it)."""
    found = shutil.which("soffice")
    if found is None:
        if IN_CI:
            pytest.fail("CI must run the LibreOffice tests, but soffice is not installed (.ci/run installs it)")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui "
                    "libreoffice-calc-nogui")
    return found


CACHE = Path(__file__).resolve().parents[1] / ".cache" / "office"


def converted(data: bytes, suffix: str, to: str) -> bytes:
    """Return `data` (a file of type `suffix`) converted by LibreOffice to the format `to`, from
    .cache/office/ when the same content was converted before (a conversion costs seconds; the
    fixtures are the same at every run)."""
    command = soffice()
    cached = CACHE / f"{content_key(data, suffix, to)}.{to.split(':')[0]}"
    if cached.exists():
        return cached.read_bytes()
    result = _convert(command, data, suffix, to)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(result)
    partial.replace(cached)  # atomic: a parallel test run reads a whole file or none
    return result


def content_key(data: bytes, suffix: str, to: str) -> str:
    """Return a key for what a file holds: an office zip's members (names and contents, without the
    save time each library stamps into docProps/core.xml and the zip entries), else its bytes."""
    digest = hashlib.sha256(f"{suffix}>{to}".encode())
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            for name in sorted(book.namelist()):
                if name != "docProps/core.xml":
                    digest.update(name.encode() + b"\0" + book.read(name))
    except zipfile.BadZipFile:
        digest.update(data)
    return digest.hexdigest()[:32]


def _convert(command: str, data: bytes, suffix: str, to: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"fixture{suffix}"
        source.write_bytes(data)
        subprocess.run([command, "--headless", "--norestore", f"-env:UserInstallation={Path(tmp, 'p').as_uri()}",
                        "--convert-to", to, "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": tmp})
        return (Path(tmp) / f"fixture.{to.split(':')[0]}").read_bytes()


def plan_docx() -> bytes:
    """Return a .docx plan: items with markers, then a task table (a paragraph after it, as Word keeps)."""
    document = docx.Document()
    for line in ("关于印发东湖县整改方案的通知", "一、重点任务",
                 "1.优化政务服务。(牵头单位:县行政审批局;配合单位:县财政局;完成时限:2021年6月底前)"):
        document.add_paragraph(line)
    rows = [["序号", "整改任务", "牵头单位", "配合单位", "责任领导", "完成时限"],
            ["2", "建立企业诉求台账", "县发改局", "县工商联", "王伟", "2021年9月底前"]]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("东湖县人民政府办公室")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
