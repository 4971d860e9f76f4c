"""How much work one document may cause: every limit the readers enforce, in one place.

Defaults suit real task documents (a 300-page plan is ~300,000 characters) with a wide margin;
each can be set from the environment at the edge (`ReadLimits.from_env()`, called by the CLI and
the API factory), and `using_limits` makes them the ones readers apply in a block of code:

    DUTYGRAPH_MAX_INFLATED      DOCX: the zip members' uncompressed sizes, summed      64MB
    DUTYGRAPH_MAX_RATIO         DOCX: uncompressed ÷ compressed, per member over 1 MB   200
    DUTYGRAPH_MAX_XML_ELEMENTS  DOCX: XML elements in all parts                         1,000,000
    DUTYGRAPH_MAX_XML_DEPTH     DOCX: XML nesting depth                                 100
    DUTYGRAPH_MAX_PDF_PAGES     PDF: pages                                              2,000
    DUTYGRAPH_MAX_PDF_DECODED   PDF: decoded bytes of what text extraction reads, over
                                all pages (contents, forms, ToUnicode maps)             16MB
    DUTYGRAPH_MAX_TEXT_CHARS    any format: characters of text after reading            2,000,000
    DUTYGRAPH_MAX_TASKS         tasks read from one document (the rest: a warning)      5,000
    DUTYGRAPH_MAX_SHEET_CELLS   spreadsheets: cells the used area of all sheets spans,
                                counted before a sheet is loaded                        2,000,000
    DUTYGRAPH_CONVERT_TIMEOUT   .doc/.wps: seconds LibreOffice or antiword may take     30

Sizes are written as bytes or with a unit: `10MB`, `10M`, `1.5GB`, `512KiB` (units are binary:
1 MB = 1,048,576 bytes). A bad value is a SettingError naming the variable.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields

from loaders.errors import SettingError

MB = 1024 * 1024
_UNITS = {"": 1, "B": 1, "K": 1024, "M": MB, "G": 1024 * MB, "T": 1024 * 1024 * MB}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*$", re.I)


@dataclass(frozen=True)
class ReadLimits:
    max_inflated_bytes: int = 64 * MB
    max_compression_ratio: int = 200
    max_xml_elements: int = 1_000_000
    max_xml_depth: int = 100
    max_pdf_pages: int = 2_000
    max_pdf_decoded_bytes: int = 16 * MB
    max_text_chars: int = 2_000_000
    max_tasks: int = 5_000
    max_sheet_cells: int = 2_000_000
    convert_timeout: int = 30

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ReadLimits:
        """Return the defaults overridden by DUTYGRAPH_MAX_* variables; raise SettingError on a bad one."""
        env = os.environ if env is None else env
        values: dict[str, int] = {}
        for f in fields(cls):
            variable = ENV_NAMES[f.name]
            if env.get(variable, "").strip():
                parse = parse_size if f.name.endswith("_bytes") else parse_count
                values[f.name] = parse(env[variable], variable)
        return cls(**values)


ENV_NAMES = {
    "max_inflated_bytes": "DUTYGRAPH_MAX_INFLATED",
    "max_compression_ratio": "DUTYGRAPH_MAX_RATIO",
    "max_xml_elements": "DUTYGRAPH_MAX_XML_ELEMENTS",
    "max_xml_depth": "DUTYGRAPH_MAX_XML_DEPTH",
    "max_pdf_pages": "DUTYGRAPH_MAX_PDF_PAGES",
    "max_pdf_decoded_bytes": "DUTYGRAPH_MAX_PDF_DECODED",
    "max_text_chars": "DUTYGRAPH_MAX_TEXT_CHARS",
    "max_tasks": "DUTYGRAPH_MAX_TASKS",
    "max_sheet_cells": "DUTYGRAPH_MAX_SHEET_CELLS",
    "convert_timeout": "DUTYGRAPH_CONVERT_TIMEOUT",
}


def limit_name(field_name: str) -> str:
    """Return how a user sets the limit `field_name` (its environment variable)."""
    return ENV_NAMES[field_name]


def parse_size(text: str, setting: str) -> int:
    """Return the bytes `text` means (`10MB`, `10M`, `1.5GB`, `1048576`); SettingError otherwise."""
    m = _SIZE.match(text)
    if m is None:
        raise SettingError(f"{setting}={text!r} is not a size: write bytes or a number with a unit, "
                           "e.g. 10MB, 10M, 1.5GB or 1048576")
    size = int(float(m.group(1)) * _UNITS[m.group(2).upper()])
    if size <= 0:
        raise SettingError(f"{setting}={text!r}: the size must be more than 0 bytes")
    return size


def parse_count(text: str, setting: str) -> int:
    """Return the positive whole number `text` holds (`1000000`, `1_000_000`, `1,000,000`)."""
    cleaned = text.strip().replace("_", "").replace(",", "")
    if not cleaned.isdigit() or int(cleaned) <= 0:
        raise SettingError(f"{setting}={text!r} is not a positive whole number")
    return int(cleaned)


_DEFAULTS = ReadLimits()
_current: ContextVar[ReadLimits | None] = ContextVar("dutygraph_read_limits", default=None)


def current_limits() -> ReadLimits:
    """Return the limits readers apply here: the defaults, unless `using_limits` set others."""
    return _current.get() or _DEFAULTS


@contextmanager
def using_limits(limits: ReadLimits) -> Iterator[ReadLimits]:
    """Make `limits` the ones readers apply inside the block (this thread or task only)."""
    token = _current.set(limits)
    try:
        yield limits
    finally:
        _current.reset(token)
