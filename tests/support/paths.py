"""Where the tests' data lives: tests/fixtures, and ../shared (seed articles, corpora) read
in place, never copied."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
PAGES_DIR = FIXTURES / "pages"  # the golden extraction set: 44 pages in 14 CMS layouts
UNIT_PAGES = FIXTURES / "unit_pages"
LABELLED = FIXTURES / "labelled" / "sentences.jsonl"

SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPORA = SHARED / "corpora"


def need(folder: Path) -> Path:
    """The folder, or skip the test when this machine does not have it."""
    if not folder.is_dir():
        pytest.skip(f"{folder} is not on this machine")
    return folder
