"""Run real `scrapy crawl` subprocesses against loopback servers and read what they stored.

The one crawl runner of the tests: `run_crawl(spider, config, database_url, log_path,
*scrapy_args, env=...)` fails the test when the crawl crashes or Scrapy logs an error of
ours, and returns the crawl log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection

from scwatch.core.records import AlertRecord, ArticleRecord, FetchRecord
from scwatch.storage import open_database
from scwatch.storage.articles import list_articles
from scwatch.storage.outbox import list_alerts
from scwatch.storage.sources import recent_fetches
from support.paths import ROOT

T = TypeVar("T")

# How Scrapy logs an exception raised by a spider callback, pipeline or signal handler.
# (A robots.txt download error is logged with a traceback too, but that is Scrapy's.)
OUR_CODE_FAILED = (
    "Spider error processing",
    "Error processing",
    "Error caught on signal handler",
    "Unhandled error in Deferred",
    "Error while sending spider_close signal",
)

# Fast and deterministic for loopback tests; politeness defaults are tested elsewhere.
TEST_CRAWL = {
    "user_agent": "scwatch-test/0.1 (+https://example.org/scwatch-contact)",
    "download_delay": 0,
    "autothrottle": False,
    "download_timeout": 10,
    "concurrent_per_domain": 8,
    "allow_private_networks": True,  # the fixture servers live on 127.0.0.1
}


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def write_config(
    path: Path,
    sources: Sequence[Mapping[str, object]],
    crawl: Mapping[str, object] = TEST_CRAWL,
    *,
    database: Path | None = None,
) -> Path:
    """scwatch.toml with a [crawl] table, a [storage] table when `database` is given, and
    one [[sources]] table per source."""
    lines = ["[crawl]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in crawl.items()]
    if database is not None:
        lines += ["", "[storage]", f"database = {toml_value(str(database))}"]
    for source in sources:
        lines += ["", "[[sources]]"]
        lines += [f"{key} = {toml_value(value)}" for key, value in source.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_crawl(
    spider: str,
    config: Path,
    database_url: str,
    log_path: Path,
    *scrapy_args: str,
    env: Mapping[str, str] | None = None,
) -> str:
    """`python -m scrapy crawl SPIDER [ARGS]` from the project folder, with the SCWATCH_ and
    SCRAPY_ variables of this process left out and `env` added; fails the test on a crash
    or an error of our code in the log; returns the crawl log."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SCWATCH_", "SCRAPY_"))}
    clean.update(env or {})
    clean["SCWATCH_DATABASE_URL"] = database_url
    clean["PYTHONPATH"] = str(ROOT)
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        spider,
        "-s",
        f"SCWATCH_CONFIG={config}",
        "-s",
        f"LOG_FILE={log_path}",
        *scrapy_args,
    ]
    result = subprocess.run(
        command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=300, check=False
    )
    log = log_path.read_text(encoding="utf-8") if log_path.exists() else ""
    assert result.returncode == 0, f"{command} failed:\n{result.stderr}\n{log}"
    for symptom in OUR_CODE_FAILED:
        assert symptom not in log, log
    return log


def read_stored(database_url: str, read: Callable[[Connection], T]) -> T:
    """`read(conn)` on a connection of the crawled database."""
    db = open_database(database_url)
    try:
        with db.read() as conn:
            return read(conn)
    finally:
        db.dispose()


def stored_articles(database_url: str) -> list[ArticleRecord]:
    return read_stored(database_url, lambda conn: list_articles(conn, limit=1000))


def stored_alerts(database_url: str) -> list[AlertRecord]:
    return read_stored(database_url, lambda conn: list_alerts(conn, limit=1000))


def fetch_rows(database_url: str, slug: str) -> list[FetchRecord]:
    """The source's fetch-log rows, newest first."""
    return read_stored(database_url, lambda conn: recent_fetches(conn, slug))
