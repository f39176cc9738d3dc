"""Leases left behind by a scheduler that died, and the crawls that may still hold them.

A lease's owner names the scheduler (`host:pid:token`) and, once its crawl has started, the
crawler's pid (`host:pid:token:crawler-pid`, scheduler.poller). The scheduler that takes the
lock next (scheduler.service.scheduler_lock) looks at each one before clearing it:

- no crawler recorded: nothing was crawling for it; cleared;
- a crawler on this host: if that process still runs and is the dead scheduler's crawl (its
  command line carries SCWATCH_LEASE_OWNER=<owner>; a pid reused by another program is left
  alone), it is stopped (SIGTERM, then SIGKILL) and only then is the lease cleared, so the
  same source is never crawled twice at once;
- a crawler on another host, which cannot be checked from here: the lease is kept until it
  expires (crawl timeout plus a margin), by which time that crawl has ended itself.
"""

from __future__ import annotations

import logging
import socket
from collections import defaultdict
from dataclasses import dataclass

import psutil

from scwatch.scheduler.launcher import LEASE_OWNER_SETTING
from scwatch.storage import Database
from scwatch.storage import sources as source_store

logger = logging.getLogger(__name__)

# How long a leftover crawl gets to close after its SIGTERM before it is killed; its own
# lifeline (spiders/lifeline.py) ends it after SCWATCH_STOP_GRACE_S anyway.
LEFTOVER_GRACE_S = 30.0


def this_host() -> str:
    return socket.gethostname()[:30]


@dataclass(frozen=True)
class LeaseHolder:
    scheduler: str  # host:pid:token
    host: str
    crawler_pid: int | None


def parse_owner(owner: str) -> LeaseHolder:
    """The scheduler and crawler a lease owner names; any other text has no crawler."""
    parts = owner.split(":")
    if len(parts) == 4 and parts[1].isdigit() and parts[3].isdigit():
        return LeaseHolder(":".join(parts[:3]), parts[0], int(parts[3]))
    return LeaseHolder(owner, parts[0] if len(parts) >= 3 else "", None)


def recover_leases(db: Database, host: str | None = None) -> int:
    """Clear the leases whose crawl is over (stopping a leftover crawl of ours first); keep
    those of a crawl on another host. Returns how many were cleared."""
    with db.read() as conn:
        leases = source_store.list_leases(conn)
    by_owner: dict[str, list[str]] = defaultdict(list)
    for slug, owner in leases.items():
        by_owner[owner].append(slug)
    over: list[str] = []
    for owner, slugs in by_owner.items():
        holder = parse_owner(owner)
        if holder.crawler_pid is not None and holder.host != (host or this_host()):
            logger.warning(
                "%d source(s) leased to a crawl on %s: left until the lease expires",
                len(slugs),
                holder.host,
            )
            continue
        if holder.crawler_pid is not None:
            stop_leftover(holder.crawler_pid, holder.scheduler)
        over += slugs
    if not over:
        return 0
    with db.transaction() as conn:
        return source_store.clear_leases(conn, over)


def is_leftover(process: psutil.Process, scheduler: str) -> bool:
    """Whether the process is a crawl started by `scheduler` (and not a reused pid)."""
    try:
        return f"{LEASE_OWNER_SETTING}={scheduler}" in process.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False


def stop_leftover(pid: int, scheduler: str) -> None:
    """Stop the crawl `pid` if it still runs and belongs to `scheduler`; wait until it is gone."""
    try:
        process = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    if not is_leftover(process, scheduler):
        return
    logger.warning("a crawl (pid %d) left by a scheduler that died still runs: stopping it", pid)
    try:
        process.terminate()
        process.wait(timeout=LEFTOVER_GRACE_S)
    except psutil.TimeoutExpired:
        process.kill()
        process.wait(timeout=LEFTOVER_GRACE_S)
    except psutil.NoSuchProcess:
        pass
