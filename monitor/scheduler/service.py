"""`scwatch run`: the long-running scheduler, APScheduler 3.x wiring (timezone Asia/Seoul).

The database, not APScheduler's memory, says when each source is due (`sources.next_due_at`),
so a restart catches up each overdue source exactly once, however long the downtime was.
Jobs (all with coalesce, no misfire grace limit):
- `source:<slug>`, one per enabled source, on the source's interval (with jitter): puts the
  source in the due queue; after each crawl it is moved to the source's planned due time;
- `dispatch` every `tick_seconds`: crawls the queue in batches (scwatch.scheduler.poller);
- `deliver` every `deliver_every_seconds`: the alert outbox;
- `health` every `check_every_minutes`: opens and closes source-health incidents;
- `config` every few seconds: reloads a changed configuration file (SIGHUP asks for it too;
  scwatch.config.watch).

SIGTERM or SIGINT stops scheduling; a running crawl gets one SIGTERM and closes gracefully,
so its fetch log and articles are written whole before the process exits.
"""

from __future__ import annotations

import logging
import random
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from scwatch.config import Config, secret_values
from scwatch.config.watch import ConfigWatcher
from scwatch.core.clock import KST, utcnow
from scwatch.core.errors import ScwatchError
from scwatch.core.policy.health import HealthReport
from scwatch.core.records import SourceRecord
from scwatch.core.redact import add_secrets
from scwatch.notify import build_notifiers
from scwatch.scheduler.leases import recover_leases
from scwatch.scheduler.poller import BatchReport, BatchRunner, Poller
from scwatch.services.deliver import DeliveryReport, Pacing, deliver_due
from scwatch.services.digest import send_empty_digests
from scwatch.services.incidents import check_health
from scwatch.services.sources import sync_sources
from scwatch.storage import Database
from scwatch.storage import sources as source_store

logger = logging.getLogger(__name__)

# One run of a job at a time; missed runs collapse into one; a late run still runs.
JOB_DEFAULTS: dict[str, Any] = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
# How long a stopping scheduler waits for the crawl it asked to finish.
STOP_GRACE_S = 90.0
# How often the configuration file is looked at (a stat, nothing more when unchanged).
CONFIG_CHECK_S = 5


class SchedulerBusy(ScwatchError):
    """Another `scwatch run` already schedules crawls on this database."""


def source_job_id(slug: str) -> str:
    return f"source:{slug}"


@contextmanager
def scheduler_lock(db: Database) -> Iterator[None]:
    """Hold the database's scheduler lock; SchedulerBusy when another process has it."""
    lock = source_store.acquire_scheduler_lock(db)
    if lock is None:
        raise SchedulerBusy(
            "another `scwatch run` is already scheduling crawls on this database; "
            "stop it first (only one scheduler may run per database)"
        )
    try:
        stale = recover_leases(db)
        if stale:
            logger.warning("cleared %d source lease(s) left by a scheduler that died", stale)
        yield
    finally:
        lock.release()


@dataclass
class CycleReport:
    """What `scwatch run --once` did."""

    batches: list[BatchReport] = field(default_factory=list)
    health: HealthReport = field(default_factory=HealthReport)
    delivery: DeliveryReport = field(default_factory=DeliveryReport)


