"""Leases left behind by a scheduler that died, and the crawls that may still hold them.

A lease's owner names the scheduler (`host:pid:token`) and, once its crawl has started, the
crawler's pid (`host:pid:token:crawler-pid`, scheduler.poller). The scheduler that takes the
lock next (scheduler.service.scheduler_lock) looks at each one before clearing it:

- a lease of a scheduler on this host: every crawl that scheduler left still running (its
  command line carries SCWATCH_LEASE_OWNER=<scheduler>; a pid reused by another program
  never does) is stopped (SIGTERM, then SIGKILL), and only then is the lease cleared, so the
  same source is never crawled twice at once;
- a lease whose crawl runs on another host, which cannot be checked from here: kept until it
  expires (crawl timeout plus a margin), by which time that crawl has ended itself;
- a lease of another host with no crawl recorded: cleared (the scheduler that died there
  had not started one; its crawls die with it anyway).
"""

from __future__ import annotations

import contextlib
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
    """Clear the leases whose crawl is over (stopping leftover crawls of ours first); keep
    those of a crawl on another host. Returns how many were cleared."""
    with db.read() as conn:
        leases = source_store.list_leases(conn)
    by_owner: dict[str, list[str]] = defaultdict(list)
    for slug, owner in leases.items():
        by_owner[owner].append(slug)
    over: list[str] = []
    for owner, slugs in by_owner.items():
        holder = parse_owner(owner)
        if holder.host == (host or this_host()):
            stop_leftovers(holder.scheduler)
        elif holder.crawler_pid is not None:
            logger.warning(
                "%d source(s) leased to a crawl on %s: left until the lease expires",
                len(slugs),
                holder.host,
            )
            continue
        over += slugs
    if not over:
        return 0
    with db.transaction() as conn:
        return source_store.clear_leases(conn, over)


def leftover_crawls(scheduler: str) -> list[psutil.Process]:
    """The running crawls started by `scheduler`: their command line names it. Looked up by
    that mark, not only by the pid in the lease, because a scheduler killed right after
    starting a crawl may not have recorded the pid yet; a reused pid never matches."""
    mark = f"{LEASE_OWNER_SETTING}={scheduler}"
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if mark in (process.info.get("cmdline") or ()):
            found.append(process)
    return found


def stop_leftovers(scheduler: str) -> None:
    """Stop the crawls `scheduler` left running (SIGTERM, then SIGKILL); wait until gone."""
    processes = leftover_crawls(scheduler)
    if not processes:
        return
    pids = ", ".join(str(process.pid) for process in processes)
    logger.warning("crawl(s) left by a scheduler that died still run (pid %s): stopping", pids)
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.terminate()
    _, alive = psutil.wait_procs(processes, timeout=LEFTOVER_GRACE_S)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(alive, timeout=LEFTOVER_GRACE_S)
