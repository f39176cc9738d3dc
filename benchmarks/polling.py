"""Polling benchmark: one scheduling cycle over 1,000 feed sources on loopback servers.

The feeds sit on 50 loopback hosts (127.0.1.1 ... 127.0.1.50, 20 feeds each) so per-host
politeness applies as it would on the open web; the crawl runs with the default [crawl]
settings (robots.txt, 0.5 s download delay, 2 requests per host, AutoThrottle). The mix:
  70 % unchanged, honouring ETag (304),
  10 % unchanged, ignoring validators (200 with the same body: the body hash skips it),
  15 % changed (one new item each, fetched and stored),
   5 % failing (HTTP 500, retried twice by Scrapy, then recorded as a failure).
A warm-up cycle stores each feed's validators (its 20 items were stored beforehand); the
measured cycle is what `scwatch run` does when all 1,000 are due at once: one
`scrapy crawl feeds -a sources=...` subprocess, then the plan of each source's next poll.

Prints one JSON line: wall time, CPU time (scheduler and crawler), peak RSS, and the
crawler's counters (feeds parsed vs unchanged).

    python benchmarks/polling.py [--feeds 1000] [--hosts 50]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import article_body  # noqa: E402

from scwatch.config import load_config  # noqa: E402
from scwatch.core.text.keys import url_key  # noqa: E402
from scwatch.scheduler.launcher import run_sources  # noqa: E402
from scwatch.scheduler.service import SchedulerService  # noqa: E402
from scwatch.services.runtime import Runtime, runtime_for  # noqa: E402
from scwatch.storage import articles as article_store  # noqa: E402

ITEMS = 20
KINDS = ("etag",) * 14 + ("same",) * 2 + ("changed",) * 3 + ("failing",)


@dataclass
class FeedState:
    version: int = 0  # changed feeds: item numbers version .. version + ITEMS - 1


class FeedHosts:
    """One ThreadingHTTPServer per loopback host; feed i lives on host i % hosts."""

    def __init__(self, feeds: int, hosts: int) -> None:
        self.feeds, self.state = feeds, FeedState()
        self.servers = [
            ThreadingHTTPServer((f"127.0.1.{n + 1}", 0), self._handler()) for n in range(hosts)
        ]
        for server in self.servers:
            server.daemon_threads = True

    def kind(self, feed: int) -> str:
        return KINDS[(feed // len(self.servers)) % len(KINDS)]

    def feed_url(self, feed: int) -> str:
        host, port = self.servers[feed % len(self.servers)].server_address[:2]
        return f"http://{host!s}:{port}/feed/{feed}.xml"

    def item_urls(self, feed: int) -> list[str]:
        base = self.feed_url(feed).rsplit("/feed/", 1)[0]
        first = self.state.version if self.kind(feed) == "changed" else 0
        return [f"{base}/article/{feed}/{n}.html" for n in range(first, first + ITEMS)]

    def feed_body(self, feed: int) -> tuple[bytes, str]:
        items = "".join(
            f"<item><title>피드 {feed} 기사 {url.rsplit('/', 1)[1]}</title>"
            f"<link>{escape(url)}</link><guid>{escape(url)}</guid>"
            "<pubDate>Mon, 03 Mar 2025 09:00:00 +0900</pubDate></item>"
            for url in reversed(self.item_urls(feed))
        )
        body = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>시험 피드 {feed}</title><link>http://example.invalid/</link>{items}"
            "</channel></rss>"
        ).encode()
        version = self.state.version if self.kind(feed) == "changed" else 0
        return body, f'"{feed}-{version}"'

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hosts = self

        class Handler(FeedHandler):
            feeds = hosts

        return Handler

    @contextmanager
    def running(self) -> Iterator[FeedHosts]:
        threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in self.servers]
        for thread in threads:
            thread.start()
        try:
            yield self
        finally:
            for server in self.servers:
                server.shutdown()
                server.server_close()


class FeedHandler(BaseHTTPRequestHandler):
    """robots.txt, the feeds (304 when the ETag matches, 500 for failing ones), articles."""

    protocol_version = "HTTP/1.1"
    feeds: FeedHosts

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self._reply(200, b"User-agent: *\nAllow: /\n", "text/plain")
        elif self.path.startswith("/feed/"):
            self._feed(int(self.path.split("/")[2].split(".")[0]))
        elif self.path.startswith("/article/"):
            _, _, feed, page = self.path.split("/")
            self._reply(200, article_page(int(feed), page), "text/html; charset=utf-8")
        else:
            self._reply(404, b"not found", "text/plain")

    def _feed(self, feed: int) -> None:
        kind = self.feeds.kind(feed)
        if kind == "failing":
            self._reply(500, b"internal error", "text/plain")
            return
        body, etag = self.feeds.feed_body(feed)
        if kind == "same":  # validators ignored: the same body every time
            self._reply(200, body, "application/rss+xml")
        elif self.headers.get("If-None-Match") == etag:
            self._reply(304, b"", None, {"ETag": etag})
        else:
            self._reply(200, body, "application/rss+xml", {"ETag": etag})

    def _reply(
        self, status: int, body: bytes, ctype: str | None, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def article_page(feed: int, page: str) -> bytes:
    index = feed * 1000 + int(page.split(".")[0])
    return (
        f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>기사 {index}</title>'
        f"</head><body><article><h1>시험 기사 {index}</h1>{article_body(index)}</article>"
        "</body></html>"
    ).encode()


def write_config(workdir: Path, hosts: FeedHosts) -> Path:
    # Loopback hosts stand in for the web, so the SSRF guard is told to let them through.
    lines = ["[storage]", 'database = "bench.db"', "", "[crawl]", "allow_private_networks = true"]
    lines += ["", "[channels.jsonl]", 'type = "jsonl"']
    lines.append('path = "alerts.jsonl"')
    for feed in range(hosts.feeds):
        lines += ["", "[[sources]]", f'slug = "feed-{feed}"', 'kind = "rss"']
        lines.append(f'url = "{hosts.feed_url(feed)}"')
    path = workdir / "scwatch.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def seed_articles(runtime: Runtime, hosts: FeedHosts) -> None:
    """Every feed's current items are stored already, as after an earlier crawl."""
    now = datetime.now(UTC)
    with runtime.db.transaction() as conn:
        for feed in range(hosts.feeds):
            for url in hosts.item_urls(feed):
                key = url_key(url)
                values = {
                    "source": f"feed-{feed}",
                    "url": url,
                    "canonical_url": url,
                    "url_key": key,
                    "title": url,
                    "body": url,
                    "search_text": url,
                    "content_key": key,
                    "first_seen_at": now,
                }
                article_store.insert_article(conn, values)