class SchedulerService:
    def __init__(
        self,
        config: Config,
        db: Database,
        *,
        log_dir: Path,
        runner: BatchRunner | None = None,
        clock: Callable[[], datetime] = utcnow,
        rng: Callable[[], float] | None = None,
    ) -> None:
        self.config, self.db, self.clock = config, db, clock
        self.schedule = config.schedule
        self.health = config.health
        self.poller = Poller(
            config,
            db,
            self.schedule,
            log_dir=log_dir,
            runner=runner,
            clock=clock,
            rng=rng or random.random,
        )
        self.notifiers = build_notifiers(config.channels)
        self.digests_checked_at = clock()
        self.watcher = ConfigWatcher(config)

    def deliver(self) -> DeliveryReport:
        """Deliver due alerts; then, for digest rules that ask for it, say "no new stories"
        for a slot that had none."""
        pacing = Pacing(budget=self.schedule.deliver_budget)
        report = deliver_due(self.db, self.notifiers, now=self.clock, pacing=pacing)
        for error in report.errors:
            logger.warning("alert delivery: %s", error)
        now = self.clock()
        for line in send_empty_digests(
            self.db, self.notifiers, self.config.rules, self.digests_checked_at, now
        ):
            logger.info("%s", line)
        self.digests_checked_at = now
        return report

    def check(self) -> HealthReport:
        report = check_health(self.db, self.health, self.config.channels, now=self.clock)
        for change in report.opened:
            logger.warning("source health incident opened: %s", change)
        for change in report.closed:
            logger.info("source health incident closed: %s", change)
        return report

    def wire(self, scheduler: BaseScheduler) -> list[str]:
        """Add every job; returns the overdue sources queued for catch-up."""
        now = self.clock()
        overdue = set(self.poller.catch_up())
        for record in self.poller.sources():
            self._add_source(scheduler, record, caught_up=record.slug in overdue)
        self._add_service_jobs(scheduler, now)
        self.poller.on_planned = lambda slug, due: self._replan(scheduler, slug, due)
        return sorted(overdue)

    def _add_source(self, scheduler: BaseScheduler, record: SourceRecord, caught_up: bool) -> None:
        now = self.clock()
        interval = timedelta(minutes=record.interval_minutes)
        first = record.next_due_at
        if caught_up or first is None or first <= now:
            first = now + interval  # being caught up; replanned after its crawl
        scheduler.add_job(
            self.poller.enqueue,
            IntervalTrigger(
                seconds=int(interval.total_seconds()),
                jitter=int(interval.total_seconds() * self.schedule.jitter) or None,
                timezone=KST,
            ),
            args=[record.slug],
            id=source_job_id(record.slug),
            name=f"poll {record.slug}",
            next_run_time=first,
            replace_existing=True,
            **JOB_DEFAULTS,
        )

    def _add_service_jobs(self, scheduler: BaseScheduler, now: datetime) -> None:
        # Batches may overlap (a slow one need not hold up the rest); sources never do.
        parallel = {"max_instances": self.schedule.parallel_crawls}
        self._add(
            scheduler, self.poller.dispatch, "dispatch", self.schedule.tick_seconds, now, parallel
        )
        self._add(scheduler, self.deliver, "deliver", self.schedule.deliver_every_seconds, now)
        check_s = self.health.check_every_minutes * 60
        self._add(scheduler, self.check, "health", check_s, now + timedelta(seconds=check_s))
        first_look = now + timedelta(seconds=CONFIG_CHECK_S)
        self._add(scheduler, lambda: self.reload(scheduler), "config", CONFIG_CHECK_S, first_look)

    def reload(self, scheduler: BaseScheduler) -> bool:
        """Apply a changed, valid configuration file; True when one was applied."""
        config = self.watcher.poll()
        if config is None:
            return False
        self.apply(config, scheduler)
        return True

    def apply(self, config: Config, scheduler: BaseScheduler) -> None:
        """Run on `config` from now on: sources, schedule, rules, channels and health."""
        sync_sources(self.db, config.sources)
        self.config, self.schedule, self.health = config, config.schedule, config.health
        self.poller.config, self.poller.settings = config, config.schedule
        self.notifiers = build_notifiers(config.channels)
        add_secrets(secret_values(config))  # a new channel's secret stays out of the log too
        wanted = {record.slug: record for record in self.poller.sources()}
        for job in scheduler.get_jobs():
            slug = job.id.removeprefix("source:")
            if job.id.startswith("source:") and slug not in wanted:
                scheduler.remove_job(job.id)
                logger.info("source %s no longer scheduled", slug)
        for slug, record in wanted.items():
            job = scheduler.get_job(source_job_id(slug))
            if job is None and (record.next_due_at is None or record.next_due_at <= self.clock()):
                self.poller.enqueue(slug)  # a new source is crawled at once
            if job is None or job.trigger.interval != timedelta(minutes=record.interval_minutes):
                self._add_source(scheduler, record, caught_up=job is None)
        self._add_service_jobs(scheduler, self.clock())

    @staticmethod
    def _add(
        scheduler: BaseScheduler,
        job: Callable[[], object],
        name: str,
        every_s: int,
        first: datetime,
        overrides: dict[str, Any] | None = None,
    ) -> None:
        scheduler.add_job(
            job,
            IntervalTrigger(seconds=every_s, timezone=KST),
            id=name,
            name=name,
            next_run_time=first,
            replace_existing=True,
            **{**JOB_DEFAULTS, **(overrides or {})},
        )

    @staticmethod
    def _replan(scheduler: BaseScheduler, slug: str, due: datetime) -> None:
        try:
            scheduler.modify_job(source_job_id(slug), next_run_time=due)
        except JobLookupError:
            logger.debug("no job for %s (removed while it was crawled)", slug)

    def run_forever(self) -> None:
        """Block until SIGTERM or SIGINT, then stop cleanly."""
        scheduler = BlockingScheduler(timezone=KST)
        overdue = self.wire(scheduler)
        sources = [job for job in scheduler.get_jobs() if job.id.startswith("source:")]
        logger.info("scheduling %d source(s); %d overdue: crawled now", len(sources), len(overdue))

        def stop() -> None:
            self.poller.stop()
            if scheduler.running:
                scheduler.shutdown(wait=False)

        with stop_on_signals(stop), reload_on_sighup(self.watcher.request):
            scheduler.start()
        self._finish_stopping()

    def run_once(self) -> CycleReport:
        """Crawl every overdue source once, check health, deliver due alerts; then return."""
        report = CycleReport()
        with stop_on_signals(self.poller.stop):
            self.poller.catch_up()
            while self.poller.pending() and not self.poller.stopping:
                report.batches += self.poller.dispatch()
            report.health = self.check()
            report.delivery = self.deliver()
        self._finish_stopping()
        return report

    def _finish_stopping(self) -> None:
        if not self.poller.wait_idle(STOP_GRACE_S):
            logger.warning("a crawl was still running after %.0f s; leaving it", STOP_GRACE_S)


@contextmanager
def reload_on_sighup(request: Callable[[], None]) -> Iterator[None]:
    """SIGHUP asks for a configuration reload (taken at the next `config` job, within
    CONFIG_CHECK_S seconds), as daemons do."""

    def handle(_signum: int, _frame: FrameType | None) -> None:
        logger.info("received SIGHUP: reloading the configuration")
        request()

    previous = signal.signal(signal.SIGHUP, handle)
    try:
        yield
    finally:
        signal.signal(signal.SIGHUP, previous)


@contextmanager
def stop_on_signals(stop: Callable[[], None]) -> Iterator[None]:
    """SIGTERM and SIGINT call `stop` (once is enough; the crawl gets one SIGTERM)."""

    def handle(signum: int, _frame: FrameType | None) -> None:
        logger.info("received %s: stopping", signal.Signals(signum).name)
        stop()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
