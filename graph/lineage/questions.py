"""/ask questions about lineage (the `lineage` block of graph/data/questions.yaml): which parent
tasks a child plan has not broken down (哪些任务还没有分解, 杭州市哪些任务还没有分解) and who leads
a parent task in each place below it (国家第7项任务各省由谁牵头). graph.ask tries these rules first
and hands their readings here; this module imports nothing of graph.ask."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from graph.compare import normalize_name
from graph.lineage.answers import places
from graph.lineage.counterparts import departments, link_flags
from graph.lineage.records import LinkFilter
from graph.store import GraphStore, TaskFilter, TaskRow
from loaders.outline.structure import cn_to_int

INTENTS = ("undecomposed", "leads_by_place")
LEVEL_WORDS = {"国家": "central", "中央": "central", "国务院": "central", "省级": "provincial", "省": "provincial",
               "市级": "city", "市": "city"}
_FRAGMENT = re.compile(r"\{([A-Z_]+)\}")


@dataclass(frozen=True)
class LineageReading:
    intent: str  # undecomposed | leads_by_place
    place: str | None = None  # undecomposed: the child plans' place
    level: str | None = None  # leads_by_place: the parent plan's level …
    number: int | None = None  # … and its task's number


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[tuple[re.Pattern[str], str], ...], tuple[tuple[re.Pattern[str], str], ...]]:
    with resources.files("graph").joinpath("data", "questions.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    fragments: dict[str, str] = data["fragments"]

    def compiled(entries: list[list[str]]) -> tuple[tuple[re.Pattern[str], str], ...]:
        return tuple((re.compile(_FRAGMENT.sub(lambda m: fragments[m[1]], e[1])), e[0]) for e in entries)

    return compiled(data["lineage"]["zh"]), compiled(data["lineage"]["en"])


def examples() -> list[str]:
    with resources.files("graph").joinpath("data", "questions.yaml").open(encoding="utf-8") as fh:
        return list(yaml.safe_load(fh)["lineage"]["examples"])


def read_lineage_question(question: str) -> LineageReading | None:
    """Return what a lineage question asks, or None when it is not one."""
    text = question.strip().rstrip("?？。.!！ ")
    english = bool(re.match(r"[A-Za-z]", text))
    text = re.sub(r"\s+", " ", text.lower()) if english else normalize_name(text).rstrip("?")
    zh, en = _rules()
    for pattern, intent in en if english else zh:
        m = pattern.search(text)
        if m is None:
            continue
        groups = m.groupdict()
        if intent == "leads_by_place":
            raw = str(groups["n"])
            return LineageReading(intent, level=LEVEL_WORDS[str(groups["level"])],
                                  number=int(raw) if raw.isdigit() else cn_to_int(raw))
        place = (groups.get("a") or "").strip() or None
        return LineageReading(intent, place=re.sub(r"^(?:the )", "", place) if place and english else place)
    return None


def answer_lineage(store: GraphStore, reading: LineageReading, limit: int | None, offset: int) -> dict[str, Any]:
    """Return the answer to a lineage reading: `tasks` (rows, paged) and what each intent adds."""
    if reading.intent == "undecomposed":
        return undecomposed(store, reading.place, limit, offset)
    return leads_by_place(store, reading.level or "", reading.number or 0)


def undecomposed(store: GraphStore, place: str | None, limit: int | None = None, offset: int = 0) -> dict[str, Any]:
    """Return the parent tasks some loaded child plan (of `place`, when given) does not carry out."""
    where = places(store)
    links = [lk for lk in store.doc_links() if lk.kind == "parent"
             and (place is None or _same_place(where.get(lk.target), place))]
    by_place, missing = [], {}
    for link in links:
        covered = {tl.source for tl in store.task_links(LinkFilter(source_doc=link.source, target_doc=link.target,
                                                                   kind="parent"))}
        rows = [r for r in store.tasks(TaskFilter(document=link.source), None).rows if r.id not in covered]
        by_place.append({"jurisdiction": where.get(link.target), "document": link.target,
                         "parent_document": link.source, "tasks": [r.id for r in rows]})
        missing.update({r.id: r for r in rows})
    ordered = list(missing.values())
    page = ordered[offset:None if limit is None else offset + limit]
    return {"place": place, "total": len(ordered), "tasks": page, "by_jurisdiction": by_place}


def _same_place(found: str | None, asked: str) -> bool:
    return bool(found) and (found == asked or str(found).startswith(asked) or asked.startswith(str(found)))


def leads_by_place(store: GraphStore, level: str, number: int) -> dict[str, Any]:
    """Return who leads task `number` of the plans at `level` in each place whose plan carries it out."""
    parents: list[TaskRow] = []
    for doc in store.nodes("Document"):
        if doc.props.get("level") == level:
            rows = store.tasks(TaskFilter(document=doc.id), None).rows
            parents += [r for r in rows if r.props.get("number") == number]
    links = [lk for lk in store.task_links(LinkFilter(tasks=tuple(r.id for r in parents), kind="parent"))
             if lk.source in {r.id for r in parents}]
    children = {r.id: r for r in store.tasks_by_id([lk.target for lk in links])}
    by_id, where, lines = {r.id: r for r in parents}, places(store), departments(store)
    leads = [{"parent": lk.source, "jurisdiction": where.get(lk.target_doc), "task": lk.target,
              "leads": [a.name for a in children[lk.target].leads],
              "deadline": children[lk.target].props.get("deadline_raw"), "relation": lk.relation,
              "flags": link_flags(by_id[lk.source], children[lk.target], lines)}
             for lk in links if lk.target in children]
    return {"level": level, "number": number, "total": len(parents), "tasks": parents,
            "leads": sorted(leads, key=lambda x: (str(x["jurisdiction"]), x["task"]))}
