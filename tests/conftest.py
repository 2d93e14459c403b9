"""Shared fixtures: the seeds and benchmark data in ../shared (skipped cleanly when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared is absent)")
    return SEEDS


@pytest.fixture
def validation_file() -> Path:
    path = DATA / "multinews-validation.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"benchmark data not found at {path} (../shared is absent)")
    return path
