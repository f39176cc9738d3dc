"""`scwatch demo` once per session (in-process; its crawls are real `scrapy crawl`
subprocesses); the CLI tests query its database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli import scwatch


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    workdir = tmp_path_factory.mktemp("demo")
    result = scwatch("demo", "--workdir", str(workdir), "--port", "0", cwd=workdir)
    assert result.returncode == 0, result.stdout + result.stderr
    (workdir / "demo-output.txt").write_text(result.stdout, encoding="utf-8")
    yield workdir
