"""Writers for the layout families of the survey (docs/layouts.md), used by bench.corpus: each
writes a list of tasks in one real shape and returns the facts a careful reader takes from it,
following the conventions of docs/layouts.md (roles from labels, columns and notes; leaders are
people, names without their inner spaces; a collective is one co-unit).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

SURVEY_STYLES = ("header_table", "label_lines", "sc_localities", "note_rules", "leader_sections", "pdf_wraps")
# Styles that survive being served as an HTML page line for line (tables with runs of spaces and
# PDF text layers do not: HTML collapses the spaces); the others are written as .txt only.
HTML_SAFE = ("label_lines", "sc_localities", "note_rules", "leader_sections")

# Fictional people, some named like cities or districts (a leader called 宁波 is not a region).
LEADERS = ["王海峰", "陈思远", "林晓东", "周  岚", "欧阳  琳", "张  伟", "马东升", "李  凡", "温晓明",
           "宁波", "金华", "常州", "丽水", "嘉兴", "江宁", "衡阳"]
PROGRESS = ["已完成", "正在推进", "按序时推进", "完成年度计划的60%", "截至6月底完成投资4亿元", "前期工作已启动"]
TASK_HEADERS = ["重点任务", "工作任务", "主要内容", "具体措施", "民生实事", "工作事项"]
LEADER_HEADERS = ["责任领导", "分管领导", "牵头领导", "分管省领导"]
PROGRESS_HEADERS = ["进展情况", "当前进度", "完成情况", "备注"]
TIME_HEADERS = ["完成时限", "时间节点", "完成时间"]
# Unit columns: (headers, how roles follow) — split: lead column then co column; first: one list.
UNIT_COLUMNS = [(("牵头单位", "配合单位"), "split"), (("主体责任单位", "协同责任单位"), "split"),
                (("牵头单位", "责任单位"), "split"), (("牵头责任单位", "协同责任单位"), "split"),
                (("责任单位",), "first")]
ROW_SHAPES = ("tab", "pipe_cells", "cell_lines", "markdown", "spaces")
LOCALITIES = ("各地", "各部门")


@dataclass
class SurveyTask:
    """One task's material: units as (written, expected) with the shared prefix already dropped."""

    title: str
    body: str
    units: list[tuple[str, str]]
    collective: str | None
    deadline: str
    month: int | None


@dataclass
class Written:
    """The facts of one task as a family wrote it."""

    title: str
    assignments: list[tuple[str, str]]
    month: int | None
    leaders: list[str]


Family = Callable[[random.Random, list[SurveyTask]], tuple[str, list[Written]]]


# -- pieces ------------------------------------------------------------------------------------------

def _split(rng: random.Random, task: SurveyTask) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Return (leads, co) from a task's units: one or two leads, each list starting with a full name."""
    k = 1 if len(task.units) < 3 or rng.random() < 0.6 else 2
    leads, co = task.units[:k], task.units[k:]
    return _own_prefix(leads), _own_prefix(co)


