"""Scraped-page noise: site footers (转载请注明, 上一篇, 版权所有 …) end the body; link lines and
navigation crumbs inside it are skipped."""

from __future__ import annotations

import re

_FOOTER = re.compile(
    r"^[ \t]*(?:[•·*\-][ \t]*)?(?:转载请注明|上一篇|下一篇|版权所有|Copyright|©|责任编辑|【?打印本页|【?关闭窗口|"
    r"相关文章|热点文章|推荐文章|相关阅读|扫一扫|分享到|网站地图|主办单位[:：]|技术支持[:：]|ICP备|"
    r"当前位置[:：]|首页\s*>|返回顶部|联系我们)",
    re.M | re.I,
)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_LINE_WITH_URL = re.compile(r"^[^\n]*(?:https?://|www\.)[^\n]*$", re.M)
_MAX_TEXT_BESIDE_LINK = 30  # a scraped link line: a URL with at most a short caption


def body_end(text: str, min_body: int = 200) -> int:
    """Return where the document proper ends: the first footer line after `min_body` characters."""
    for m in _FOOTER.finditer(text):
        if m.start() >= min(min_body, len(text) // 3):
            return m.start()
    return len(text)


def noise_ranges(text: str, end: int) -> list[tuple[int, int]]:
    """Return (start, end) of link lines before `end`: never headings, units or mentions."""
    return [(m.start(), m.end()) for m in _LINE_WITH_URL.finditer(text, 0, end)
            if len(_URL.sub("", m.group()).strip()) <= _MAX_TEXT_BESIDE_LINK]
