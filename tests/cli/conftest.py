"""Run the real `scwatch demo` once per session; CLI tests query its database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def scwatch(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The installed console script's code path, as a subprocess (exit codes are real)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200", **(env or {})}
    full_env.pop("SCWATCH_CONFIG", None) if env is None or "SCWATCH_CONFIG" not in env else None
    command = [sys.executable, "-c", "from monitor.cli import app; app()", *args]
    return subprocess.run(command, cwd=cwd or ROOT, env=full_env, capture_output=True,
                          text=True, timeout=timeout, check=False)


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    workdir = tmp_path_factory.mktemp("demo")
    result = scwatch("demo", "--workdir", str(workdir), cwd=workdir)
    assert result.returncode == 0, result.stdout + result.stderr
    (workdir / "demo-output.txt").write_text(result.stdout, encoding="utf-8")
    yield workdir
