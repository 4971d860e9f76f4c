"""Loaders: file bytes → text → frozen records. Pure: no store, web or drawing imports."""

from loaders.errors import DutygraphError, LoaderError
from loaders.parse import parse_file, parse_text
from loaders.records import ParsedDocument

__all__ = ["DutygraphError", "LoaderError", "ParsedDocument", "parse_file", "parse_text"]
