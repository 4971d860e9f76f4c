"""Generate realistic task documents with the facts a correct parse must give, so the generator
doubles as a fidelity check (assignment precision/recall/F1, leaders, deadlines): the formats the
parser was built for (STYLES) and the layout families of the survey (SURVEY_STYLES, written by
bench.corpus_layouts after docs/layouts.md).

    python -m bench.corpus --docs 200 --out /tmp/corpus      # writes files + expected.json
    python -m bench.corpus --docs 500 --check                 # generates in memory, prints F1 per family
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx

from bench.corpus_layouts import FAMILIES, HTML_SAFE, SURVEY_STYLES, SurveyTask, Written, bare_name
from graph.registry.agencies import default_registry
from loaders.phrases.regions import region_index
from loaders.records import Task

STYLES = ("fields", "lead_co", "state_council", "lines", "flat_table", "docx_table")
ALL_STYLES = STYLES + SURVEY_STYLES
FORMATS = ("utf8", "gb18030", "html", "docx")
TOPICS = ["优化营商环境", "推进科技创新", "加强生态保护", "完善社会保障", "深化国企改革", "提升政务服务", "促进消费升级",
          "加快数字化转型", "强化安全生产", "推动乡村振兴", "扩大有效投资", "稳定就业岗位", "防范金融风险", "保障粮食安全"]
ACTIONS = ["健全", "完善", "建立", "推进", "加快", "强化", "深化", "优化", "落实", "规范"]
OBJECTS = ["工作机制", "服务体系", "考核办法", "监测平台", "政策措施", "标准体系", "督查制度", "协调机制", "资金保障", "人才队伍"]
PLATFORM_SUFFIXES = ["高新区", "经济技术开发区", "产业创新服务综合体", "实验室"]
COLLECTIVES = ["各市、县(市、区)", "各设区市人民政府", "省级有关部门"]
BRACKETS = [("(", ")"), ("（", "）"), ("〔", "〕"), ("【", "】")]


@dataclass
class ExpectedTask:
    title: str
    assignments: list[tuple[str, str]]  # (name as the parser should give it, role)
    month: int | None
    leaders: list[str] = field(default_factory=list)  # people, inner spaces removed


@dataclass
class GeneratedDoc:
    name: str
    data: bytes
    text: str
    tasks: list[ExpectedTask] = field(default_factory=list)
    family: str = ""  # the style it was written in


class Generator:
    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        registry = default_registry()
        self.provincial = [d.names["provincial"] for d in registry.departments if d.names["provincial"]
                           and d.kind != "party organ" and d.key not in ("government", "government_office")]
        self.provinces = [r for r in region_index().provinces() if r.name.endswith("省")]
        self.cities = {p.code[:2]: [r for r in region_index().by_code.values()
                                    if r.level == "city" and r.code.startswith(p.code[:2])] for p in self.provinces}

    # -- pieces ------------------------------------------------------------------------------------

    def _units(self, n: int, share_prefix: bool) -> list[tuple[str, str]]:
        """Return n (written, expected) unit names, provincial, sometimes sharing the 省 prefix."""
        picks = self.rng.sample(self.provincial, n)
        out = []
        for i, names in enumerate(picks):
            stem = self.rng.choice(names)
            written = stem if share_prefix and i > 0 else "省" + stem
            out.append((written, "省" + stem))
        return out

    def _deadline(self) -> tuple[str, int | None]:
        month = self.rng.randint(1, 12)
        forms = [(f"2021年{month}月底前", month), (f"{month}月底前", month), (f"2022年{month}月{min(28, month + 10)}日前", month),
                 ("2021年底前", 12), ("长期坚持", None), (f"每年{month}月底前", month)]
        return self.rng.choice(forms)

    def _title(self) -> str:
        return self.rng.choice(ACTIONS) + self.rng.choice(TOPICS) + self.rng.choice(OBJECTS)

    def _body(self, province: str) -> str:
        city = self.rng.choice(self.cities[province[:2]] or [None]) if province else None
        parts = [f"围绕{self.rng.choice(TOPICS)}目标,制定实施方案"]
        if city is not None:
            parts.append(f"支持{city.short}{self.rng.choice(PLATFORM_SUFFIXES)}建设")
        if self.rng.random() < 0.5:
            parts.append(f"出台《关于{self.rng.choice(TOPICS)}的若干意见》")
        if self.rng.random() < 0.3:
            parts.append(f"到2025年增长{self.rng.randint(2, 30)}%")
        return ",".join(parts) + "。"

    # -- documents ---------------------------------------------------------------------------------

    def document(self, index: int, styles: tuple[str, ...] = ALL_STYLES) -> GeneratedDoc:
        province = self.rng.choice(self.provinces)
        style = styles[index % len(styles)]
        if style in FAMILIES:
            return self._survey_document(index, style, province.name)
        fmt = "docx" if style == "docx_table" else self.rng.choice(FORMATS)
        tasks = [self._task() for _ in range(self.rng.randint(5, 12))]
        head = f"{province.name}人民政府办公厅关于印发{self.rng.choice(TOPICS)}工作方案的通知\n"
        if style == "state_council":
            text = head + "一、重点任务\n" + "".join(self._sc_item(i, t) for i, t in enumerate(tasks, 1))
        elif style in ("flat_table", "docx_table"):
            text = head + "附件\n重点工作任务分工表\n" + self._flat_table(tasks, tabbed=style == "docx_table")
        else:
            text = head + "一、重点任务\n" + "".join(self._item(i, t, style) for i, t in enumerate(tasks, 1))
        expected = [ExpectedTask(t["title"], t["expected"], t["month"]) for t in tasks]
        return GeneratedDoc(self._name(index, fmt), self._encode(text, fmt), text, expected, style)

    def _survey_document(self, index: int, style: str, province: str) -> GeneratedDoc:
        tasks = [self._survey_task() for _ in range(self.rng.randint(4, 10))]
        body, written = FAMILIES[style](self.rng, tasks)
        text = f"{province}人民政府办公厅关于印发{self.rng.choice(TOPICS)}工作方案的通知\n" + body
        fmt = self.rng.choice(FORMATS[:3] if style in HTML_SAFE else FORMATS[:2])
        expected = [_expected(w) for w in written]
        return GeneratedDoc(self._name(index, fmt), self._encode(text, fmt), text, expected, style)

    def _survey_task(self) -> SurveyTask:
        units = self._units(self.rng.randint(1, 4), share_prefix=self.rng.random() < 0.25)
        collective = self.rng.choice(COLLECTIVES) if self.rng.random() < 0.3 else None
        deadline, month = self._deadline()
        return SurveyTask(self._title(), self._body(self.province_code_hint()), units, collective, deadline, month)

    @staticmethod
    def _name(index: int, fmt: str) -> str:
        return f"doc{index:05d}.{ {'utf8': 'txt', 'gb18030': 'txt', 'html': 'html', 'docx': 'docx'}[fmt] }"

    def _task(self) -> dict:
        n = self.rng.randint(1, 4)
        units = self._units(n, share_prefix=self.rng.random() < 0.25)
        collective = self.rng.random() < 0.3
        deadline, month = self._deadline()
        expected = [(exp, "lead" if i == 0 else "co") for i, (_, exp) in enumerate(units)]
        written = [w for w, _ in units]
        if collective:
            group = self.rng.choice(COLLECTIVES)
            written.append(group)
            expected.append((group, "co"))
        return {"title": self._title(), "written": written, "expected": expected, "deadline": deadline,
                "month": month, "lead_co_split": max(1, n // 2)}

    def _item(self, i: int, t: dict, style: str) -> str:
        body = self._body(self.province_code_hint())
        if style == "fields":
            o, c = self.rng.choice(BRACKETS)
            return f"{i}.{t['title']}。{body}{o}责任单位:{'、'.join(t['written'])};完成时限:{t['deadline']}{c}\n"
        if style == "lead_co":
            return self._lead_co(i, t, body)
        lines = [f"{i}.{t['title']}。{body}", f"责任单位:{'、'.join(t['written'])}", f"完成时限:{t['deadline']}"]
        return "\n".join(lines) + "\n"

    def _lead_co(self, i: int, t: dict, body: str) -> str:
        k = t["lead_co_split"]
        leads, co = t["written"][:k], t["written"][k:]
        t["expected"] = [(name, "lead" if j < k else "co") for j, (name, _) in enumerate(t["expected"])]
        fields = f"牵头单位:{'、'.join(leads)}" + (f";配合单位:{'、'.join(co)}" if co else "")
        return f"{i}.{t['title']}。{body}({fields};完成时限:{t['deadline']})\n"

    def _sc_item(self, i: int, t: dict) -> str:
        lead, rest = t["written"][0], t["written"][1:]
        marker = f"{lead}牵头" + (f",{'、'.join(rest)}等按职责分工负责" if rest else "")
        cn = "一二三四五六七八九十"[i - 1] if i <= 10 else "十" + "一二三四五六七八九"[i - 11]
        return f"({cn}){t['title']}。{self._body('')}{t['deadline']}完成。({marker})\n"

    def _flat_table(self, tasks: list[dict], tabbed: bool) -> str:
        header = ["序号", "重点工作任务", "责任单位", "完成时限"]
        rows = [[str(i), t["title"], "、".join(t["written"]), t["deadline"]] for i, t in enumerate(tasks, 1)]
        if tabbed:
            return "\n".join("\t".join(r) for r in [header, *rows]) + "\n"
        return "\n".join(cell for r in [header, *rows] for cell in r) + "\n"

    def province_code_hint(self) -> str:
        return self.rng.choice(self.provinces).code

    def _encode(self, text: str, fmt: str) -> bytes:
        if fmt == "gb18030":
            return text.encode("gb18030")
        if fmt == "html":
            body = "".join(f"<p>{line}</p>" for line in text.split("\n"))
            return f"<html><head><meta charset='utf-8'><title>t</title></head><body>{body}</body></html>".encode()
        if fmt == "docx":
            return docx_bytes(text)
        return text.encode("utf-8")


def docx_bytes(text: str) -> bytes:
    """Return a .docx of `text`: plain lines become paragraphs, tab-separated lines one table."""
    document = docx.Document()
    lines = text.split("\n")
    table_rows = [ln.split("\t") for ln in lines if "\t" in ln]
    for line in lines:
        if "\t" not in line and line:
            document.add_paragraph(line)
    if table_rows:
        grid = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for r, row in enumerate(table_rows):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _expected(written: Written) -> ExpectedTask:
    return ExpectedTask(written.title, written.assignments, written.month, written.leaders)


def generate(n: int, seed: int = 1, styles: tuple[str, ...] = ALL_STYLES) -> Iterator[GeneratedDoc]:
    """Yield n documents, cycling through `styles` (every style by default)."""
    gen = Generator(seed)
    for i in range(n):
        yield gen.document(i, styles)


# -- fidelity ----------------------------------------------------------------------------------------

@dataclass
class Fidelity:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    titles_right: int = 0
    months_right: int = 0
    tasks: int = 0
    task_count_right: int = 0
    docs: int = 0
    leaders_true: int = 0
    leaders_found: int = 0
    leaders_expected: int = 0
    leaders_as_agencies: int = 0  # assignments named after a person the document names as a leader

    def f1(self) -> tuple[float, float, float]:
        p = self.true_pos / max(1, self.true_pos + self.false_pos)
        r = self.true_pos / max(1, self.true_pos + self.false_neg)
        return p, r, 2 * p * r / max(1e-9, p + r)

    def leaders_pr(self) -> tuple[float, float]:
        return self.leaders_true / max(1, self.leaders_found), self.leaders_true / max(1, self.leaders_expected)

    def add(self, other: Fidelity) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


def check(docs: list[GeneratedDoc]) -> Fidelity:
    """Parse every generated document and compare with its expected facts."""
    total = Fidelity()
    for score in check_families(docs).values():
        total.add(score)
    return total


def check_families(docs: list[GeneratedDoc]) -> dict[str, Fidelity]:
    """Return the fidelity of each style (family) the documents were written in."""
    from loaders.formats.read import read_bytes
    from loaders.parse import parse_text

    families: dict[str, Fidelity] = {}
    for doc in docs:
        parsed = parse_text(read_bytes(doc.data, doc.name).text, source=doc.name)
        families.setdefault(doc.family, Fidelity()).add(_score_document(doc, parsed.tasks))
    return families


def _score_document(doc: GeneratedDoc, found_tasks: Sequence[Task]) -> Fidelity:
    score = Fidelity(docs=1, task_count_right=int(len(found_tasks) == len(doc.tasks)))
    leaders = {bare_name(n) for t in doc.tasks for n in t.leaders}
    for got, want in zip(found_tasks, doc.tasks, strict=False):
        found: set[tuple[str, str]] = {(a.name, a.role) for a in got.assignments}
        expected = set(want.assignments)
        score.true_pos += len(found & expected)
        score.false_pos += len(found - expected)
        score.false_neg += len(expected - found)
        score.titles_right += got.title == want.title
        score.months_right += (got.deadline.month if got.deadline else None) == want.month
        score.tasks += 1
        got_leaders = {bare_name(n) for n in got.leaders}
        score.leaders_found += len(got_leaders)
        score.leaders_expected += len(set(want.leaders))
        score.leaders_true += len(got_leaders & set(want.leaders))
    for want in doc.tasks[len(found_tasks):]:
        score.false_neg += len(want.assignments)
        score.leaders_expected += len(set(want.leaders))
    score.leaders_as_agencies = sum(bare_name(a.name) in leaders for t in found_tasks for a in t.assignments)
    return score


def _report(total: Fidelity, families: dict[str, Fidelity]) -> list[str]:
    p, r, f1 = total.f1()
    lp, lr = total.leaders_pr()
    lines = [f"documents {total.docs}, task count right {total.task_count_right / max(1, total.docs):.1%}",
             f"assignments: precision {p:.3f} recall {r:.3f} F1 {f1:.3f}",
             f"titles right {total.titles_right / max(1, total.tasks):.1%}, "
             f"deadline months right {total.months_right / max(1, total.tasks):.1%}",
             f"leaders: precision {lp:.3f} recall {lr:.3f}, leaders as agencies {total.leaders_as_agencies}"]
    for name in [s for s in ALL_STYLES if s in families]:
        s = families[name]
        p, r, f1 = s.f1()
        lp, lr = s.leaders_pr()
        leaders = f", leaders P {lp:.2f} R {lr:.2f} as agencies {s.leaders_as_agencies}" if s.leaders_expected else ""
        lines.append(f"  {name:<16} {s.docs:>4} docs, task count right {s.task_count_right / max(1, s.docs):6.1%}, "
                     f"F1 {f1:.3f} (P {p:.3f} R {r:.3f}), months right {s.months_right / max(1, s.tasks):6.1%}"
                     + leaders)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write the files and expected.json here")
    parser.add_argument("--check", action="store_true", help="parse them and print F1, leaders, per family")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    docs = list(generate(args.docs, args.seed))
    print(f"generated {len(docs)} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for doc in docs:
            (args.out / doc.name).write_bytes(doc.data)
        expected = {d.name: [{"title": t.title, "assignments": t.assignments, "month": t.month,
                              "leaders": t.leaders} for t in d.tasks] for d in docs}
        (args.out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.check:
        families = check_families(docs)
        total = Fidelity()
        for score in families.values():
            total.add(score)
        print("\n".join(_report(total, families)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
