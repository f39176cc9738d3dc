"""The due queue and the batch crawls of `scwatch run` (scwatch.scheduler.service wires them to
APScheduler).

Due sources are collected into one `scrapy crawl <spider> -a sources=a,b,c` subprocess per
spider (a crawl per source would pay Scrapy's start-up each time). A source is crawled by one
run at a time: it stays out of the queue while in flight, and a database lease keeps a second
scheduler away from it. After a batch, a source the crawl left without a result (timeout,
crash) gets a failed fetch recorded, and every crawled source gets its next due time
(backoff, adaptive interval, jitter: scwatch.core.policy.polling).
"""

from __future__ import annotations

import logging
import os
import random
import subprocess
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from scwatch.config import Config
from scwatch.core.clock import utcnow
from scwatch.core.errors import ScwatchError
from scwatch.core.models import SPIDER_FOR_KIND
from scwatch.core.policy.polling import ScheduleSettings, is_due, next_due
from scwatch.core.records import FetchValues, SourceRecord
from scwatch.scheduler.launcher import run_sources
from scwatch.scheduler.leases import this_host
from scwatch.storage import Connection, Database
from scwatch.storage import sources as source_store

logger = logging.getLogger(__name__)

BatchRunner = Callable[[str, Sequence[str]], int]
# Past the crawl timeout a dead scheduler's lease expires after this much more.
LEASE_MARGIN = timedelta(minutes=5)
# `-a sources=...` stays well under Linux's 128 KiB limit for one argument.
MAX_BATCH_CHARS = 100_000
FINISH_CHUNK = 200  # sources planned per transaction after a batch


@dataclass(frozen=True)
class BatchReport:
    spider: str
    slugs: tuple[str, ...]
    returncode: int
    missing: tuple[str, ...]  # crawled sources with no recorded fetch (timeout, crash)


def scheduler_owner() -> str:
    return f"{this_host()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def batches(slugs: Sequence[str], max_chars: int = MAX_BATCH_CHARS) -> Iterator[list[str]]:
    """Split slugs into comma-joined arguments of at most max_chars."""
    batch: list[str] = []
    size = 0
    for slug in slugs:
        if batch and size + len(slug) + 1 > max_chars:
            yield batch
            batch, size = [], 0
        batch.append(slug)
        size += len(slug) + 1
    if batch:
        yield batch


