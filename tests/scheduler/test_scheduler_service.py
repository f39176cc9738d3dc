"""The scheduler's jobs, driven directly with a controlled clock (no sleeping, no Scrapy):
catch-up after downtime, one run per source at a time, failures and backoff, the wiring."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from support.cli import scwatch
from support.scheduling import Clock, FakeCrawler

from scwatch.core.clock import KST
from scwatch.core.records import SourceRecord
from scwatch.scheduler.service import SchedulerBusy, SchedulerService, scheduler_lock
from scwatch.services.runtime import Runtime
from scwatch.services.sources import list_sources
from scwatch.storage import sources as source_store

ENABLED = {"feed-0", "feed-1", "feed-2", "city-list"}


def service_for(
    runtime: Runtime, clock: Clock, crawler: FakeCrawler, tmp_path: Path
) -> SchedulerService:
    return SchedulerService(
        runtime.config,
        runtime.db,
        log_dir=tmp_path / "logs",
        runner=crawler,
        clock=clock,
        rng=lambda: 0.5,  # no jitter: plans are exact
    )


def by_slug(runtime: Runtime) -> dict[str, SourceRecord]:
    return {s.slug: s for s in list_sources(runtime.db)}


@pytest.fixture
def paused_scheduler() -> Iterator[BackgroundScheduler]:
    scheduler = BackgroundScheduler(timezone=KST)
    yield scheduler
    if scheduler.running:
        scheduler.shutdown(wait=False)


def test_first_start_crawls_every_enabled_source_once_in_one_batch_per_spider(
    runtime: Runtime, clock: Clock, tmp_path: Path
) -> None:
    crawler = FakeCrawler(runtime, clock)
    service = service_for(runtime, clock, crawler, tmp_path)
    report = service.run_once()
    assert sorted(crawler.crawled()) == sorted(ENABLED)
    assert {spider: sorted(slugs) for spider, slugs in crawler.batches} == {
        "feeds": ["feed-0", "feed-1", "feed-2"],
        "listings": ["city-list"],
    }
    assert all(batch.returncode == 0 and not batch.missing for batch in report.batches)
    sources = by_slug(runtime)
    assert sources["feed-0"].next_due_at == clock.now + timedelta(minutes=30)
    assert sources["city-list"].next_due_at == clock.now + timedelta(hours=1)
    assert sources["off"].last_attempt_at is None


def test_restart_after_downtime_runs_each_overdue_source_exactly_once(
    runtime: Runtime, clock: Clock, tmp_path: Path, paused_scheduler: BackgroundScheduler
) -> None:
    first = FakeCrawler(runtime, clock)
    service_for(runtime, clock, first, tmp_path).run_once()
    clock.advance(hours=10)  # down for 20 of feed-0's intervals
    with runtime.db.transaction() as conn:  # feed-2 was planned beyond the downtime
        source_store.set_next_due(conn, "feed-2", clock.now + timedelta(minutes=20))

    after = FakeCrawler(runtime, clock)
    service = service_for(runtime, clock, after, tmp_path)
    overdue = service.wire(paused_scheduler)
    paused_scheduler.start(paused=True)
    assert overdue == ["city-list", "feed-0", "feed-1"]
    # APScheduler itself owes nothing for the downtime: every source job lies ahead.
    jobs = {job.id: job for job in paused_scheduler.get_jobs()}
    source_jobs = [job for job in jobs.values() if job.id.startswith("source:")]
    assert len(source_jobs) == 4
    assert all(job.next_run_time > clock.now for job in source_jobs)

    service.poller.dispatch()
    service.poller.dispatch()
    assert sorted(after.crawled()) == ["city-list", "feed-0", "feed-1"]
    # Each crawled source's job now waits for its planned time, as stored in the database.
    sources = by_slug(runtime)
    for slug in ("city-list", "feed-0", "feed-1"):
        job = paused_scheduler.get_job(f"source:{slug}")
        assert job is not None and job.next_run_time == sources[slug].next_due_at


def test_a_source_in_flight_is_not_queued_or_crawled_again(
    runtime: Runtime, clock: Clock, tmp_path: Path
) -> None:
    entered, release = threading.Event(), threading.Event()
    crawler = FakeCrawler(runtime, clock)

    def slow(spider: str, slugs: Sequence[str]) -> int:
        entered.set()
        release.wait(timeout=30)
        return crawler(spider, slugs)

    service = service_for(runtime, clock, crawler, tmp_path)
    service.poller.runner = slow
    service.poller.enqueue("feed-0")
    running = threading.Thread(target=service.poller.dispatch)
    running.start()
    try:
        assert entered.wait(timeout=30)
        service.poller.enqueue("feed-0")  # its interval job fires again meanwhile
        assert service.poller.pending() == []
        assert service.poller.dispatch() == []
    finally:
        release.set()
        running.join(timeout=30)
    assert crawler.crawled() == ["feed-0"]


def test_a_second_scheduler_cannot_crawl_what_the_first_has_leased(
    runtime: Runtime, clock: Clock, tmp_path: Path
) -> None:
    with runtime.db.transaction() as conn:
        claimed = source_store.claim_sources(
            conn,
            ["feed-0", "off"],
            owner="first",
            now=clock.now,
            until=clock.now + timedelta(hours=1),
        )
    assert claimed == ["feed-0"]  # a disabled source is never leased
    second = FakeCrawler(runtime, clock)
    service = service_for(runtime, clock, second, tmp_path)
    service.poller.enqueue("feed-0", "feed-1")
    service.poller.dispatch()
    assert second.crawled() == ["feed-1"]
    clock.advance(hours=2)  # the first scheduler died; its lease ran out
    service.poller.enqueue("feed-0")
    service.poller.dispatch()
    assert second.crawled() == ["feed-1", "feed-0"]
    assert by_slug(runtime)["feed-0"].lease_owner is None


def test_only_one_scheduler_process_per_database(runtime: Runtime, tmp_path: Path) -> None:
    env = {"SCWATCH_DATABASE_URL": runtime.config.database_url}
    with scheduler_lock(runtime.db):
        with pytest.raises(SchedulerBusy), scheduler_lock(runtime.db):
            pass
        second = scwatch("run", "--once", "--config", str(runtime.config.path), env=env)
    assert second.returncode == 1
    assert "another `scwatch run` is already scheduling" in second.stderr
    with scheduler_lock(runtime.db):
        pass  # released: a later scheduler starts


def test_a_crawl_that_dies_records_a_failure_and_backs_off(
    runtime: Runtime, clock: Clock, tmp_path: Path
) -> None:
    crawler = FakeCrawler(runtime, clock, silent_skip={"feed-1"}, returncode=-15)
    service = service_for(runtime, clock, crawler, tmp_path)
    service.poller.enqueue("feed-0", "feed-1")
    [report] = service.poller.dispatch()
    assert report.missing == ("feed-1",)
    dead = by_slug(runtime)["feed-1"]
    assert dead.failures == 1
    assert dead.last_error is not None and "exit code -15" in dead.last_error
    assert dead.next_due_at == clock.now + timedelta(minutes=60)
    assert by_slug(runtime)["feed-0"].failures == 0


def test_failures_back_off_exponentially_and_never_disable_the_source(
    runtime: Runtime, clock: Clock, tmp_path: Path
) -> None:
    crawler = FakeCrawler(
        runtime, clock, outcome={"feed-0": (0, 0, "HTTP 500 Internal Server Error")}
    )
    service = service_for(runtime, clock, crawler, tmp_path)
    waits = []
    for _ in range(8):
        service.poller.enqueue("feed-0")
        service.poller.dispatch()
        source = by_slug(runtime)["feed-0"]
        assert source.next_due_at is not None
        waits.append(source.next_due_at - clock.now)
        clock.now = source.next_due_at
    assert waits[:5] == [timedelta(minutes=30 * 2**n) for n in range(1, 6)]
    assert waits[5:] == [timedelta(hours=24)] * 3
    assert by_slug(runtime)["feed-0"].enabled


def test_the_interval_adapts_to_novelty(runtime: Runtime, clock: Clock, tmp_path: Path) -> None:
    crawler = FakeCrawler(
        runtime, clock, outcome={"feed-0": (20, 15, None), "feed-1": (0, 0, None)}
    )
    service = service_for(runtime, clock, crawler, tmp_path)
    for _ in range(4):
        service.poller.enqueue("feed-0", "feed-1")
        service.poller.dispatch()
        clock.advance(minutes=30)
    sources = by_slug(runtime)
    last_crawl = clock.now - timedelta(minutes=30)
    assert sources["feed-0"].next_due_at == last_crawl + timedelta(minutes=15)
    assert sources["feed-1"].next_due_at == last_crawl + timedelta(minutes=120)


def test_wiring_one_job_per_enabled_source_and_the_service_jobs(
    runtime: Runtime, clock: Clock, tmp_path: Path, paused_scheduler: BackgroundScheduler
) -> None:
    service = service_for(runtime, clock, FakeCrawler(runtime, clock), tmp_path)
    service.wire(paused_scheduler)
    paused_scheduler.start(paused=True)
    jobs = {job.id: job for job in paused_scheduler.get_jobs()}
    assert set(jobs) == {f"source:{s}" for s in ENABLED} | {"dispatch", "deliver", "health", "config"}
    assert str(paused_scheduler.timezone) == "Asia/Seoul"
    for job in jobs.values():
        assert job.coalesce is True and job.misfire_grace_time is None
    assert jobs["source:feed-0"].max_instances == 1
    assert jobs["source:feed-0"].trigger.interval == timedelta(minutes=30)
    assert jobs["source:city-list"].trigger.interval == timedelta(hours=1)
    assert jobs["dispatch"].max_instances == service.schedule.parallel_crawls
    assert jobs["dispatch"].trigger.interval == timedelta(seconds=service.schedule.tick_seconds)
    assert jobs["deliver"].trigger.interval == timedelta(minutes=1)
    assert jobs["health"].trigger.interval == timedelta(minutes=5)
    # The interval job queues its source; the dispatch job crawls the queue.
    jobs["source:feed-2"].func(*jobs["source:feed-2"].args)
    assert service.poller.pending()[-1] == "feed-2"


def test_stop_terminates_the_running_crawl_and_starts_no_more(
    runtime: Runtime, clock: Clock, tmp_path: Path
) -> None:
    crawler = FakeCrawler(runtime, clock)
    service = service_for(runtime, clock, crawler, tmp_path)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    service.poller._track(sleeper)  # a crawl subprocess as run_sources reports it
    service.poller.stop()
    assert sleeper.wait(timeout=30) == -15  # SIGTERM: Scrapy's graceful shutdown signal
    service.poller.enqueue("feed-0")
    assert service.poller.dispatch() == []
    assert crawler.crawled() == []


def test_leases_of_a_crashed_scheduler_are_cleared_when_the_next_one_starts(
    runtime: Runtime, clock: Clock
) -> None:
    """Regression: after a kill -9 the sources it was crawling waited ~1 h for their lease."""
    from scwatch.storage import sources as source_store

    with runtime.db.transaction() as conn:
        claimed = source_store.claim_sources(
            conn, ["feed-0"], owner="dead-scheduler", now=clock(),
            until=clock() + timedelta(minutes=35),
        )
    assert claimed == ["feed-0"]
    with scheduler_lock(runtime.db):
        assert by_slug(runtime)["feed-0"].lease_owner is None
