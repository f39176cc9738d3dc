"""Run real `scrapy crawl` subprocesses against loopback servers and read what they stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from scwatch.core.records import AlertRecord, ArticleRecord, FetchRecord
from scwatch.storage import open_database
from scwatch.storage.articles import list_articles
from scwatch.storage.outbox import list_alerts
from scwatch.storage.sources import recent_fetches

ROOT = Path(__file__).resolve().parents[2]

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
    path: Path, sources: Sequence[Mapping[str, object]], crawl: Mapping[str, object] = TEST_CRAWL
) -> Path:
    """scwatch.toml with a [crawl] table and one [[sources]] table per source."""
    lines = ["[crawl]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in crawl.items()]
    for source in sources:
        lines += ["", "[[sources]]"]
        lines += [f"{key} = {toml_value(value)}" for key, value in source.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_scrapy(
    spider: str, config: Path, database_url: str, log_path: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """`python -m scrapy crawl SPIDER` from the project folder; fails the test on a crash."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCWATCH_", "SCRAPY_"))}
    env["SCWATCH_DATABASE_URL"] = database_url
    env["PYTHONPATH"] = str(ROOT)
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
        *extra,
    ]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    log = log_path.read_text(encoding="utf-8") if log_path.exists() else ""
    assert result.returncode == 0, f"{command} failed:\n{result.stderr}\n{log}"
    for symptom in OUR_CODE_FAILED:
        assert symptom not in log, log
    return result


def stored_articles(database_url: str) -> list[ArticleRecord]:
    db = open_database(database_url)
    try:
        with db.read() as conn:
            return list_articles(conn, limit=1000)
    finally:
        db.dispose()


def fetch_rows(database_url: str, slug: str) -> list[FetchRecord]:
    """The source's fetch-log rows, newest first."""
    db = open_database(database_url)
    try:
        with db.read() as conn:
            return recent_fetches(conn, slug)
    finally:
        db.dispose()


def stored_alerts(database_url: str) -> list[AlertRecord]:
    db = open_database(database_url)
    try:
        with db.read() as conn:
            return list_alerts(conn, limit=1000)
    finally:
        db.dispose()