def _own_prefix(units: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A list standing on its own writes its first name in full (no earlier name shares a prefix)."""
    return [(full, full) if i == 0 else (w, full) for i, (w, full) in enumerate(units)]


def _names(units: list[tuple[str, str]], sep: str = "、") -> str:
    return sep.join(w for w, _ in units)


def _roles(leads: list[tuple[str, str]], co: list[tuple[str, str]], extra_co: list[str]) -> list[tuple[str, str]]:
    return [(full, "lead") for _, full in leads] + [(full, "co") for _, full in co] + [(c, "co") for c in extra_co]


def _leaders(rng: random.Random, spaced: bool = True) -> list[str]:
    pool = LEADERS if spaced else [n for n in LEADERS if " " not in n]
    return rng.sample(pool, 2 if rng.random() < 0.2 else 1)


def bare_name(name: str) -> str:
    """Return a name without its inner spaces (王  伟 → 王伟)."""
    return re.sub(r"\s+", "", name)


def _cn(i: int) -> str:
    return "一二三四五六七八九十"[i - 1] if i <= 10 else "十" + "一二三四五六七八九"[i - 11]


# -- families ----------------------------------------------------------------------------------------

def header_table(rng: random.Random, tasks: list[SurveyTask]) -> tuple[str, list[Written]]:
    """A table read by its header: extra columns in any order, 序号 optional, five row shapes."""
    shape, gap = rng.choice(ROW_SHAPES), rng.choice(["\n", "\n\n"])
    unit_headers, rule = rng.choice(UNIT_COLUMNS)
    extras = rng.sample([("leader", rng.choice(LEADER_HEADERS)), ("progress", rng.choice(PROGRESS_HEADERS)),
                         ("time", rng.choice(TIME_HEADERS))], k=rng.randint(1, 3))
    columns = [("task", rng.choice(TASK_HEADERS))] + [("unit", h) for h in unit_headers] + extras
    rng.shuffle(columns)
    if rng.random() < 0.7:
        columns.insert(0, ("num", "序号"))
    # one unit per line inside a cell only where cells are apart by a blank line (as pages print it)
    unit_sep = "\n" if shape == "cell_lines" and gap == "\n\n" and rng.random() < 0.5 else "、"
    rows, written = [[h for _, h in columns]], []
    for i, task in enumerate(tasks, 1):
        units, facts = _table_units(rng, task, rule, unit_sep)
        by_header = dict(zip(unit_headers, units, strict=True))  # the lead cell under the lead header
        leaders = _leaders(rng, spaced=shape != "spaces")
        values = {"num": str(i), "task": task.title, "leader": "、".join(leaders), "progress": rng.choice(PROGRESS),
                  "time": task.deadline}
        rows.append([by_header[header] if kind == "unit" else values[kind] for kind, header in columns])
        kinds = {kind for kind, _ in columns}
        written.append(Written(task.title, facts, task.month if "time" in kinds else None,
                               [bare_name(n) for n in leaders] if "leader" in kinds else []))
    return "重点工作任务分解表\n" + _render(rows, shape, gap), written


def _table_units(rng: random.Random, task: SurveyTask, rule: str,
                 sep: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Return the unit cells of one row (in column order) and the roles they give."""
    extra = [task.collective] if task.collective else []
    if rule == "first":
        cell = _names(task.units, sep) + (f",{extra[0]}" if extra else "")
        return [cell], _roles(task.units[:1], task.units[1:], extra)
    leads, co = _split(rng, task)
    if not co and not extra:
        extra = [rng.choice(LOCALITIES)]
    co_cell = _names(co, sep) + ((f"等,{extra[0]}" if co else extra[0]) if extra else "")
    return [_names(leads, sep), co_cell], _roles(leads, co, extra)


def _render(rows: list[list[str]], shape: str, gap: str) -> str:
    if shape == "tab":
        return "\n".join("\t".join(r) for r in rows) + "\n"
    if shape == "pipe_cells":
        return "".join(f"{cell} |\n" for r in rows for cell in r)
    if shape == "cell_lines":
        return gap.join(cell for r in rows for cell in r) + "\n"
    if shape == "markdown":
        rule = "|" + "---|" * len(rows[0])
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join([lines[0], rule, *lines[1:]]) + "\n"
    return "\n".join("    ".join(r) for r in rows) + "\n"


def label_lines(rng: random.Random, tasks: list[SurveyTask]) -> tuple[str, list[Written]]:
    """Items followed by labelled lines: leader, units (部门分工 / 主体责任单位 / 协同责任单位 …), time."""
    leader_label = rng.choice(["分管省领导", "牵头负责领导", "责任领导"])
    variant = rng.choice(["dept_division", "subject_cooperate", "lead_cooperate", "subject_only"])
    out, written = ["一、重点任务"], []
    for i, task in enumerate(tasks, 1):
        leaders = _leaders(rng)
        lines, roles = _unit_lines(rng, task, variant)
        out += [f"{i}.{task.title}。{task.body}", f"{leader_label}:{'、'.join(leaders)}", *lines]
        if rng.random() < 0.6:
            out.append(f"完成时限:{task.deadline}")
            month = task.month
        else:
            month = None
        written.append(Written(task.title, roles, month, [bare_name(n) for n in leaders]))
    return "\n".join(out) + "\n", written


def _unit_lines(rng: random.Random, task: SurveyTask, variant: str) -> tuple[list[str], list[tuple[str, str]]]:
    leads, co = _split(rng, task)
    extra = [task.collective] if task.collective else []
    if variant == "dept_division":
        tail = _names(co) + "、各地、各部门" if co else "各地、各部门"
        return [f"部门分工:{_names(leads)}牵头,{tail}配合。"], _roles(leads, co, list(LOCALITIES))
    if variant == "subject_only":
        every = _own_prefix(task.units)
        return [f"责任主体:{_names(every)}" + (f",{extra[0]}" if extra else "")], _roles(every[:1], every[1:], extra)
    lead_label = "主体责任单位" if variant == "subject_cooperate" else "牵头责任单位"
    co_label = "协同责任单位"
    co_text = _names(co) + (("等," if co else "") + extra[0] if extra else "")
    lines = [f"{lead_label}:{_names(leads)}"] + ([f"{co_label}:{co_text}"] if co_text else [])
    return lines, _roles(leads, co, extra)


def sc_localities(rng: random.Random, tasks: list[SurveyTask]) -> tuple[str, list[Written]]:
    """State-Council clauses naming 各地、各部门 as co-units; sometimes the whole text on one line."""
    out, written = ["一、重点任务"], []
    for i, task in enumerate(tasks, 1):
        leads, co = _split(rng, task)
        if co and rng.random() < 0.5:
            clause = f"{_names(leads)}牵头,{_names(co)}配合,各地、各部门按职责分工负责"
        else:
            clause, co = f"{_names(leads)}牵头,各地、各部门配合", []
        when = f"{task.deadline}完成" if task.month else task.deadline
        out.append(f"{i}.{task.title}。{task.body}{when}。({clause})")
        written.append(Written(task.title, _roles(leads, co, list(LOCALITIES)), task.month, []))
    joiner = " " if rng.random() < 0.4 else "\n"
    return joiner.join(out) + "\n", written


def note_rules(rng: random.Random, tasks: list[SurveyTask]) -> tuple[str, list[Written]]:
    """Bare unit lists in brackets whose roles a note above them governs, some marked 分别牵头."""
    with_each = rng.random() < 0.5
    note = "(除标注“分别牵头”外,列第一位的为牵头单位,下同)" if with_each else "(列第一位的为牵头单位,下同)"
    out, written = [f"一、重点任务{note}"], []
    for i, task in enumerate(tasks, 1):
        every = _own_prefix(task.units)
        if with_each and len(every) >= 3 and rng.random() < 0.5:
            names, roles = f"{_names(every[:2])}分别牵头,{_names(every[2:])}", _roles(every[:2], every[2:], [])
        else:
            names, roles = _names(every), _roles(every[:1], every[1:], [])
        out.append(f"{i}.{task.title}。{task.body}({names};{task.deadline})")
        written.append(Written(task.title, roles, task.month, []))
    return "\n".join(out) + "\n", written


def leader_sections(rng: random.Random, tasks: list[SurveyTask]) -> tuple[str, list[Written]]:
    """Sections named after the leader who leads them; numbering restarts in each section."""
    label = rng.choice(["牵头单位", "责任单位"])
    out, written, number = [], [], 0
    for i, task in enumerate(tasks):
        if i % 3 == 0:
            leader = rng.choice(LEADERS)
            post = rng.choice(["省长主抓", "常务副省长牵头", "副省长牵头"])
            out.append(f"{_cn(i // 3 + 1)}、{leader}{post}重点工作")
            number = 0
        number += 1
        every = _own_prefix(task.units)
        roles = _roles(every, [], []) if label == "牵头单位" else _roles(every[:1], every[1:], [])
        out += [f"{number}.{task.title}。{task.body}", f"{label}:{_names(every)}"]
        written.append(Written(task.title, roles, None, [bare_name(leader)]))
    return "\n".join(out) + "\n", written


def pdf_wraps(rng: random.Random, tasks: list[SurveyTask]) -> tuple[str, list[Written]]:
    """Bracketed fields as a PDF text layer gives them: lines cut every ~26 characters wherever they
    fall, page footers, spaces around digits."""
    out, written = ["一、重点任务"], []
    for i, task in enumerate(tasks, 1):
        every = _own_prefix(task.units)
        out.append(f"{i}.{task.title}。{task.body}(责任单位:{_names(every)};完成时限:{task.deadline})")
        written.append(Written(task.title, _roles(every[:1], every[1:], []), task.month, []))
    width = rng.randint(24, 28)
    lines = [ln[k:k + width] for ln in out for k in range(0, len(ln), width)]
    for page, at in enumerate(range(30, len(lines), 30), 2):
        lines.insert(at, f"- {page} -")
    text = "\n".join(lines) + "\n"
    return re.sub(r"(年)(\d)", r"\1 \2", re.sub(r"(\d)(年|月)", r"\1 \2", text)), written


FAMILIES: dict[str, Family] = {
    "header_table": header_table, "label_lines": label_lines, "sc_localities": sc_localities,
    "note_rules": note_rules, "leader_sections": leader_sections, "pdf_wraps": pdf_wraps,
}
