"""The web tests' archives: the demo crawl (once per session; the pages read it, the write
tests use archives of their own) and support.archive's small archive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.web import TestClient, client_for

from scwatch.api import demo_config, run_demo


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("web") / "demo"
    result = run_demo(workdir, port=0)
    assert not result.failed_runs and result.articles
    return workdir


@pytest.fixture
def demo_client(demo_dir: Path) -> Iterator[TestClient]:
    """The UI over the demo archive, read-only (no token)."""
    with client_for(demo_config(demo_dir)) as client:
        yield client
