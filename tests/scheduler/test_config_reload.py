"""`scwatch run` picks up configuration changes without a restart: when the file changes and
on SIGHUP; an invalid file is refused with the message `scwatch config check` gives, and the
running configuration goes on."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from support.cli import console_command, console_env
from support.crawl import write_config
from support.scheduling import Clock, FakeCrawler, feed_sources

from scwatch.config import load_config
from scwatch.core.clock import KST
from scwatch.core.errors import ConfigError
from scwatch.scheduler.service import SchedulerService
from scwatch.services.runtime import Runtime

BASE = feed_sources(2)


@pytest.fixture
def wired(
    runtime: Runtime, clock: Clock, tmp_path: Path
) -> Iterator[tuple[SchedulerService, BackgroundScheduler]]:
    """The scheduler of the runtime fixture, wired on a paused APScheduler."""
    service = SchedulerService(
        runtime.config, runtime.db, log_dir=tmp_path / "logs",
        runner=FakeCrawler(runtime, clock), clock=clock, rng=lambda: 0.5,
    )
    scheduler = BackgroundScheduler(timezone=KST)
    service.wire(scheduler)
    scheduler.start(paused=True)
    yield service, scheduler
    scheduler.shutdown(wait=False)


def rewrite(path: Path, sources: list[dict[str, object]], extra: str = "") -> None:
    """Rewrite the file so that its stamp surely changes (new size or new mtime)."""
    before = path.stat().st_mtime_ns
    write_config(path, sources)
    if extra:
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def source_jobs(scheduler: BackgroundScheduler) -> dict[str, timedelta]:
    return {
        job.id.removeprefix("source:"): job.trigger.interval
        for job in scheduler.get_jobs()
        if job.id.startswith("source:")
    }


def test_an_unchanged_file_is_not_reloaded(
    wired: tuple[SchedulerService, BackgroundScheduler],
) -> None:
    service, scheduler = wired
    assert service.reload(scheduler) is False


def test_added_removed_and_retimed_sources_take_effect_without_a_restart(
    wired: tuple[SchedulerService, BackgroundScheduler], runtime: Runtime
) -> None:
    service, scheduler = wired
    path = runtime.config.path
    assert path is not None
    new = {**feed_sources(4)[3], "interval": "2h"}
    rewrite(path, [{**BASE[0], "interval": "45m"}, new])
    assert service.reload(scheduler) is True
    jobs = source_jobs(scheduler)
    assert set(jobs) == {"feed-0", "feed-3"}  # feed-1, feed-2 and city-list are gone
    assert jobs["feed-0"] == timedelta(minutes=45)
    assert jobs["feed-3"] == timedelta(hours=2)
    assert "feed-3" in service.poller.pending()  # a new source is crawled at once
    assert [s.slug for s in service.config.sources] == ["feed-0", "feed-3"]
    # The database the scheduler locked is kept, whatever the file now says.
    assert service.config.database_url == runtime.config.database_url


def test_an_invalid_file_is_refused_with_the_config_check_message_and_nothing_changes(
    wired: tuple[SchedulerService, BackgroundScheduler],
    runtime: Runtime,
    caplog: pytest.LogCaptureFixture,
) -> None:
    service, scheduler = wired
    path = runtime.config.path
    assert path is not None
    before = source_jobs(scheduler)
    rewrite(path, [{**BASE[0], "interval": "sometimes"}])
    with pytest.raises(ConfigError) as expected:
        load_config(path)
    with caplog.at_level(logging.ERROR, logger="scwatch.config.watch"):
        assert service.reload(scheduler) is False
    assert str(expected.value) in caplog.text
    assert "keeping the running one" in caplog.text
    assert source_jobs(scheduler) == before
    # Reported once per change, not at every look; a fixed file is then taken.
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="scwatch.config.watch"):
        assert service.reload(scheduler) is False
    assert caplog.text == ""
    rewrite(path, BASE[:1])
    assert service.reload(scheduler) is True
    assert set(source_jobs(scheduler)) == {"feed-0"}


def test_sighup_reloads_even_when_the_file_looks_unchanged(
    wired: tuple[SchedulerService, BackgroundScheduler],
) -> None:
    service, scheduler = wired
    service.watcher.request()
    assert service.reload(scheduler) is True
    assert service.reload(scheduler) is False


def wait_for(path: Path, text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        if text in log:
            return log
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not logged within {timeout} s:\n{log}")


def test_a_running_scheduler_reloads_on_sighup_and_on_a_changed_file(tmp_path: Path) -> None:
    # One source on a closed port, due in a day: the crawl at start fails fast.
    config = write_config(tmp_path / "scwatch.toml", [{**BASE[0], "interval": "1d"}])
    stderr = tmp_path / "stderr.log"
    with stderr.open("wb") as err:
        process = subprocess.Popen(
            console_command("run", "--config", str(config), "--log-dir", str(tmp_path / "logs")),
            cwd=tmp_path, env=console_env(), stdout=subprocess.DEVNULL, stderr=err,
        )
    try:
        wait_for(stderr, "scheduling 1 source(s)")
        process.send_signal(signal.SIGHUP)
        wait_for(stderr, "configuration reloaded")
        rewrite(config, [{**BASE[0], "interval": "nonsense"}])
        log = wait_for(stderr, "configuration not reloaded")
        assert "interval" in log and "Traceback" not in log
        assert process.poll() is None  # still running on the old configuration
    finally:
        process.terminate()
        process.wait(timeout=60)
    assert process.returncode == 0
