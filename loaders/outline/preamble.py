"""What the head of a document says about it: its title, its issuer, its province.

The title is the notice's own title (X关于印发…的通知) when the document is a notice — the last
one before the addressees' line, since a gazette lists other notices above it — else the plan's
title; a title wrapped over several lines is joined, and chrome around it (a document number,
【category】, `标 题 |`, a site name) is left out. The issuer is the body that signs the notice
(the line above its date), else the one its title or headline names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.phrases.regions import Region, region_index
from loaders.text import normalize
from loaders.vocab import load_yaml

_DOC_KIND = (r"(?:方案|清单|意见|通知|计划|办法|措施|要点|分工|规划|决定|细则|安排|任务|报告|台账|分解|分解表|情况表|"
             r"任务表|通告|通报|批复|纲要|条例|规定|指引)")
_TITLE_END = re.compile(_DOC_KIND + r"(?:\((?:\d{4}\s*[-—–~至]\s*\d{4}\s*年?|试行|修订|征求意见稿)\))?[》”]?$")
_NOTICE = re.compile(r"关于.*(?:通知|意见|通告|通报|决定|批复)$|印发")
# Chrome around a title: a label (标 题 |), a number (苏政办〔2011〕87号), a 【category】, a site name.
_LABEL = re.compile(r"^(?:标\s*题|名\s*称|信息名称|文件名称|题\s*名)\s*[:|]?\s*\|?\s*")
_NUMBER_PREFIX = re.compile(r"^[\u4e00-\u9fff]{1,8}\s*[〔\[(]\s*\d{4}\s*[〕\])]\s*\d+\s*号\s*")
_NUMBER_SUFFIX = re.compile(r"\s*\([\u4e00-\u9fff]{1,8}\s*[〔\[]\s*\d{4}\s*[〕\]]\s*\d+\s*号\)\s*$")
_CATEGORY = re.compile(r"^【[^】]{1,20}】")
_SITE = re.compile(r"\s*[-_|—]\s*[\u4e00-\u9fff]{2,30}(?:网站|门户网站|政府网|网)\s*$")
_SALUTATION = re.compile(r"^[^。\n]{2,120}(?:各|人民政府|部门|单位|机构|管委会|办事处)[^。\n]{0,40}:[ \t]*$", re.M)
_MADE = re.compile(r"(?:特|现)?(?:制定|制订|印发)(?:了|本|如下)?(?P<t>[^,。;\n“”《》]{4,40}?" + _DOC_KIND + ")")
_ISSUER_SUFFIX = (r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|领导小组|厅|局|委|部|院|政府|"
                  r"管委会|党委|党组|督查室|督查办)")
_ISSUED_BY = re.compile(r"(?P<i>[\u4e00-\u9fff]{2,40}?" + _ISSUER_SUFFIX + r")(?:关于)?(?:印发|发布|制定)")
_ISSUER_LINE = re.compile(r"^(?P<i>[\u4e00-\u9fff]{2,40}" + _ISSUER_SUFFIX + r")$")
_TITLE_ISSUER = re.compile(r"^(?P<i>[\u4e00-\u9fff]{2,40}?" + _ISSUER_SUFFIX + r")关于")
_NAMED_PLACE = re.compile(
    r"^[\u4e00-\u9fff]{2,5}(?:省|市|县|区|自治区|自治州|州|盟|旗)(?:委|人民政府|政府|[\u4e00-\u9fff]{2,})"
)
_ISSUER_START = ("中共", "国务院", "国家", "中央", "省", "市", "县", "区", "镇", "乡")
_DATE_LINE = re.compile(r"(?:^|[ \t])(?:\d{4}|[〇零一二三四五六七八九]{4})[ \t]*年[ \t]*"
                        r"[\d一二三四五六七八九十]{1,3}[ \t]*月"
                        r"[ \t]*[\d一二三四五六七八九十]{1,3}[ \t]*日[ \t]*$", re.M)
_HEAD_CHARS = 8000
_LINE_MAX = 70


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    text: str  # normalised, chrome and spaces removed
    notice: bool


def find_title(original: str, norm: str, body_start: int, fallback: str) -> str:
    """Return the document's title, as written (traditional characters stay), or `fallback`.
    `body_start` is where the numbered body begins: a plan's own title stands before it."""
    head = norm[:_HEAD_CHARS]
    candidates = _title_candidates(head) + _inline_notice_titles(head)
    salutation = _SALUTATION.search(head)
    limit = salutation.start() if salutation else len(head)
    notices = sorted((c for c in candidates if c.notice), key=lambda c: c.start)
    before = [c for c in notices if c.start < limit]
    chosen = (before or notices)[-1 if before and salutation else 0] if notices else None
    if chosen is None:
        plans = [c for c in candidates if c.start < max(body_start, 1)] or candidates
        chosen = plans[-1] if plans else None
    if chosen is not None:
        return _squeeze(original[chosen.start:chosen.end])
    m = _MADE.search(head[:3000])
    return original[m.start("t"):m.end("t")] if m else fallback


_INLINE_NOTICE = re.compile(r"(?P<t>[\u4e00-\u9fff]{2,30}?"
                            r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|政府|局|厅|委)"
                            r"[ \t]?关于[^。\n:|]{4,80}?的(?:通知|意见|通告|通报|决定))")


def _inline_notice_titles(head: str) -> list[_Candidate]:
    """A notice's title inside a long line (pages that run the whole document into one line)."""
    out = []
    for m in _INLINE_NOTICE.finditer(head):
        line_end = head.find("\n", m.end())
        if (len(head) if line_end == -1 else line_end) - head.rfind("\n", 0, m.start()) > _LINE_MAX:
            out.append(_Candidate(m.start("t"), m.end("t"), _squeeze(m["t"]), True))
    return out


