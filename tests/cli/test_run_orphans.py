"""A killed `scwatch run` takes its crawl with it, and the next scheduler never crawls a
source that a leftover crawl still holds (issue 12, defect 8). The real console script, the
real `scrapy crawl` subprocess, a feed that answers too slowly to finish."""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from support.cli import console_command, console_env
from support.crawl import TEST_CRAWL, write_config

from scwatch.demo.web.server import DemoWeb, start_demo_web

pytestmark = pytest.mark.slow

WAIT_S = 90  # an upper bound for each wait; the outcome, not the time, is asserted


@pytest.fixture
def demo_web() -> Iterator[DemoWeb]:
    web = start_demo_web()
    yield web
    web.stop()


def slow_config(tmp_path: Path, base: str) -> Path:
    sources = [{"slug": "slow", "kind": "rss", "url": f"{base}/broken/slow?s=900"}]
    return write_config(tmp_path / "scwatch.toml", sources, {**TEST_CRAWL, "download_timeout": 300})


def start_scheduler(config: Path, tmp_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        console_command("run", "--config", str(config), "--log-dir", str(tmp_path / "logs")),
        cwd=tmp_path,
        env=console_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def crawler_of(scheduler: subprocess.Popen[bytes]) -> psutil.Process:
    """The `scrapy crawl` child of the scheduler, once it has started."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        for child in psutil.Process(scheduler.pid).children(recursive=True):
            try:
                if "scrapy" in child.cmdline():
                    return child
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.1)
    pytest.fail("the scheduler never started its crawl")


def gone(process: psutil.Process) -> bool:
    """Whether the process ends (or is a zombie) within WAIT_S."""
    try:
        process.wait(timeout=WAIT_S)
    except psutil.TimeoutExpired:
        return process.status() == psutil.STATUS_ZOMBIE
    return True


def stop_all(processes: list[psutil.Process]) -> None:
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


def test_a_killed_scheduler_takes_its_crawl_along_and_no_crawl_overlaps(
    demo_web: DemoWeb, tmp_path: Path
) -> None:
    config = slow_config(tmp_path, demo_web.base_url)
    first = start_scheduler(config, tmp_path)
    started: list[psutil.Process] = [psutil.Process(first.pid)]
    try:
        orphan = crawler_of(first)
        started.append(orphan)
        first.kill()  # kill -9: no chance to stop its crawl
        first.wait()
        # Restarted at once, while the old crawl may still be closing.
        second = start_scheduler(config, tmp_path)
        started.append(psutil.Process(second.pid))
        crawler = crawler_of(second)
        started.append(crawler)
        # The new crawl of the same source started only once the old one had ended.
        assert not orphan.is_running() or orphan.status() == psutil.STATUS_ZOMBIE
        second.kill()
        second.wait()
        assert gone(crawler)
    finally:
        stop_all(started)
