"""The aligner's precision, recall, relation accuracy and speed.

Quality: every labelled pair of a folder (default: our own fixtures in bench/data/lineage; the
issue-23 research folder with --pairs) is aligned as the product aligns it — parent-child and
same-level pairs parent → child, version pairs version → version — and scored against its gold
edges, on the tuning pairs and the held-out pairs apart (the split is fixed: bench.lineage_pairs).
A cross-family control aligns each pair's child plan against the parent plans of the other
families: every link it makes is a false one.

Speed: a generated 1,000-task parent plan aligned against 25, 50 and 100 child plans of 500 tasks
(up to 50,000), beside the baseline of only preparing the same texts (normalising and cutting
them into trigrams), so the figure says what the matching itself costs and whether it grows
linearly.

    .venv/bin/python -m bench.bench_lineage                       # fixtures + speed
    .venv/bin/python -m bench.bench_lineage --pairs /work/research/issue23 --no-speed
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.lineage_pairs import LabelledPair, read_pairs
from graph.lineage.align import Item, prepare
from graph.lineage.relations import Link, align_children, align_versions, prepared_index

FIXTURES = Path(__file__).parent / "data" / "lineage"
# The research pairs' families (its REPORT.md §3); our fixtures say theirs in meta.json.
FAMILIES = {"p01": "民间投资", "p12": "民间投资", "p13": "民间投资", "p14": "民间投资", "p15": "民间投资",
            "p02": "营商环境", "p03": "营商环境", "p04": "营商环境", "p05": "营商环境", "p06": "营商环境",
            "p10": "营商环境", "p11": "营商环境", "p07": "工程建设", "p08": "工程建设", "p16": "稳就业",
            "p17": "稳就业", "p18": "稳就业", "p19": "稳就业", "p20": "稳就业", "p09": "政府工作报告"}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    piece_right: int = 0
    link_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def align_pair(pair: LabelledPair) -> list[Link]:
    """Return the links the product makes between a pair's two plans."""
    if pair.relation == "version":
        return align_versions(pair.parents, pair.children)
    return align_children(pair.parents, pair.children)


def score(pairs: Sequence[LabelledPair], tally: Tally) -> None:
    for pair in pairs:
        gold = {(g.parent, g.child): g for g in pair.gold}
        found = {(link.source, link.target): link for link in align_pair(pair)}
        for key, link in found.items():
            if key in gold:
                tally.tp += 1
                tally.piece_right += link.piece == gold[key].edge_relation
                tally.link_right += link.relation == gold[key].link_relation
            elif key[1] not in pair.unscored_children:
                tally.fp += 1
                tally.misses.append(f"false link {key[0]} → {key[1]} ({link.piece}, {link.score})")
        for key in gold.keys() - found.keys():
            tally.fn += 1
            tally.misses.append(f"missed {key[0]} → {key[1]} ({gold[key].edge_relation})")


def family(pair: LabelledPair, folder: Path) -> str:
    meta = folder / "pairs" / pair.id / "meta.json" if (folder / "pairs").is_dir() else folder / pair.id / "meta.json"
    if meta.is_file():
        import json

        found = json.loads(meta.read_text(encoding="utf-8")).get("family")
        if found:
            return str(found)
    return FAMILIES.get(pair.id[:3], pair.id)


def cross_family_false_links(pairs: Sequence[LabelledPair], folder: Path) -> tuple[int, int]:
    """Return (false links, child tasks tried) aligning each child plan against other families' parents."""
    false, tried = 0, 0
    for child_pair in pairs:
        others = [p for p in pairs if family(p, folder) != family(child_pair, folder)]
        parents = [item for p in others for item in p.parents]
        if not parents or not child_pair.children:
            continue
        tried += len(child_pair.children)
        false += len(align_children(parents, child_pair.children))
    return false, tried