class Poller:
    """The due queue, the batch crawls and the plan of each source's next crawl."""

    def __init__(
        self,
        config: Config,
        db: Database,
        settings: ScheduleSettings,
        *,
        log_dir: Path,
        runner: BatchRunner | None = None,
        clock: Callable[[], datetime] = utcnow,
        rng: Callable[[], float] = random.random,
        owner: str | None = None,
    ) -> None:
        self.config, self.db, self.settings = config, db, settings
        self.log_dir = log_dir
        self.runner = runner or self._run_subprocess
        self.clock, self.rng = clock, rng
        self.owner = owner or scheduler_owner()
        self.on_planned: Callable[[str, datetime], None] | None = None
        self._lock = threading.Condition()
        self._queue: dict[str, None] = {}  # insertion-ordered set
        self._in_flight: set[str] = set()
        self._processes: set[subprocess.Popen[bytes]] = set()
        self._stopping = threading.Event()

    def sources(self) -> list[SourceRecord]:
        """Enabled, configured sources of a kind a spider crawls."""
        configured = {s.slug for s in self.config.sources}
        with self.db.read() as conn:
            records = source_store.list_sources(conn)
        return [
            r for r in records if r.enabled and r.slug in configured and r.kind in SPIDER_FOR_KIND
        ]

    def overdue(self) -> list[str]:
        now = self.clock()
        return [record.slug for record in self.sources() if is_due(record, now)]

    def enqueue(self, *slugs: str) -> None:
        """Queue sources for the next dispatch; one already queued or in flight is not
        queued twice."""
        with self._lock:
            for slug in slugs:
                if slug not in self._in_flight:
                    self._queue[slug] = None

    def catch_up(self) -> list[str]:
        """Queue every overdue source once, however many intervals it missed."""
        overdue = self.overdue()
        self.enqueue(*overdue)
        return overdue

    def pending(self) -> list[str]:
        with self._lock:
            return list(self._queue)

    def dispatch(self) -> list[BatchReport]:
        """Crawl everything queued: one subprocess per spider (more for huge batches)."""
        if self._stopping.is_set():
            return []
        with self._lock:
            taken = [slug for slug in self._queue if slug not in self._in_flight]
            self._queue.clear()
            self._in_flight.update(taken)
        try:
            return self._crawl_claimed(taken) if taken else []
        finally:
            with self._lock:
                self._in_flight.difference_update(taken)
                self._lock.notify_all()

    def _crawl_claimed(self, slugs: list[str]) -> list[BatchReport]:
        now = self.clock()
        until = now + self.settings.crawl_timeout + LEASE_MARGIN
        with self.db.transaction() as conn:
            claimed = source_store.claim_sources(
                conn, slugs, owner=self.owner, now=now, until=until
            )
        busy = sorted(set(slugs) - set(claimed))
        if busy:
            logger.info("skipped (crawled by another scheduler, or disabled): %s", busy)
        try:
            return [
                self._crawl(spider, batch)
                for spider, kind_slugs in self._by_spider(claimed).items()
                for batch in batches(kind_slugs)
                if not self._stopping.is_set()
            ]
        finally:
            with self.db.transaction() as conn:
                source_store.release_sources(conn, claimed, owner=self.owner)

    def _by_spider(self, slugs: Sequence[str]) -> dict[str, list[str]]:
        kinds = {s.slug: s.kind for s in self.config.sources}
        grouped: dict[str, list[str]] = {}
        for slug in slugs:
            if slug in kinds:
                grouped.setdefault(SPIDER_FOR_KIND[kinds[slug]], []).append(slug)
        return grouped

    def _crawl(self, spider: str, slugs: list[str]) -> BatchReport:
        started = self.clock()
        try:
            returncode = self.runner(spider, slugs)
        except ScwatchError as exc:
            logger.error("%s: %s", spider, exc)
            returncode = -1
        missing = self._finish(slugs, started, returncode)
        logger.info(
            "%s: crawled %d source(s), exit code %d%s",
            spider,
            len(slugs),
            returncode,
            f"; no result for {len(missing)}: {', '.join(missing[:10])}" if missing else "",
        )
        return BatchReport(spider, tuple(slugs), returncode, tuple(missing))

    def _finish(self, slugs: Sequence[str], started: datetime, returncode: int) -> list[str]:
        """Record a failure for sources the crawl left without a result; plan each one."""
        missing: list[str] = []
        planned: dict[str, datetime] = {}
        for start in range(0, len(slugs), FINISH_CHUNK):
            with self.db.transaction() as conn:
                for slug in slugs[start : start + FINISH_CHUNK]:
                    due = self._plan(conn, slug, started, returncode, missing)
                    if due is not None:
                        planned[slug] = due
        if self.on_planned is not None:
            for slug, due in planned.items():
                self.on_planned(slug, due)
        return missing

    def _plan(
        self,
        conn: Connection,
        slug: str,
        started: datetime,
        returncode: int,
        missing: list[str],
    ) -> datetime | None:
        record = source_store.get_source(conn, slug)
        if record is None:
            return None
        now = self.clock()
        if record.last_attempt_at is None or record.last_attempt_at < started:
            reason = (
                f"the crawl ended (exit code {returncode}) before this source was fetched"
                if returncode
                else "the crawl did not fetch this source"
            )
            failed = FetchValues(slug, record.url, started, now, None, error=reason)
            source_store.record_fetch(conn, failed)
            missing.append(slug)
            record = source_store.get_source(conn, slug) or record
        fetches = source_store.recent_fetches(conn, slug, self.settings.novelty_window)
        due = next_due(record, fetches, now, self.settings, self.rng)
        source_store.set_next_due(conn, slug, due)
        return due

    def _run_subprocess(self, spider: str, slugs: Sequence[str]) -> int:
        run = run_sources(
            self.config,
            spider,
            slugs,
            # One file per spider, rotated by size ([crawl] log_max_mb, log_backups).
            log_path=self.log_dir / f"run-{spider}.log",
            timeout_s=self.settings.crawl_timeout.total_seconds(),
            settings={"SCWATCH_FULL_FETCH_EVERY": str(self.settings.full_fetch_every)},
            on_start=lambda process: self._started(process, slugs),
            lease_owner=self.owner,
        )
        with self._lock:
            self._processes = {p for p in self._processes if p.poll() is None}
        return run.returncode

    def _started(self, process: subprocess.Popen[bytes], slugs: Sequence[str]) -> None:
        """Track the crawl, and name its pid in the leases (for the next scheduler, should
        this one die: scheduler.leases)."""
        self._track(process)
        try:
            with self.db.transaction() as conn:
                source_store.note_crawler(conn, slugs, owner=self.owner, pid=process.pid)
        except ScwatchError as exc:
            logger.warning("could not record the crawl's pid in its leases: %s", exc)

    def _track(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._processes.add(process)
        if self._stopping.is_set():
            process.terminate()

    def stop(self) -> None:
        """No new batches; running crawls get one SIGTERM (Scrapy then closes gracefully:
        requests in flight finish, the fetch log is written)."""
        self._stopping.set()
        with self._lock:
            running = [p for p in self._processes if p.poll() is None]
        for process in running:
            process.terminate()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no batch is in flight; False when the timeout came first."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._in_flight, timeout=timeout)
