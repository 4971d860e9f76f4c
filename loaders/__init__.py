"""Loaders: file bytes → text → frozen records. Pure: no store, web or drawing imports.

Rooms, from the bottom up: this folder's base (records, the contract with the other rooms;
errors, the one exception tree; text, vocab, limits), phrases/ (what a task's words say: units
and roles, clauses, labels, markers, notes, leaders, deadlines, places), outline/ (the document's
shape: headings and numbering, tables, the notice, noise, reflowed lines, warnings), formats/
(each file format → text, with its limits and conversion), and parse.py on top, the one module
that joins them (file → text → records). A room imports only rooms below it and the base."""

from typing import TYPE_CHECKING, Any

from loaders.errors import DutygraphError, LoaderError
from loaders.records import ParsedDocument

if TYPE_CHECKING:
    from loaders.parse import parse_file, parse_text

__all__ = ["DutygraphError", "LoaderError", "ParsedDocument", "parse_file", "parse_text"]


def __getattr__(name: str) -> Any:
    """parse_file and parse_text load the parser on first use: a command that only queries the
    store (`dutygraph query …`) does not pay for importing it."""
    if name in ("parse_file", "parse_text"):
        from loaders import parse

        return getattr(parse, name)
    raise AttributeError(f"module 'loaders' has no attribute {name!r}")
