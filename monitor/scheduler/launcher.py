"""Run crawls as `scrapy crawl` subprocesses (Twisted's reactor cannot restart; a
subprocess also bounds a crawl's memory) and report what they stored."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scwatch.config import Config
from scwatch.config.env import crawler_environment
from scwatch.core.errors import ScwatchError
from scwatch.core.models import SPIDER_FOR_KIND
from scwatch.core.records import SourceSummary
from scwatch.services.sources import read_summaries
from scwatch.storage import Database, outbox
from scwatch.storage import articles as article_store

DEFAULT_TIMEOUT_S = 30 * 60
LEASE_OWNER_SETTING = "SCWATCH_LEASE_OWNER"
# The crawl ends itself at its timeout (spiders/lifeline.py: a graceful close, then a hard
# exit after 15 s); this process steps in only this much later.
PARENT_MARGIN_S = 30.0


@dataclass(frozen=True)
class SpiderRun:
    spider: str
    returncode: int
    seconds: float
    log_path: Path
    # Per source: fetched, new, duplicates, failed (only for `scwatch crawl`'s runs).
    summaries: tuple[SourceSummary, ...] = ()


@dataclass(frozen=True)
class CrawlProgress:
    spider: str
    articles: int
    alerts: int
    seconds: float


def spiders_for(config: Config, source: str | None) -> list[str]:
    """The spiders that have work: one per source kind present (and enabled)."""
    sources = [config.source(source)] if source else [s for s in config.sources if s.enabled]
    kinds = {s.kind for s in sources}
    return [spider for kind, spider in SPIDER_FOR_KIND.items() if kind in kinds]


def crawl_env(config: Config) -> dict[str, str]:
    """Environment of the scrapy subprocess: same config and database as this process,
    none of the channel secrets."""
    overrides = {
        "SCRAPY_SETTINGS_MODULE": "scwatch.spiders.settings",
        "SCWATCH_DATABASE_URL": config.database_url,
    }
    if config.path is not None:
        overrides["SCWATCH_CONFIG"] = str(config.path.resolve())
    env = crawler_environment(overrides)
    # The folder that holds the scwatch package, so the crawler imports this same copy.
    package_home = str(Path(__file__).absolute().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_home, env.get("PYTHONPATH")]))
    return env


def run_crawl(
    config: Config,
    db: Database,
    *,
    source: str | None = None,
    log_dir: Path,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    on_progress: Callable[[CrawlProgress], None] | None = None,
) -> list[SpiderRun]:
    """Run each needed spider in turn; progress is polled from the database."""
    runs = []
    log_dir.mkdir(parents=True, exist_ok=True)
    for spider in spiders_for(config, source):
        runs.append(_run_spider(config, db, spider, source, log_dir, timeout_s, on_progress))
    return runs


def _run_spider(
    config: Config,
    db: Database,
    spider: str,
    source: str | None,
    log_dir: Path,
    timeout_s: float,
    on_progress: Callable[[CrawlProgress], None] | None,
) -> SpiderRun:
    log_path = log_dir / f"crawl-{spider}.log"
    summary_path = log_dir / f"crawl-{spider}.summary.json"
    summary_path.unlink(missing_ok=True)  # never last crawl's
    command = [
        *_command(spider, source, log_path, timeout_s),
        "-s",
        f"SCWATCH_SUMMARY_FILE={summary_path}",
    ]
    started = time.monotonic()
    process = _launch(command, config)
    returncode = _wait(process, db, spider, started, timeout_s, on_progress)
    summaries = tuple(read_summaries(summary_path))
    return SpiderRun(spider, returncode, time.monotonic() - started, log_path, summaries)


def run_sources(
    config: Config,
    spider: str,
    slugs: Sequence[str],
    *,
    log_path: Path,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    settings: Mapping[str, str] | None = None,
    on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
    lease_owner: str = "",
) -> SpiderRun:
    """One `scrapy crawl SPIDER -a sources=a,b,c` run (the scheduler's batch).

    The crawler gets a session of its own, so a Ctrl-C in the terminal reaches only the
    scheduler, which then stops the crawl with one SIGTERM (Scrapy's graceful shutdown).
    It still dies with the scheduler and ends at the timeout on its own (spiders/lifeline.py);
    `lease_owner` goes on its command line, so a restarted scheduler can recognise it.
    `on_start` receives the process, for whoever may need to stop it early.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [*_command(spider, None, log_path, timeout_s), "-a", f"sources={','.join(slugs)}"]
    if lease_owner:
        command += ["-s", f"{LEASE_OWNER_SETTING}={lease_owner}"]
    for name, value in (settings or {}).items():
        command += ["-s", f"{name}={value}"]
    started = time.monotonic()
    process = _launch(command, config, new_session=True)
    if on_start is not None:
        on_start(process)
    returncode = _wait(process, None, spider, started, timeout_s, None)
    return SpiderRun(spider, returncode, time.monotonic() - started, log_path)


def _launch(
    command: list[str], config: Config, *, new_session: bool = False
) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            command,
            env=crawl_env(config),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=new_session,
        )
    except OSError as exc:
        raise ScwatchError(f"cannot start the crawler: {exc}") from None


def _command(spider: str, source: str | None, log_path: Path, timeout_s: float) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-s", f"LOG_FILE={log_path}"]
    # The lifeline: the crawl stops when this process is gone or the timeout has passed.
    command += ["-s", f"SCWATCH_PARENT_PID={os.getpid()}"]
    command += ["-s", f"SCWATCH_DEADLINE_S={timeout_s:g}"]
    if source:
        command += ["-a", f"source={source}"]
    return command


def _wait(
    process: subprocess.Popen[bytes],
    db: Database | None,
    spider: str,
    started: float,
    timeout_s: float,
    on_progress: Callable[[CrawlProgress], None] | None,
) -> int:
    """Wait for the crawl, reporting progress; terminate it should it outlive its own
    timeout."""
    while True:
        try:
            return process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            elapsed = time.monotonic() - started
            if elapsed > timeout_s + PARENT_MARGIN_S:
                process.terminate()
                try:
                    return process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    return process.wait()
            if on_progress is not None and db is not None:
                on_progress(_progress(db, spider, elapsed))


def _progress(db: Database, spider: str, elapsed: float) -> CrawlProgress:
    with db.read() as conn:
        articles = article_store.count_articles(conn)
        alerts = outbox.count_alerts(conn)
    return CrawlProgress(spider, articles, alerts, elapsed)


def failed_runs(runs: Sequence[SpiderRun]) -> list[SpiderRun]:
    return [run for run in runs if run.returncode != 0]
