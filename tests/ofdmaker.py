"""Builds OFD (GB/T 33190) fixtures: a zip of XML with one TextObject per line, each line's
characters placed one by one (TextCode with DeltaX), as OFD writers lay out Chinese text."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def make_ofd(pages: list[list[str]], size: float = 4.0) -> bytes:
    """Return an OFD whose pages hold these lines, top to bottom."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {_NS} Version="1.1" DocType="OFD">'
                   "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>"
                   "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        page_refs = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
        z.writestr("Doc_0/Document.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {_NS}><ofd:CommonData>'
                   '<ofd:MaxUnitID>1000</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
                   '</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                   f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>")
        z.writestr("Doc_0/PublicRes.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {_NS} BaseLoc="Res"><ofd:Fonts>'
                   '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
        for i, lines in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", _page(lines, size))
    return buffer.getvalue()


def _page(lines: list[str], size: float) -> str:
    objects = []
    for n, line in enumerate(lines):
        y = 20 + n * size * 1.8
        deltas = " ".join([f"{size:g}"] * (len(line) - 1))
        objects.append(f'<ofd:TextObject ID="{100 + n}" Boundary="10 {y:g} 190 {size * 1.5:g}" Font="2" '
                       f'Size="{size:g}"><ofd:TextCode X="0" Y="{size:g}" DeltaX="{deltas}">{escape(line)}'
                       "</ofd:TextCode></ofd:TextObject>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {_NS}><ofd:Content><ofd:Layer ID="50">'
            + "".join(objects) + "</ofd:Layer></ofd:Content></ofd:Page>")
