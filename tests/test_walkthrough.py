"""README.md and docs/guide.md, walked as a script: every `scwatch ...` command shown in
their code blocks runs, in order, against the demo (its loopback news web), and exits as
the text says; where the text says what it prints, the output is checked.

A few commands cannot run here; each is listed in NOT_HERE with the reason. The demo's
web gets a free port (`--port P` is added to `scwatch demo`) so parallel test runs do not
collide, and the commands after the demo run with SCWATCH_CONFIG pointing at the demo's
configuration, the demo web serving, so `scwatch crawl` and the archive commands have
something to work on.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.paths import ROOT

from scwatch.demo.web.server import start_demo_web

DOCS = [ROOT / "README.md", ROOT / "docs" / "guide.md"]
BLOCK = re.compile(r"```(?:bash|sh|console)\n(.*?)```", re.DOTALL)
COMMENT = re.compile(r"\s+#\s.*$")

# Commands that need what a test may not use; a shell line holding one is not run at all
# (the PostgreSQL snippet's `scwatch db upgrade && scwatch crawl` goes as a whole).
NOT_HERE = {
    "scwatch crawl --source molit": "molit is a real source (the demo has none of that name)",
    "scwatch extract https://": "fetches a page from the internet",
    "scwatch run": "runs until stopped (scheduler tests: tests/scheduler)",
    "scwatch db upgrade": "needs the PostgreSQL database the snippet names",
    "scwatch demo --serve": "runs until Ctrl-C (tests/cli/test_demo_workdir.py)",
    "scwatch serve": "runs until Ctrl-C (tests/cli/test_serve_cli.py, tests/web)",
}
# Exit codes the text documents for a command that does not exit 0.
EXITS: dict[str, int] = {}
# What the text says a command prints, where it can be checked.
PRINTS = {
    "scwatch demo": ["Articles stored", "Alerts fired", "also in"],
    "scwatch init": ["wrote scwatch.toml"],
    "scwatch search \"스마트 시티 수출\"": ["스마트시티"],
    "scwatch show 6": ["베트남", "Story"],
    "scwatch alerts list": ["last error"],
    "scwatch sources list": ["last error"],
    "scwatch sources health": ["OK"],
    "scwatch stories show 4": ["original"],
    "scwatch explain 12": ["smart-city export"],
}


@dataclass(frozen=True)
class Step:
    doc: str
    command: str
    line: str


def documented_commands() -> list[Step]:
    """Every scwatch command of every shell block, in the order the documents show them."""
    steps = []
    for doc in DOCS:
        for block in BLOCK.findall(doc.read_text(encoding="utf-8")):
            for line in block.splitlines():
                for part in line.split("&&"):
                    command = _scwatch_command(part)
                    if command:
                        steps.append(Step(doc.name, command, line))
    return steps


def _scwatch_command(part: str) -> str:
    """`.venv/bin/scwatch demo  # comment` -> `scwatch demo`, as the shell will run it;
    '' for anything else."""
    words = shlex.split(part, comments=True)
    if not words or not words[0].endswith("scwatch"):
        return ""
    text = COMMENT.sub("", part).strip()
    return "scwatch" + text[len(text.split()[0]) :]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def demo_web(port: int) -> Iterator[None]:
    with start_demo_web(port=port):
        yield


def run(command: str, home: Path, port: int) -> subprocess.CompletedProcess[str]:
    if command.startswith("scwatch demo"):
        command += f" --port {port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCWATCH_")}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(ROOT),
        COLUMNS="200",
        SCWATCH_CONFIG=str(home / "scwatch-demo" / "scwatch.toml"),
    )
    return subprocess.run(
        ["bash", "-c", command], cwd=home, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_documents_show_commands_to_walk() -> None:
    commands = [step.command for step in documented_commands()]
    assert commands.count("scwatch demo") == 2  # the README's quick start and the guide
    assert any(c.startswith("scwatch show ") for c in commands)


@pytest.mark.slow
@pytest.mark.parametrize("doc", [doc.name for doc in DOCS])
def test_every_documented_command_does_what_the_text_says(doc: str, tmp_path: Path) -> None:
    """Each document is a user's walk of its own, from an empty folder."""
    port, failures, walked = free_port(), [], 0
    for step in documented_commands():
        if step.doc != doc or any(p in step.line for p in NOT_HERE):
            continue
        if step.command.startswith("scwatch demo"):
            result = run(step.command, tmp_path, port)
        else:
            with demo_web(port):
                result = run(step.command, tmp_path, port)
        walked += 1
        expected = EXITS.get(step.command, 0)
        if result.returncode != expected:
            failures.append(f"{step.doc}: `{step.command}` exited {result.returncode}, "
                            f"documented {expected}: {result.stderr[-500:]}")  # fmt: skip
        for text in next((v for k, v in PRINTS.items() if step.command.startswith(k)), []):
            if text not in result.stdout:
                failures.append(f"{step.doc}: `{step.command}` did not print {text!r}")
        assert "Traceback" not in result.stderr, (step.command, result.stderr)
    assert walked >= 8
    assert not failures, "\n".join(failures)
