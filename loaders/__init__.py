"""Loaders: file bytes → text → frozen records. Pure: no store, web or drawing imports."""

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