def quality(folder: Path, verbose: bool) -> None:
    pairs = read_pairs(folder)
    print(f"## Aligner quality — {folder} ({len(pairs)} pairs, {sum(len(p.gold) for p in pairs)} gold edges)\n")
    print("| set | pairs | gold edges | precision | recall | edge relation right | link relation right |")
    print("|---|---|---|---|---|---|---|")
    for name, chosen in (("tuning", [p for p in pairs if not p.held_out]),
                         ("held out", [p for p in pairs if p.held_out]), ("all", pairs)):
        tally = Tally()
        score(chosen, tally)
        print(f"| {name} | {len(chosen)} | {tally.tp + tally.fn} "
              f"| {tally.precision:.3f} ({tally.tp}/{tally.tp + tally.fp})"
              f" | {tally.recall:.3f} ({tally.tp}/{tally.tp + tally.fn}) | {tally.piece_right}/{tally.tp} "
              f"| {tally.link_right}/{tally.tp} |")
        if verbose and name != "all":
            for miss in tally.misses:
                print(f"|  | {miss} |||||")
    false, tried = cross_family_false_links(pairs, folder)
    print(f"\nCross-family control: {false} false links over {tried} child tasks aligned against the parent "
          "plans of other families.\n")


def end_to_end(folder: Path) -> None:
    """Print the same scores with the parser cutting the tasks (loaders.parse): a gold task is found
    when a parsed task's text holds its first characters. Phase 2 of issue 23 (measures naming no
    unit as tasks) is what most of the misses wait for."""
    from loaders import parse_text

    root = folder / "pairs" if (folder / "pairs").is_dir() else folder
    tally = Tally()
    parsed_sides = 0
    for pair in read_pairs(folder):
        sides = []
        for side, items in (("parent", pair.parents), ("child", pair.children)):
            text = (root / pair.id / f"{side}.txt").read_text(encoding="utf-8")
            tasks = parse_text(text, source=f"{pair.id}-{side}.txt").tasks
            parsed_sides += bool(tasks)
            gold_of = {t.id: next((i.id for i in items if i.text[:10] and i.text[:10] in t.text), None) for t in tasks}
            sides.append(([Item(t.id, side, t.text) for t in tasks], gold_of))
        (parents, parent_gold), (children, child_gold) = sides
        links = align_versions(parents, children) if pair.relation == "version" else align_children(parents, children)
        found = {(parent_gold.get(lk.source), child_gold.get(lk.target)) for lk in links}
        gold: set[tuple[str | None, str | None]] = {(g.parent, g.child) for g in pair.gold}
        tally.tp += len(found & gold)
        tally.fp += len({f for f in found - gold if f[1] not in pair.unscored_children})
        tally.fn += len(gold - found)
    print(f"End to end (the parser cuts the tasks): precision {tally.precision:.3f}, recall {tally.recall:.3f} "
          f"({tally.tp} of {tally.tp + tally.fn} gold edges); {parsed_sides} of {2 * len(read_pairs(folder))} "
          "page openings parse to at least one task.\n")


def citations(folder: Path) -> None:
    """Print, for each parent-child pair whose meta.json names the parent, whether the child's head
    cites it well enough to link the two (graph.lineage.documents: 文号 first, then title)."""
    import json

    from graph.lineage.documents import DocInfo, parents_of
    from loaders import parse_text

    root = folder / "pairs" if (folder / "pairs").is_dir() else folder
    found = {"number": 0, "title": 0, "none": 0}
    for pair in sorted(p for p in root.iterdir() if (p / "meta.json").is_file()):
        meta = json.loads((pair / "meta.json").read_text(encoding="utf-8"))
        parent = meta.get("parent")
        if meta.get("relation") != "parent-child" or not isinstance(parent, dict):
            continue
        doc = parse_text((pair / "child.txt").read_text(encoding="utf-8"), source=f"{pair.name}-child.txt").document
        child = DocInfo(doc.id, doc.title, doc.issuer or "", doc.year, doc.number,
                        tuple(c.number for c in doc.cites if c.number), tuple(c.title for c in doc.cites if c.title),
                        None, 1)
        upper = DocInfo("parent", str(parent.get("title") or ""), str(parent.get("issuer") or ""), None,
                        _number(parent.get("number")), (), (), parent.get("level"), 1)
        links = parents_of(child, [upper])
        found[links[0].how if links else "none"] += 1
    total = sum(found.values())
    if total:
        print(f"Document links: of {total} child plans, {found['number']} cite their parent's 文号, "
              f"{found['title']} only its title, {found['none']} neither in their opening.\n")


