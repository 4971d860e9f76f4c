"""What every store keeps beside the facts so the engine can answer questions with its indexes:
a task's sort key, search text and deadline keys; the names each node answers to. Computed here,
once, from the facts, so SQLite and Neo4j index the same values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph import dates
from graph.compare import normalize_name, plan_title
from graph.facts import DocumentFacts, Node

LOOKUP_LABELS = ("Region", "Platform", "Problem", "Document", "PolicyDocument", "Person")
_KIND_ORDER = {"l": 0, "t": 1, "r": 2}  # unnumbered paragraphs, outline items, table rows


def task_seq(task_id: str) -> str:
    """Return a text key that sorts tasks in document order: their document, then unnumbered
    paragraphs (-l) before the outline (-t) before table rows (-r), then outline numbers (1.2 < 1.10)."""
    doc, _, rest = task_id.rpartition("-")
    kind = _KIND_ORDER.get(rest[:1], 3)
    numbers = "".join(f".{int(n):09d}" for n in rest[1:].split(".") if n.isdigit() and len(n) <= 9)
    return f"{doc}\x1f{kind}{numbers}"


@dataclass(frozen=True)
class TaskKeys:
    seq: str
    search: str  # the text in compared form (NFKC, no spaces)
    month: str  # YYYY-MM | ????-MM | ongoing | none
    due_md: int | None
    due_ymd: int | None  # a valid year only
    undated_md: int | None  # due_md of deadlines whose year is unknown
    overdue_ymd: int | None  # due_ymd of 'by' deadlines: overdue after it
    owned: bool

    def as_props(self) -> dict[str, Any]:
        return {"seq": self.seq, "search": self.search, "month": self.month, "due_md": self.due_md,
                "due_ymd": self.due_ymd, "undated_md": self.undated_md, "overdue_ymd": self.overdue_ymd,
                "owned": self.owned}


def task_keys(task_id: str, props: dict[str, Any], owned: bool) -> TaskKeys:
    """Return the keys a store indexes for one task."""
    keys = dates.due_keys(props.get("due_year"), props.get("due_month"), props.get("due_day"),
                          props.get("deadline_kind"))
    md, ymd = keys.get("due_md"), keys.get("due_sort")
    return TaskKeys(task_seq(task_id), normalize_name(str(props.get("text") or props.get("title") or "")),
                    dates.month_key(props), md, ymd, md if ymd is None else None,
                    ymd if props.get("deadline_kind") == "by" else None, owned)


def owned_tasks(facts: DocumentFacts) -> set[str]:
    """Return the ids of the document's tasks some unit is assigned to."""
    return {e.source for e in facts.edges if e.type == "ASSIGNED_TO"}


def display_name(node: Node) -> str:
    """Return what a node is called on screen: its name, title or text, else its id."""
    props = node.props
    return str(props.get("name") or props.get("title") or props.get("text") or node.id)


def lookup_names(node: Node) -> set[str]:
    """Return the names a node answers to, compared in lower case: its own, its short name, its
    title or text, a document's plan title (without its issuer and notice), and for a place its
    pinyin (Hangzhou)."""
    props = node.props
    fields = ("name", "key") if node.label == "Person" else ("name", "short", "title", "text", "key")  # not a post
    names = {normalize_name(str(props.get(f) or "")).lower() for f in fields}
    if node.label == "Document":  # the plan's own title, as a progress sheet's 来源文件 names it
        names.add(normalize_name(plan_title(str(props.get("title") or ""), props.get("issuer"))).lower())
    if node.label == "Region":
        from graph.registry.agencies import place_english  # writes only: reads need no vocabulary

        names.add(place_english(str(props.get("name", ""))).lower())
    return names - {""}
