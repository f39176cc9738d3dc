"""Fault injection: SIGKILL the crawler, the delivery worker and the scheduler at random
moments while a loopback news web publishes, then check that nothing was lost or doubled.

Everything runs on 127.0.0.1: a news web that publishes one article every 0.25 s on 4
feeds (benchmarks/fault_web.py), a webhook receiver that logs every delivery and its
Idempotency-Key, and the real processes (`scwatch run`, `scwatch crawl`, `scwatch alerts
send` and the `scrapy crawl` children they start; benchmarks/fault_fleet.py), each started
again whenever it is not running. Each kill picks a target (the scheduler, `scwatch crawl`,
the sender or a crawler), waits for one of its processes and kills it with SIGKILL a random
number of seconds later, until `--kills` kills are done and every article is published
(bounded by `--max-seconds`). Then the scheduler gets a SIGTERM, and a final `scwatch crawl`
and `scwatch alerts send` run without faults (the sends for at most `--settle` seconds).
Checked: every published article stored exactly once, every story alerted, every alert
delivered, duplicate deliveries raw and after dropping repeated keys, orphan processes
(seen during the faults, left at the end), lock errors in the logs, and the database's
integrity (SQLite: PRAGMA integrity_check and foreign_key_check; PostgreSQL: amcheck's
bt_index_check; both: the UNIQUE keys and story links). PostgreSQL runs use a fresh database
on 127.0.0.1:5432 (user postgres), dropped afterwards.

Prints one JSON object; exits 1 when a check fails.

    python benchmarks/faults.py [--kills 50] [--backend sqlite|postgresql] [--seed 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from fault_checks import (  # noqa: E402
    alert_figures,
    article_figures,
    integrity,
    lock_errors,
    tracebacks,
)
from fault_fleet import Fleet  # noqa: E402
from fault_web import NewsWeb, Receiver  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
FEEDS = 4
PENDING = "WHERE status = 'pending'"


# Each kill picks a target, waits for one of its processes, lets it run a random number of
# seconds in this range (its start-up, its work, its end) and kills it. "crawler" is a
# `scrapy crawl` started by `scwatch run` or by `scwatch crawl`.
LIFETIMES = {
    "scheduler": (0.5, 6.0),
    "crawl": (0.5, 5.0),
    "sender": (0.5, 5.0),
    "crawler": (0.0, 2.5),
}


@dataclass(frozen=True)
class FaultSettings:
    kills: int = 50
    backend: str = "sqlite"
    seed: int = 1
    articles: int = 300
    every: float = 0.25  # seconds between two published articles
    max_seconds: float = 420.0  # the kill phase never lasts longer
    settle: float = 90.0  # the final clean run's budget for delivering what is left


@contextmanager
def fresh_database(backend: str, workdir: Path) -> Iterator[str]:
    """The SQLAlchemy URL of an empty database (PostgreSQL: created now, dropped after)."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'faults.db'}"
        return
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"scwatch_faults_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def write_config(workdir: Path, web: NewsWeb) -> Path:
    """Four feed sources polled every minute, a fast scheduler, one rule to a webhook."""
    lines = [
        "[crawl]",
        "allow_private_networks = true",  # the news web is on 127.0.0.1
        "download_delay = 0",
        "autothrottle = false",
        "concurrent_per_domain = 8",
        "download_timeout = 10",
        "",
        "[schedule]",
        "tick_seconds = 1",
        "deliver_every_seconds = 5",
        "jitter = 0",
        "",
        "[channels.hook]",
        'type = "webhook"',
        'url_env = "SCWATCH_FAULTS_HOOK_URL"',
        "",
        "[[rules]]",
        'name = "faults"',
        'query = "스마트시티"',
        'channels = ["hook"]',
    ]
    for feed in range(FEEDS):
        lines += ["", "[[sources]]", f'slug = "news-{feed}"', 'kind = "rss"']
        lines += [f'url = "{web.feed_url(feed)}"', 'interval = "1m"']
    path = workdir / "scwatch.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fleet_env(database_url: str, hook_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCWATCH_", "SCRAPY_"))}
    env.update(SCWATCH_DATABASE_URL=database_url, SCWATCH_FAULTS_HOOK_URL=hook_url)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def kill_phase(fleet: Fleet, web: NewsWeb, settings: FaultSettings) -> float:
    """Keep every process running; kill a random target at a random moment of its life,
    `settings.kills` times, and until every article is published. Returns the seconds."""
    rng = random.Random(settings.seed)
    started = time.monotonic()
    deadline = started + settings.max_seconds
    done = 0
    while (done < settings.kills or not web.done) and time.monotonic() < deadline:
        fleet.keep_running()
        if done >= settings.kills:
            fleet.watch()
            time.sleep(0.5)
            continue
        target = rng.choice(sorted(LIFETIMES))
        done += kill_one(fleet, target, rng.uniform(*LIFETIMES[target]), rng, deadline)
    return time.monotonic() - started


