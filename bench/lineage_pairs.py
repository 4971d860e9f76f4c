"""Hand-labelled parent/child pairs for scoring the aligner, read from a folder laid out as
pairs/<id>/{parent.txt, child.txt, links.json} (the issue-23 research folder, or our own fixtures
in bench/data/lineage written after their shapes).

links.json names each side's tasks by `path` and `starts` (the first characters as printed); a
task's text runs from there to the end of its line or to the next task's start. The aligner is
scored on these hand-cut tasks, so its figures are its own and not the parser's. Gold links are
the edges of `links`; a child task whose parent is not in the text (`parent_not_visible`) or not
certain (`parent_uncertain`) is left out of precision."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from graph.lineage.align import Item

UNSCORED = ("parent_uncertain",)  # a child task with two candidate parents: no prediction is wrong


@dataclass(frozen=True)
class GoldEdge:
    parent: str  # task ids: "<pair>/P/<path>", "<pair>/C/<path>"
    child: str
    link_relation: str
    edge_relation: str


@dataclass(frozen=True)
class LabelledPair:
    id: str
    relation: str  # parent-child | version | same-level
    parents: list[Item]
    children: list[Item]
    gold: list[GoldEdge]
    unscored_children: frozenset[str]

    @property
    def held_out(self) -> bool:
        return is_held_out(self.id)


def is_held_out(pair_id: str) -> bool:
    """The split fixed before tuning (docs/lineage.md): sha1(pair id) mod 3 == 1 is held out."""
    return int(hashlib.sha1(pair_id.encode()).hexdigest(), 16) % 3 == 1


def read_pairs(folder: Path) -> list[LabelledPair]:
    """Return every labelled pair under `folder` (its pairs/ subfolder, or itself)."""
    root = folder / "pairs" if (folder / "pairs").is_dir() else folder
    return [read_pair(p) for p in sorted(root.iterdir()) if (p / "links.json").is_file()]


def read_pair(folder: Path) -> LabelledPair:
    labels = json.loads((folder / "links.json").read_text(encoding="utf-8"))
    pid = folder.name
    parents = _items(pid, "P", (folder / "parent.txt").read_text(encoding="utf-8"), labels["parent_tasks"])
    children = _items(pid, "C", (folder / "child.txt").read_text(encoding="utf-8"), labels["child_tasks"])
    gold = [GoldEdge(f"{pid}/P/{link['parent']['path']}", f"{pid}/C/{child['path']}", link["relation"],
                     child.get("relation", link["relation"]))
            for link in labels["links"] for child in link["children"]]
    unscored = frozenset(f"{pid}/C/{c['path']}" for c in labels.get("new_child", []) if c.get("status") in UNSCORED)
    return LabelledPair(pid, labels["relation"], parents, children, gold, unscored)


def _items(pid: str, side: str, text: str, tasks: list[dict]) -> list[Item]:
    starts = []
    for task in tasks:
        at = text.find(task["starts"])
        if at == -1:
            raise ValueError(f"{pid}: {side} task {task['path']} starts with {task['starts']!r}, not in the text")
        starts.append(at)
    items = []
    for task, at in zip(tasks, starts, strict=True):
        later = [s for s in starts if s > at]
        line_end = text.find("\n", at)
        end = min([s for s in (line_end if line_end != -1 else len(text), *later)])
        items.append(Item(f"{pid}/{side}/{task['path']}", f"{pid}/{side}", text[at:end]))
    return items
