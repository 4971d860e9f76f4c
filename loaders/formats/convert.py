"""Legacy Word files (.doc, WPS Writer .wps) through an installed converter: LibreOffice headless
turns them into .docx, read then like any .docx (tables as tab rows, the DOCX limits applied);
without LibreOffice, antiword turns a .doc into text. Neither installed: a one-line error naming
the packages.

A conversion runs in a temporary directory of its own (the input, LibreOffice's profile, the
output), removed whatever happens; with no shell, under DUTYGRAPH_CONVERT_TIMEOUT seconds (the
converter's whole process group is killed past it), and its output is refused over the DOCX size
limit before it is read. Keep the timeout under DUTYGRAPH_PARSE_TIMEOUT, so that an upload's
conversion ends by itself before its parser process is killed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import DocumentTooLarge, UnreadableDocument, UnsupportedFormat
from loaders.limits import ReadLimits, limit_name

WORD_SUFFIXES = {".doc", ".wps"}
INSTALL_HINT = ("install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) "
                "or antiword (apt-get install antiword)")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF = b"{\\rtf"


@dataclass(frozen=True)
class Converted:
    """What a converter made: .docx bytes (LibreOffice) or text (antiword)."""

    docx: bytes | None = None
    text: str | None = None
    tool: str = ""


def convert_word(data: bytes, name: str, limits: ReadLimits) -> Converted:
    """Return a legacy Word document converted by the first converter installed."""
    if not data.startswith((_OLE, _RTF)):
        raise UnreadableDocument(f"{name}: not a Word or WPS document (no OLE2 or RTF signature)")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        return Converted(docx=_libreoffice(soffice, data, name, limits), tool="libreoffice")
    antiword = shutil.which("antiword")
    if antiword and data.startswith(_OLE):
        return Converted(text=_antiword(antiword, data, name, limits), tool="antiword")
    raise UnsupportedFormat(f"{name}: reading {Path(name).suffix.lower()} files needs a converter; {INSTALL_HINT}")


def _libreoffice(soffice: str, data: bytes, name: str, limits: ReadLimits) -> bytes:
    with tempfile.TemporaryDirectory(prefix="dutygraph-convert-") as tmp:
        folder = Path(tmp)
        source = folder / ("document" + Path(name).suffix.lower())
        source.write_bytes(data)
        command = [soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"), str(source)]
        _run(command, name, limits, folder)
        output = folder / "out" / "document.docx"
        if not output.is_file():
            raise UnreadableDocument(f"{name}: LibreOffice could not convert it to .docx (a damaged or "
                                     "password-protected document?)")
        size = output.stat().st_size
        if size > limits.max_inflated_bytes:
            raise DocumentTooLarge(f"{name}: converted to a {size:,}-byte .docx, over the "
                                   f"{limits.max_inflated_bytes:,}-byte limit ({limit_name('max_inflated_bytes')})")
        return output.read_bytes()


def _antiword(antiword: str, data: bytes, name: str, limits: ReadLimits) -> str:
    with tempfile.TemporaryDirectory(prefix="dutygraph-convert-") as tmp:
        source = Path(tmp) / "document.doc"
        source.write_bytes(data)
        out = _run([antiword, "-m", "UTF-8.txt", "-w", "0", str(source)], name, limits, Path(tmp))
    if len(out) > 4 * limits.max_text_chars:
        raise DocumentTooLarge(f"{name}: antiword wrote {len(out):,} bytes of text, over the limit "
                               f"({limit_name('max_text_chars')})")
    return out.decode("utf-8", "replace")


def _run(command: list[str], name: str, limits: ReadLimits, home: Path) -> bytes:
    """Run a converter in its own process group; return what it printed. Past the timeout the whole
    group is killed (LibreOffice starts a child of its own)."""
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home)}
    tool = Path(command[0]).name
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          cwd=home, env=env, start_new_session=True) as process:
        try:
            out, err = process.communicate(timeout=limits.convert_timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise DocumentTooLarge(f"{name}: {tool} took longer than {limits.convert_timeout} s to convert it "
                                   f"(limit {limit_name('convert_timeout')})") from None
        finally:
            _kill_group(process)  # nothing it started outlives the conversion
    if process.returncode != 0:
        reason = err.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableDocument(f"{name}: {tool} could not read it ({reason[0][:200] if reason else 'exit status '}"
                                 f"{'' if reason else process.returncode})")
    return out


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
