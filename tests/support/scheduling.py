"""Helpers of the scheduling tests: a controlled clock, a batch runner that records fetches
without Scrapy, and a configured runtime."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scwatch.config import load_config
from scwatch.core.records import FetchValues
from scwatch.services.runtime import Runtime, runtime_for
from scwatch.services.sources import record_fetch
from support.crawl import write_config

START = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)  # 09:00 KST, a Monday


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class FakeCrawler:
    """Stands in for `scrapy crawl`: records one fetch per source at the clock's time.

    `outcome` maps a slug to (items, new_items, error); unlisted sources fetch 10 items,
    none new. Slugs in `silent_skip` get no fetch at all (a crawl that died early)."""

    runtime: Runtime
    clock: Clock
    outcome: dict[str, tuple[int, int, str | None]] = field(default_factory=dict)
    silent_skip: set[str] = field(default_factory=set)
    returncode: int = 0
    batches: list[tuple[str, list[str]]] = field(default_factory=list)

    def __call__(self, spider: str, slugs: Sequence[str]) -> int:
        self.batches.append((spider, list(slugs)))
        for slug in slugs:
            if slug in self.silent_skip:
                continue
            items, new, error = self.outcome.get(slug, (10, 0, None))
            url = self.runtime.config.source(slug).url
            status = 500 if error else 200
            fetch = FetchValues(slug, url, self.clock(), self.clock(), status, items, new, error)
            record_fetch(self.runtime.db, fetch)
        return self.returncode

    def crawled(self) -> list[str]:
        return [slug for _, slugs in self.batches for slug in slugs]


def feed_sources(count: int, interval: str = "30m") -> list[dict[str, object]]:
    return [
        {
            "slug": f"feed-{n}",
            "kind": "rss",
            "url": f"http://127.0.0.1:9/feed-{n}.xml",
            "name": f"시험 피드 {n}",
            "interval": interval,
        }
        for n in range(count)
    ]


def open_runtime_at(
    tmp_path: Path, database_url: str, sources: list[dict[str, object]], extra: str = ""
) -> Runtime:
    path = write_config(tmp_path / "scwatch.toml", sources)
    if extra:
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    config = replace(load_config(path), database_url=database_url)
    return runtime_for(config)