class MeasuredRunner:
    """The scheduler's batch runner, plus a sampler of the crawler's resident memory."""

    def __init__(self, runtime: Runtime, workdir: Path) -> None:
        self.runtime, self.workdir = runtime, workdir
        self.peak_rss = 0
        self.log_path = workdir / "feeds.log"

    def __call__(self, spider: str, slugs: Sequence[str]) -> int:
        self.log_path = self.workdir / f"{spider}-{time.monotonic_ns()}.log"
        run = run_sources(
            self.runtime.config, spider, slugs, log_path=self.log_path, on_start=self._sample
        )
        return run.returncode

    def _sample(self, process: object) -> None:
        pid = getattr(process, "pid", None)

        def sample() -> None:
            try:
                watched = psutil.Process(pid)
                while watched.is_running() and watched.status() != psutil.STATUS_ZOMBIE:
                    self.peak_rss = max(self.peak_rss, watched.memory_info().rss)
                    time.sleep(0.05)
            except psutil.NoSuchProcess:
                return

        threading.Thread(target=sample, daemon=True).start()

    def counters(self) -> dict[str, int]:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        found = re.findall(r"'(scwatch/[a-z_/]+|item_scraped_count)': (\d+)", text)
        return {name: int(value) for name, value in found}


def cycle(service: SchedulerService, slugs: list[str]) -> None:
    service.poller.enqueue(*slugs)
    service.poller.dispatch()


@dataclass
class Cycle:
    wall_s: float
    scheduler_cpu_s: float
    crawler_cpu_s: float
    counters: dict[str, int]
    crawler_peak_rss: int
    new_articles: int


def measured_cycle(feeds: int, hosts: FeedHosts, workdir: Path) -> Cycle:
    config = load_config(write_config(workdir, hosts))
    runtime = runtime_for(config)
    seed_articles(runtime, hosts)
    runner = MeasuredRunner(runtime, workdir)
    service = SchedulerService(config, runtime.db, log_dir=workdir, runner=runner)
    slugs = [f"feed-{n}" for n in range(feeds)]
    cycle(service, slugs)  # warm-up: validators and body hashes stored
    hosts.state.version += 1  # the changed feeds now carry one new item each
    runner.peak_rss = 0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, started = time.process_time(), time.perf_counter()
    cycle(service, slugs)
    wall, scheduler_cpu = time.perf_counter() - started, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    with runtime.db.read() as conn:
        new_articles = article_store.count_articles(conn) - feeds * ITEMS
    runtime.close()
    crawler_cpu = after.ru_utime - children.ru_utime + after.ru_stime - children.ru_stime
    return Cycle(wall, scheduler_cpu, crawler_cpu, runner.counters(), runner.peak_rss, new_articles)


def measure(feeds: int, hosts_count: int) -> dict[str, object]:
    hosts = FeedHosts(feeds, hosts_count)
    with tempfile.TemporaryDirectory() as tmp, hosts.running():
        result = measured_cycle(feeds, hosts, Path(tmp))
    counters = result.counters
    return {
        "benchmark": "polling",
        "feeds": feeds,
        "hosts": hosts_count,
        "cpus": os.cpu_count(),
        "mix": {kind: KINDS.count(kind) * feeds // len(KINDS) for kind in dict.fromkeys(KINDS)},
        "wall_s": round(result.wall_s, 2),
        "scheduler_cpu_s": round(result.scheduler_cpu_s, 2),
        "crawler_cpu_s": round(result.crawler_cpu_s, 2),
        "crawler_peak_rss_mib": round(result.crawler_peak_rss / 2**20, 1),
        "scheduler_peak_rss_mib": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
        "feeds_parsed": counters.get("scwatch/feed/parsed", 0),
        "feeds_unchanged": counters.get("scwatch/feed/unchanged", 0),
        "feeds_not_modified": counters.get("scwatch/feed/not_modified", 0),
        "sources_failed": counters.get("scwatch/source/failed", 0),
        "new_articles": result.new_articles,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    args = parser.parse_args()
    print(json.dumps(measure(args.feeds, args.hosts), ensure_ascii=False))


if __name__ == "__main__":
    main()
