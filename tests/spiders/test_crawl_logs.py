"""Crawl logs stay small (issue 12, defect 9): a dropped page is logged as its URL and the
reason, never the page itself, and a crawl log rotates by size, keeping a few old files."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.crawl import TEST_CRAWL, run_crawl, write_config
from support.loopback import LoopbackServer, Reply

pytestmark = pytest.mark.slow

PAGE_BYTES = 1_000_000
FILLER = "광고스크립트"  # only a script: no article text, so the page is dropped


def big_page() -> bytes:
    filler = (FILLER * (PAGE_BYTES // len(FILLER.encode()))).encode()
    return b'<html><body><script>var ad = "' + filler + b'";</script></body></html>'


def feed(base: str, count: int) -> bytes:
    items = "".join(
        f"<item><title>큰 쪽 {n}</title><link>{base}/big/{n}.html</link></item>"
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"{items}</channel></rss>"
    ).encode()


def serve_big_pages(count: int) -> LoopbackServer:
    server = LoopbackServer({"/robots.txt": Reply(b"User-agent: *\nAllow: /\n", "text/plain")})
    server.routes["/feed.xml"] = Reply(feed(server.base_url, count), "application/rss+xml")
    page = big_page()
    for n in range(count):
        server.routes[f"/big/{n}.html"] = Reply(page)
    return server


def test_a_dropped_page_is_logged_as_url_and_reason(tmp_path: Path, database_url: str) -> None:
    server = serve_big_pages(1)
    with server.running():
        sources = [{"slug": "big", "kind": "rss", "url": f"{server.base_url}/feed.xml"}]
        config = write_config(tmp_path / "scwatch.toml", sources)
        log = run_crawl("feeds", config, database_url, tmp_path / "crawl.log")
    dropped = [line for line in log.splitlines() if "Dropped: " in line]
    assert len(dropped) == 1, log[-3000:]
    assert f"{server.base_url}/big/0.html" in dropped[0] and "not extracted" in dropped[0]
    assert FILLER not in log
    assert len(log.encode()) < 100_000


def test_the_crawl_log_rotates_by_size(tmp_path: Path, database_url: str) -> None:
    server = serve_big_pages(40)
    crawl = {**TEST_CRAWL, "log_max_mb": 0.002, "log_backups": 2}
    with server.running():
        sources = [{"slug": "big", "kind": "rss", "url": f"{server.base_url}/feed.xml"}]
        config = write_config(tmp_path / "scwatch.toml", sources, crawl)
        run_crawl("feeds", config, database_url, tmp_path / "crawl.log")
    logs = sorted(path.name for path in tmp_path.glob("crawl.log*"))
    assert logs == ["crawl.log", "crawl.log.1", "crawl.log.2"]
    assert all(path.stat().st_size < 10_000 for path in tmp_path.glob("crawl.log*"))
