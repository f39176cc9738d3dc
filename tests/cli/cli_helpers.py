"""Helpers for the CLI tests: run `scwatch` as a subprocess, read JSON lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def scwatch(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The installed console script's code path, as a subprocess (exit codes are real)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200", **(env or {})}
    full_env.pop("SCWATCH_CONFIG", None) if env is None or "SCWATCH_CONFIG" not in env else None
    command = [sys.executable, "-c", "from scwatch.cli import app; app()", *args]
    return subprocess.run(
        command,
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