def _number(raw: object) -> str | None:
    from loaders.outline.citations import NUMBER, number_key

    m = NUMBER.search(str(raw or ""))
    return number_key(m.group()) if m else None


# -- speed ---------------------------------------------------------------------------------------------

_WORDS = ("推进", "完善", "建立", "健全", "优化", "深化", "加强", "落实", "开展", "实施", "加快", "推动")
_THINGS = ("行政许可事项清单", "政务服务", "营商环境", "民间投资", "市场准入", "招投标监管", "信用体系", "数据共享",
           "工程建设项目审批", "就业创业", "社会保险", "养老服务", "中小企业融资", "知识产权保护", "公共资源交易",
           "不动产登记", "跨境贸易", "电子证照", "一网通办", "基层治理", "生态环境", "农村人居环境", "科技成果转化")
_CHARS = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
          "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
          "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比"
          "或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
          "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做"
          "必战先回则任取据处理府研队给拆色")


def generated_plans(parent_tasks: int, plans: int, per_plan: int,
                    seed: int = 23) -> tuple[list[Item], list[list[Item]]]:
    """Return a parent plan and child plans: each child task copies, refines or rewrites a parent
    task, or is new (a quarter each)."""
    rng = random.Random(seed)

    def sentence() -> str:
        filler = "".join(rng.choice(_CHARS) for _ in range(rng.randint(20, 60)))
        return f"{rng.choice(_WORDS)}{rng.choice(_THINGS)}{filler}{rng.choice(_WORDS)}{rng.choice(_THINGS)}。"

    parents = [Item(f"P{k}", "P", "".join(sentence() for _ in range(rng.randint(1, 3)))) for k in range(parent_tasks)]
    children = []
    for d in range(plans):
        tasks = []
        for k in range(per_plan):
            source = rng.choice(parents).text
            shape = rng.random()
            if shape < 0.25:
                text = source
            elif shape < 0.5:
                text = source[: len(source) // 2] + f"{rng.randint(1, 12)}月底前完成" + sentence()
            elif shape < 0.75:
                text = "".join(c for c in source if rng.random() > 0.3)
            else:
                text = sentence() + sentence()
            tasks.append(Item(f"C{d}.{k}", f"C{d}", text))
        children.append(tasks)
    return parents, children


def speed(parent_tasks: int, per_plan: int, steps: Sequence[int]) -> None:
    parents, children = generated_plans(parent_tasks, max(steps), per_plan)
    print(f"## Aligner speed — a {parent_tasks:,}-task parent against child plans of {per_plan} tasks\n")
    print("| child plans | child tasks | baseline: prepare only (s) | align (s) | links | s per 10k child tasks |")
    print("|---|---|---|---|---|---|")
    for step in steps:
        chosen = [t for plan in children[:step] for t in plan]
        started = time.perf_counter()
        for item in [*parents, *chosen]:
            prepare(item)
        baseline = time.perf_counter() - started
        started = time.perf_counter()
        index = prepared_index(parents)
        links = sum(len(align_children(index, plan)) for plan in children[:step])
        took = time.perf_counter() - started
        per_10k = took / len(chosen) * 1e4
        print(f"| {step} | {len(chosen):,} | {baseline:.1f} | {took:.1f} | {links:,} | {per_10k:.2f} |")
    print(f"\nMachine load (uptime): {_load()}\n")


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=FIXTURES, help="a folder of labelled pairs (pairs/<id>/…)")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--parent-tasks", type=int, default=1000)
    parser.add_argument("--per-plan", type=int, default=500)
    parser.add_argument("--steps", type=int, nargs="+", default=[25, 50, 100])
    parser.add_argument("--verbose", action="store_true", help="list every false and missed link")
    args = parser.parse_args()
    print(f"Machine load at start (uptime): {_load()}\n")
    quality(args.pairs, args.verbose)
    end_to_end(args.pairs)
    citations(args.pairs)
    if not args.no_speed:
        speed(args.parent_tasks, args.per_plan, args.steps)


if __name__ == "__main__":
    main()
