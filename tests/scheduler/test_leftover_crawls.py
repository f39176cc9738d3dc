"""What a restarted scheduler does with the leases a dead one left (issue 12, defect 8): a
lease is cleared only once its crawl is over; a leftover crawl of ours is stopped first; a
pid now used by another program is left alone; a crawl on another host keeps its lease."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest
from support.scheduling import Clock

from scwatch.scheduler.leases import parse_owner, this_host
from scwatch.scheduler.service import scheduler_lock
from scwatch.services.runtime import Runtime
from scwatch.storage import sources as source_store

DEAD = f"{this_host()}:999999:deadbeef"  # a scheduler that was killed


@pytest.fixture
def sleepers() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        process.kill()
        process.wait()


def sleeper(started: list[subprocess.Popen[bytes]], *marks: str) -> subprocess.Popen[bytes]:
    """A long-running process whose command line carries `marks`, like a crawl's `-s`."""
    code = "import time; time.sleep(600)"
    process = subprocess.Popen([sys.executable, "-c", code, *marks])
    started.append(process)
    return process


def lease(runtime: Runtime, clock: Clock, slug: str, owner: str, pid: int | None) -> None:
    with runtime.db.transaction() as conn:
        until = clock() + timedelta(minutes=35)
        assert source_store.claim_sources(conn, [slug], owner=owner, now=clock(), until=until)
        if pid is not None:
            source_store.note_crawler(conn, [slug], owner=owner, pid=pid)


def leases(runtime: Runtime) -> dict[str, str]:
    with runtime.db.read() as conn:
        return source_store.list_leases(conn)


def test_a_leftover_crawl_is_stopped_before_its_lease_is_cleared(
    runtime: Runtime, clock: Clock, sleepers: list[subprocess.Popen[bytes]]
) -> None:
    crawl = sleeper(sleepers, "-s", f"SCWATCH_LEASE_OWNER={DEAD}")
    lease(runtime, clock, "feed-0", DEAD, crawl.pid)
    assert parse_owner(leases(runtime)["feed-0"]).crawler_pid == crawl.pid
    with scheduler_lock(runtime.db):
        assert crawl.poll() is not None  # stopped, and only then...
        assert leases(runtime) == {}  # ...the source is free again


def test_a_reused_pid_is_left_alone_and_its_lease_cleared(
    runtime: Runtime, clock: Clock, sleepers: list[subprocess.Popen[bytes]]
) -> None:
    stranger = sleeper(sleepers, "-s", "SCWATCH_LEASE_OWNER=someone-else")
    lease(runtime, clock, "feed-0", DEAD, stranger.pid)
    lease(runtime, clock, "feed-1", f"{this_host()}:999998:cafebabe", None)  # no crawl started
    with scheduler_lock(runtime.db):
        assert stranger.poll() is None
        assert leases(runtime) == {}


def test_a_crawl_on_another_host_keeps_its_lease(runtime: Runtime, clock: Clock) -> None:
    owner = "other-host:4242:0badf00d"
    lease(runtime, clock, "feed-0", owner, 4243)
    with scheduler_lock(runtime.db):
        assert leases(runtime) == {"feed-0": f"{owner}:4243"}


def test_a_crawl_started_just_before_the_kill_is_found_without_its_pid(
    runtime: Runtime, clock: Clock, sleepers: list[subprocess.Popen[bytes]]
) -> None:
    """Regression: killed between starting the crawl and recording its pid, the scheduler
    left a lease without a pid, which was cleared while the crawl ran on (overlap)."""
    crawl = sleeper(sleepers, "-s", f"SCWATCH_LEASE_OWNER={DEAD}")
    lease(runtime, clock, "feed-0", DEAD, None)
    with scheduler_lock(runtime.db):
        assert crawl.poll() is not None
        assert leases(runtime) == {}