def _title_candidates(head: str) -> list[_Candidate]:
    """Title-like runs of lines: short lines without a full stop whose joined text ends like a
    document's name (…方案, …的通知)."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", head)]
    out: list[_Candidate] = []
    for i in range(len(lines)):
        start = _cleaned(head, *lines[i])[0]
        longest = None
        for k in range(i, min(i + 4, len(lines))):
            piece = head[lines[k][0]:lines[k][1]].strip()
            if (not piece or "。" in piece or len(piece) > _LINE_MAX or _DATE_LINE.search(piece)
                    or _OUTLINE.match(piece)):
                break
            previous = head[lines[k - 1][0]:lines[k - 1][1]].strip()
            if k > i and (_CHROME.search(previous) or _CHROME.search(piece) or len(previous) < 8):
                break  # a wrapped title runs over plain, full lines only
            if k > i and not piece.startswith("关于") and _ISSUER_LINE.match(_squeeze(previous)):
                # the issuer's own line (a .docx's red header) above a plan's title is not part of it;
                # above 关于…的通知 it is: 发文机关 + 事由 + 文种 is the notice's full title
                break
            end = _cleaned(head, start, lines[k][1])[1]
            text = _squeeze(head[start:end])
            if 6 <= len(text) <= 110 and _TITLE_END.search(text):
                longest = _Candidate(start, end, text, bool(_NOTICE.search(text)))
                if _COMPLETE.search(text):
                    break
        if longest is not None and not (out and out[-1].end == longest.end):
            out.append(longest)  # a wrapped title's last lines are not a title of their own
    return out


_OUTLINE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.]|\(?[一二三四五六七八九十]{1,3}\)|\d{1,3}[.、])")
_CHROME = re.compile(r"[|:>\[\]?]|^\(.*\)$|首页|当前位置|发布|来源|字号|打印|网站|文件$"
                     r"|[〔\[]\s*\d{4}\s*[〕\]]\s*\d+\s*号$")
_COMPLETE = re.compile(r"(?:通知|意见|通告|通报|决定|批复|的函)[》”]?$")


def _cleaned(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of a line without its chrome (label, number, category, site, pipes)."""
    line = text[start:end]
    left = len(line) - len(line.lstrip(" \t|"))
    for pattern in (_LABEL, _NUMBER_PREFIX, _CATEGORY):
        m = pattern.match(line, left)
        if m:
            left = m.end()
    right = len(line.rstrip(" \t|"))
    for pattern in (_NUMBER_SUFFIX, _SITE):
        m = pattern.search(line[:right])
        if m and m.start() > left:
            right = m.start()
    return start + left, start + max(left, right)


def _squeeze(text: str) -> str:
    """Join a wrapped title: no line breaks, and no spaces beside Chinese characters."""
    text = re.sub(r"\s*\n\s*", "", text.strip())
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)


def _as_written(original: str, norm: str, candidate: _Candidate) -> str:
    return _squeeze(original[candidate.start:candidate.end])


# -- issuer ----------------------------------------------------------------------------------------

def find_issuer(norm: str, title: str) -> str | None:
    """Return the issuing body: the signature above the notice's date, or the body the title or a
    headline names; the more specific of signature and title when both name it."""
    signed = _signature(norm)
    titled = _TITLE_ISSUER.match(_squeeze(normalize(title)))
    named = titled["i"] if titled else None
    if signed and named:
        return signed if signed.endswith(named) or not _NAMED_PLACE.match(named) else named
    if signed or named:
        return signed or named
    head = norm[:_HEAD_CHARS]
    m = _ISSUED_BY.search(head[:600])
    if m:
        return _trim_to_unit(m["i"])
    m = re.search(r"^[ \t]*(?P<i>[\u4e00-\u9fff]{2,40}" + _ISSUER_SUFFIX + r")[ \t]*$", head[:600], re.M)
    return _trim_to_unit(m["i"]) if m else None


def _signature(norm: str) -> str | None:
    """The body named on the line above the first date line (or before the date on its line)."""
    for date in _DATE_LINE.finditer(norm):
        line_start = norm.rfind("\n", 0, date.start()) + 1
        same_line = norm[line_start:date.start()].strip()
        before = same_line.split()[-1] if same_line else norm[:line_start].rstrip().rsplit("\n", 1)[-1].strip()
        m = _ISSUER_LINE.match(before)
        if m:
            return m["i"]
    return None


def _trim_to_unit(candidate: str) -> str:
    """Drop headline junk before the unit: 速看省科技领导小组办公室 → 省科技领导小组办公室, while a
    place the data may not know stays: 江南市人民政府办公室."""
    noise = tuple(load_yaml("headings.yaml")["headline_noise"])
    while candidate.startswith(noise):
        candidate = candidate[len(next(w for w in noise if candidate.startswith(w))):]
    if _NAMED_PLACE.match(candidate):
        return candidate
    names = region_index().prefix_names
    for k in range(len(candidate) - 1):
        rest = candidate[k:]
        if rest.startswith(_ISSUER_START) or any(rest[:n] in names for n in range(2, min(len(rest), 9))):
            return rest
    return candidate


def find_province(issuer: str | None, title: str, text: str) -> Region | None:
    """Return the province the document is issued in: from issuer or title, else the text's majority."""
    index = region_index()
    for source in (issuer or "", title):
        hits = index.find(source, None)
        if hits:
            return index.by_code.get(hits[0].region.province_code)
    return index.guess_province(text)
