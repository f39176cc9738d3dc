"""`scwatch ARGS` for the tests: in-process with Typer's CliRunner (`scwatch`), or as the
installed console script in a process of its own (`console_command`, `console_env`) where
the process is what is tested (the entry point, signals)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from scwatch.cli import app, common
from support.paths import ROOT

# Rich wraps tables at the terminal width; wide enough that a row stays on one line. The
# console script gets COLUMNS=200; in-process, scwatch's consoles read COLUMNS once, when
# scwatch.cli is imported, so they are pinned to the same width here (Typer's error panels
# read COLUMNS on each call).
WIDTH = 200
WIDE = {"COLUMNS": str(WIDTH)}
common.console.width = common.err_console.width = WIDTH


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str
    output: str  # stdout and stderr as they interleaved


def scwatch(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> CliResult:
    """`scwatch ARGS` in this process, as the console script runs it: in `cwd` (default: the
    project folder), with tables 200 columns wide, without an inherited SCWATCH_CONFIG
    unless `env` sets one. An exception that escapes the command ends as it would in a
    process of its own: exit code 1 and the traceback on stderr."""
    settings: dict[str, str | None] = {"SCWATCH_CONFIG": None, **WIDE, **(env or {})}
    with contextlib.chdir(cwd or ROOT):
        result = CliRunner().invoke(app, list(args), env=settings)
    crash = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(result.exception))
    return CliResult(result.exit_code, result.stdout, result.stderr + crash, result.output + crash)


def console_command(*args: str) -> list[str]:
    """The installed `scwatch` console script (beside this Python) with ARGS."""
    return [str(Path(sys.executable).with_name("scwatch")), *args]


def console_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment for a `scwatch` process, as `scwatch` above sets it."""
    inherited = {k: v for k, v in os.environ.items() if k != "SCWATCH_CONFIG"}
    return {**inherited, "PYTHONPATH": str(ROOT), **WIDE, **(env or {})}


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
