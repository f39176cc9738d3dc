"""`scwatch run` end to end: --once against a loopback site, and a SIGTERM while a crawl is
in flight (the real scheduler, the real `scrapy crawl` subprocess)."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection
from support.cli import console_command, console_env, json_lines, scwatch
from support.crawl import read_stored, write_config
from support.loopback import LoopbackServer

from scwatch.core.records import FetchRecord, SourceRecord
from scwatch.demo.web.server import DemoWeb, start_demo_web
from scwatch.storage import default_sqlite_url
from scwatch.storage.sources import list_sources, recent_fetches

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_web() -> Iterator[DemoWeb]:
    web = start_demo_web()
    yield web
    web.stop()


def test_run_once_crawls_what_is_due_and_then_nothing(
    korean_site: LoopbackServer, tmp_path: Path
) -> None:
    base = korean_site.base_url
    sources = [
        {"slug": "utf8", "kind": "rss", "url": f"{base}/feeds/utf8.xml", "name": "시험 피드"},
        {"slug": "server-error", "kind": "rss", "url": f"{base}/feeds/error.xml"},
        {
            "slug": "local-list",
            "kind": "listing",
            "url": f"{base}/list/page1.html",
            "link_selector": "ul.articles a",
        },
    ]
    config = str(write_config(tmp_path / "scwatch.toml", sources))
    first = scwatch("run", "--once", "--config", config, "--log-dir", str(tmp_path / "logs"))
    assert first.returncode == 0, first.stderr
    assert "crawled 3 due source(s) in 2 batch(es)" in first.stdout
    again = scwatch("run", "--once", "--config", config, "--log-dir", str(tmp_path / "logs"))
    assert "crawled 0 due source(s)" in again.stdout

    health = scwatch("sources", "health", "--format", "json", "--config", config)
    assert health.returncode == 0, health.stderr
    rows = {row["slug"]: row for row in json_lines(health.stdout)}
    assert rows["utf8"]["status"] == "OK" and rows["utf8"]["last_new_at"]
    assert (rows["server-error"]["status"], rows["server-error"]["failures"]) == ("RETRYING", 1)
    assert "HTTP 500" in str(rows["server-error"]["last_error"])
    listed = scwatch("sources", "list", "--health", "--config", config)
    assert listed.returncode == 0 and "Source health" in listed.stdout


def test_sigterm_lets_the_running_crawl_finish_cleanly(demo_web: DemoWeb, tmp_path: Path) -> None:
    base = demo_web.base_url
    sources = [
        {"slug": "gukje", "kind": "rss", "url": f"{base}/gukje/rss/allArticle.xml"},
        {"slug": "slow", "kind": "rss", "url": f"{base}/broken/slow?s=6"},
    ]
    config = write_config(tmp_path / "scwatch.toml", sources)
    logs = tmp_path / "logs"
    # A process of its own: the signal must reach the real console script.
    process = subprocess.Popen(
        console_command("run", "--config", str(config), "--log-dir", str(logs)),
        cwd=tmp_path,
        env=console_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_log_line(logs, "gukje: new ")  # its articles are being stored
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "received SIGTERM: stopping" in err
    assert "scheduler stopped" in out

    stored, fetched = read_stored(default_sqlite_url(tmp_path / "scwatch.db"), sources_and_fetches)
    # The crawl finished its requests and wrote its fetch log; nothing stays leased.
    assert {slug: len(rows) for slug, rows in fetched.items()} == {"gukje": 1, "slow": 1}
    assert fetched["gukje"][0].status == 200 and fetched["gukje"][0].new_items > 0
    assert fetched["slow"][0].status == 200  # answered after the SIGTERM, and still recorded
    assert all(s.lease_owner is None and s.next_due_at is not None for s in stored.values())


def sources_and_fetches(
    conn: Connection,
) -> tuple[dict[str, SourceRecord], dict[str, list[FetchRecord]]]:
    stored = {s.slug: s for s in list_sources(conn)}
    return stored, {slug: recent_fetches(conn, slug) for slug in stored}


def wait_for_log_line(logs: Path, needle: str) -> None:
    """Until the crawl log shows `needle` (the slow feed is still pending then)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for log in logs.glob("run-feeds*.log"):
            if needle in log.read_text(encoding="utf-8", errors="replace"):
                return
        time.sleep(0.1)
    pytest.fail(f"the crawl log never showed {needle!r}")
