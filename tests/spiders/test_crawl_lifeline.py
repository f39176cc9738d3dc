"""A crawl ends at its own deadline, even with nobody left to stop it (issue 12, defect 8:
orphans escaped crawl_timeout_minutes): a graceful close first, a hard exit if that hangs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.crawl import TEST_CRAWL, write_config
from support.paths import ROOT

from scwatch.demo.web.server import start_demo_web

pytestmark = pytest.mark.slow


def test_a_crawl_past_its_deadline_stops_by_itself(tmp_path: Path) -> None:
    log = tmp_path / "crawl.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCWATCH_", "SCRAPY_"))}
    env.update(PYTHONPATH=str(ROOT), SCWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    with start_demo_web() as web:
        sources = [{"slug": "slow", "kind": "rss", "url": f"{web.base_url}/broken/slow?s=900"}]
        # Without the deadline this crawl would wait for the slow feed for 300 s.
        crawl = {**TEST_CRAWL, "download_timeout": 300}
        config = write_config(tmp_path / "scwatch.toml", sources, crawl)
        settings = [f"SCWATCH_CONFIG={config}", f"LOG_FILE={log}", "SCWATCH_DEADLINE_S=2",
                    "SCWATCH_STOP_GRACE_S=3"]
        command = [sys.executable, "-m", "scrapy", "crawl", "feeds"]
        for setting in settings:
            command += ["-s", setting]
        # Ends (graceful close, or the hard exit 3 s later) instead of timing out here.
        result = subprocess.run(command, cwd=ROOT, env=env, timeout=120, check=False)
    text = log.read_text(encoding="utf-8")
    assert "the crawl timeout has passed: stopping the crawl" in text
    # 3: the slow request held the graceful close past the grace; 0: it was not sent yet.
    assert result.returncode in (0, 3)
