"""docs/api.md is right: its runnable example runs, and every public call is documented."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scwatch import Scwatch

ROOT = Path(__file__).resolve().parents[2]
API_DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")


def public_calls() -> list[str]:
    return [
        name
        for name, member in inspect.getmembers(Scwatch)
        if not name.startswith("_") and callable(member) and name not in ("close",)
    ]


def test_every_public_call_is_documented() -> None:
    calls = public_calls()
    assert {"open", "search", "article", "crawl", "deliver", "health", "test_rule"} <= set(calls)
    missing = [name for name in calls if f"`{name}(" not in API_DOC]
    assert not missing, f"docs/api.md does not document {missing}"


@pytest.mark.slow
def test_the_runnable_example_runs(tmp_path: Path) -> None:
    section = API_DOC.split("## A runnable example", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    result = subprocess.run(
        [sys.executable, "-c", code.group(1)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "articles stored" in result.stdout
    assert "matched smart-city export because:" in result.stdout
    assert "would alert:" in result.stdout
    assert "  rewrite citynews" in result.stdout
    assert "deal: export done" in result.stdout
    assert "explained: [('smart-city export', True)" in result.stdout
