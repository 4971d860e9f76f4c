"""Notes that state rules for the items they govern, never unit names themselves:

- (列第一位的为牵头单位,下同), (除标注“分别牵头”外,列第一位者为牵头单位): the first unit of a
  list leads — the rule the lists follow anyway, now said; written inside a list it marks the
  unit it stands on (loaders.phrases.names);
- 以下…均需各县区政府落实,不再单独列出: the group named joins every item after it, co-responsible;
- 一、NAME县长牵头重点工作 / NAME省长主抓重点工作: a section heading names the leader of every
  item under it;
- (一)省审计厅牵头的工作: a section heading names the unit that leads every item under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.phrases.clauses import looks_like_org
from loaders.phrases.leaders import Leader, split_leaders
from loaders.phrases.names import UnitName, split_units
from loaders.records import Span

_SHARED_DUTY = re.compile(
    r"(?:以下|下列|以上)[^。\n]{0,40}?(?:均需|均由|均要|都需|需由|均)(?P<units>[^。\n,]{2,40}?)"
    r"(?:负责)?(?:组织)?(?:落实|实施|推进)[^。\n]{0,12}?不再(?:单独|一一|逐一|分别)?(?:列出|列明|标注)"
)
_TITLES = r"(?:常务)?副?(?:省长|市长|县长|区长|州长|旗长|盟长|书记|主任|秘书长)"
# a post before the title: 李丹常委、常务副区长牵头
_EXTRA_POST = r"(?:(?:市委|县委|区委|省委)?(?:常委|副书记|党组书记|党组成员)[、,]?)?"
_SECTION_LEADER = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十]{1,3}[)）、.]\s*)?"  # (一) / 一、 when the numbering is still on the title
    r"(?P<name>[\u4e00-\u9fff](?:[ \t]*[\u4e00-\u9fff]){1,3}?)[ \t]*" + _EXTRA_POST + _TITLES
    + r"(?:同志)?(?:牵头|主抓|分管|负责|领衔|联系)"
)


_SECTION_UNITS = re.compile(r"^(?P<units>[^,。;:]{2,60}?)(?:牵头|负责|主抓|主办)(?:落实)?的?(?:工作|事项|任务)$")


@dataclass(frozen=True)
class SharedDuty:
    """Units a note adds to every item after it."""

    start: int
    units: tuple[UnitName, ...]


def shared_duties(text: str, start: int, end: int) -> list[SharedDuty]:
    """Return the notes in text[start:end] that give a group every item after them."""
    out = []
    for m in _SHARED_DUTY.finditer(text, start, end):
        units = [u for u in split_units(m["units"], m.start("units")) if u.collective or len(u.name) >= 3]
        if units:
            out.append(SharedDuty(m.end(), tuple(units)))
    return out


def section_leader(title: str, offset: int) -> list[Leader]:
    """Return the leader a section heading names (林晓东县长牵头重点工作 → 林晓东), or []."""
    m = _SECTION_LEADER.match(title)
    if not m:
        return []
    return [Leader(leader.name, Span(offset + leader.span.start, offset + leader.span.end))
            for leader in split_leaders(m["name"], 0)]


def section_units(title: str, offset: int) -> list[UnitName]:
    """Return the units a section heading puts in the lead (省编办牵头的工作 → 省编办), or []."""
    m = _SECTION_UNITS.match(title.strip(" 。"))
    if not m:
        return []
    units = split_units(m["units"], offset + title.find(m["units"]))
    return units if units and all(looks_like_org(u) for u in units) else []
