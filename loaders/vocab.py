"""Load the vocabulary data files shipped in loaders/data."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """Return the parsed YAML data file `loaders/data/<name>`."""
    with resources.files("loaders").joinpath("data", name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
