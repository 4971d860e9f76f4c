"""Loading documents into a store: parse, build facts, write — idempotent by content hash, and
a changed version of the same source replaces the old one."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.build import build_facts
from graph.cache import cached
from graph.compare import plan_title
from graph.facts import Node
from graph.ledger.corrections import WRITING, apply_corrections
from graph.lineage.service import relink
from graph.registry.agencies import Registry
from graph.store import GraphStore
from loaders.errors import LoaderError
from loaders.formats.read import DEFAULT_MAX_BYTES, SUPPORTED
from loaders.parse import parse_file
from loaders.records import ParsedDocument

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class LoadResult:
    source: str
    doc_id: str
    status: str  # loaded | replaced | unchanged | duplicate (the same plan is loaded from another file)
    tasks: int
    agencies: int
    warnings: tuple[str, ...]
    duplicate_of: Node | None = None  # the Document already loaded, for a duplicate


@dataclass
class LoadSummary:
    results: list[LoadResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def tasks(self) -> int:
        """Tasks in the documents loaded or already there; a duplicate adds none."""
        return sum(r.tasks for r in self.results if r.status != "duplicate")

    @property
    def warnings(self) -> int:
        return sum(len(r.warnings) for r in self.results)


def load_parsed(store: GraphStore, parsed: ParsedDocument, registry: Registry | None = None) -> LoadResult:
    """Write one parsed document with the corrections made to it; skip it when the same content is
    already loaded (unless a year given now differs from the one it was loaded with: `load --year`)."""
    doc = parsed.document
    previous = store.document_hash(doc.id)
    base = (doc.source, doc.id)
    if previous == doc.sha256 and not _new_year(store, parsed):
        return LoadResult(*base, "unchanged", len(parsed.tasks), 0, parsed.warnings)
    fingerprint = plan_fingerprint(parsed)
    twin = loaded_twin(store, fingerprint, doc.id)
    if twin is not None:  # the same plan from another file (.txt and .docx): counting it twice doubles every load
        return LoadResult(*base, "duplicate", len(parsed.tasks), 0, parsed.warnings, duplicate_of=twin)
    built = build_facts(parsed, registry)
    if fingerprint is not None:
        next(n for n in built.nodes if n.id == doc.id).props["fingerprint"] = fingerprint
    with WRITING:  # a correction made meanwhile is either read here or applied after this write
        facts, states = apply_corrections(built, store.corrections(doc=doc.id), registry)
        store.write_document(facts)
        store.set_correction_states(states)  # orphaned ones are reported (GET /corrections?state=orphaned)
    relink(store, doc.id)  # its parents, children and versions among the loaded plans (graph.lineage)
    agencies = sum(1 for n in facts.nodes if n.label in ("Agency", "AgencyGroup"))
    status = "replaced" if previous is not None else "loaded"
    return LoadResult(*base, status, len(parsed.tasks), agencies, parsed.warnings)


def plan_fingerprint(parsed: ParsedDocument) -> str | None:
    """Return what makes two files the same plan, hashed: the plan's own title and every task's text
    (a table row whole, whichever of its columns the task title was read from), with widths folded
    and whitespace dropped (a .docx breaks and spaces lines as a .txt does not). The issuer is left
    out, and taken off the title with the notice around it (宁波市人民政府办公厅关于印发…的通知): a
    workbook of the plan carries neither. None for a document without tasks: a title alone does not
    make two documents one."""
    if not parsed.tasks:
        return None
    doc = parsed.document
    parts = [plan_title(doc.title or "", doc.issuer), *(task.text for task in parsed.tasks)]
    folded = "\x1f".join(_WHITESPACE.sub("", unicodedata.normalize("NFKC", part)) for part in parts)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def loaded_twin(store: GraphStore, fingerprint: str | None, doc_id: str) -> Node | None:
    """Return the loaded Document (under another id) that is the same plan, or None."""
    if fingerprint is None:
        return None
    twin = cached(store, "plan fingerprints", lambda: _fingerprints(store)).get(fingerprint)
    return twin if twin is not None and twin.id != doc_id else None


def _fingerprints(store: GraphStore) -> dict[str, Node]:
    # every Document: a store holds hundreds, read once per store version (graph.cache)
    return {str(n.props["fingerprint"]): n for n in store.nodes("Document") if n.props.get("fingerprint")}


def _new_year(store: GraphStore, parsed: ParsedDocument) -> bool:
    """True when the year was given for this load and the loaded document has another."""
    if parsed.document.year_source != "option":
        return False
    loaded = store.node(parsed.document.id)
    return loaded is None or loaded.props.get("year") != parsed.document.year


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield the files named, and the readable files inside named folders (sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        else:
            yield path


def load_paths(store: GraphStore, paths: list[Path], year: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               on_file: Callable[[Path], None] | None = None) -> LoadSummary:
    """Load every file; a file that cannot be read is reported and the others still load."""
    summary = LoadSummary()
    for path in paths:
        try:
            summary.results.append(load_parsed(store, parse_file(path, year=year, max_bytes=max_bytes)))
        except LoaderError as exc:
            summary.errors.append(str(exc))
        if on_file is not None:
            on_file(path)
    return summary