def kill_one(fleet: Fleet, target: str, age: float, rng: random.Random, deadline: float) -> bool:
    """Wait for a live process of `target` (the fleet kept running meanwhile), let it run
    `age` more seconds, then SIGKILL it. False when none came or it ended first."""
    while time.monotonic() < deadline:
        fleet.keep_running()
        fleet.watch()
        found = [(k, p) for k, p in fleet.victims() if k.endswith(target)]
        if found:
            kind, process = rng.choice(found)
            time.sleep(age)
            fleet.watch()
            return fleet.kill(kind, process)
        time.sleep(0.1)
    return False


def final_run(fleet: Fleet, web: NewsWeb, settings: FaultSettings) -> dict[str, Any]:
    """No more faults: stop the scheduler cleanly, let the others end, crawl once more,
    deliver until nothing is pending or the settle time is up."""
    web.publish_all_now()  # only when the kill phase hit its time limit
    fleet.stop("scheduler", timeout=120)
    for kind in ("crawl", "sender"):
        fleet.wait(kind, timeout=120)
    orphans_after_faults = len(fleet.orphans())
    fleet.start("crawl")
    crawl_exit = fleet.wait("crawl", timeout=300)
    deadline = time.monotonic() + settings.settle
    sends = 0
    while time.monotonic() < deadline:
        fleet.start("sender")
        fleet.wait("sender", timeout=120)
        sends += 1
        if not count_rows(fleet.env["SCWATCH_DATABASE_URL"], "alerts", PENDING):
            break
        time.sleep(2)
    return {
        "orphans_after_faults": orphans_after_faults,
        "final_crawl_exit": crawl_exit,
        "final_sends": sends,
    }


def count_rows(url: str, table: str, where: str = "") -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            query = f"SELECT COUNT(*) FROM {table} {where}"
            return int(conn.exec_driver_sql(query).scalar_one())
    finally:
        engine.dispose()


def database_figures(url: str, web: NewsWeb, receiver: Receiver) -> dict[str, Any]:
    published = [web.article_url(p.number) for p in web.published]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            figures = article_figures(conn, published)
            figures |= alert_figures(conn, receiver.deliveries)
    finally:
        engine.dispose()
    return figures | integrity(url)


def run_faults(settings: FaultSettings, workdir: Path) -> dict[str, Any]:
    """One whole fault run in `workdir`; the figures, with `ok` saying whether all held."""
    (workdir / "proc").mkdir(parents=True, exist_ok=True)
    with (
        fresh_database(settings.backend, workdir) as url,
        NewsWeb(FEEDS, settings.articles, settings.every).running() as web,
        Receiver(settings.seed).running() as receiver,
    ):
        write_config(workdir, web)
        fleet = Fleet(workdir, fleet_env(url, receiver.url))
        try:
            seconds = kill_phase(fleet, web, settings)
            during = count_rows(url, "articles")
            final_started = time.monotonic()
            final = final_run(fleet, web, settings)
            final["final_run_seconds"] = round(time.monotonic() - final_started, 1)
            orphans_left = len(fleet.wait_for_orphans(timeout=5))
        finally:
            leftovers = fleet.clean_up()
        figures = database_figures(url, web, receiver)
    logs = [*(workdir / "logs").glob("*.log"), *(workdir / "proc").glob("*.log")]
    result = {
        "backend": settings.backend,
        "seed": settings.seed,
        "kills": sum(fleet.kills.values()),
        "kills_by_target": dict(sorted(fleet.kills.items())),
        "kill_phase_seconds": round(seconds, 1),
        "articles_stored_during_faults": during,
        "processes_started": dict(sorted(fleet.started.items())),
        "orphans_seen": len(fleet.orphans_seen),
        "orphans_left": orphans_left,
        "processes_killed_at_cleanup": leftovers,
        "max_concurrent_crawlers": fleet.max_crawlers,
        "lock_errors": lock_errors(logs),
        "tracebacks_in_logs": tracebacks(logs),
        **final,
        **figures,
    }
    return result | {"ok": passed(result, settings)}


# What a fault run must leave at zero, whatever it killed.
MUST_BE_ZERO = (
    "articles_lost",
    "articles_stored_twice",
    "stories_without_alert",
    "alerts_undelivered",
    "alerts_pending",
    "alerts_dead",
    "duplicate_deliveries_after_dedup",
    "orphans_left",
    "lock_errors",
)


def passed(figures: dict[str, Any], settings: FaultSettings) -> bool:
    """Every invariant of the fault run held."""
    return (
        figures["kills"] >= settings.kills
        and all(figures[name] == 0 for name in MUST_BE_ZERO)
        and figures["integrity"] == "ok"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=int, default=FaultSettings.articles)
    parser.add_argument("--max-seconds", type=float, default=FaultSettings.max_seconds)
    parser.add_argument("--settle", type=float, default=FaultSettings.settle)
    parser.add_argument("--json", action="store_true", help="one line of JSON (no indent)")
    args = parser.parse_args(argv)
    settings = FaultSettings(
        kills=args.kills,
        backend=args.backend,
        seed=args.seed,
        articles=args.articles,
        max_seconds=args.max_seconds,
        settle=args.settle,
    )
    with tempfile.TemporaryDirectory(prefix="scwatch-faults-") as folder:
        figures = run_faults(settings, Path(folder))
    print(json.dumps(figures, ensure_ascii=False, indent=None if args.json else 2))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
