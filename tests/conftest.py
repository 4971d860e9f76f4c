"""Shared fixtures: the seed document and its gold facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return DATA / "seed.txt"


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((DATA / "seed.gold.json").read_text(encoding="utf-8"))
