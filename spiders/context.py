"""The crawl context: one monitor runtime per crawl, shared by the spider, middlewares,
pipelines and extension, and what the fetch log needs (one fetch summary per source, the
articles it added, the articles that failed or got no answer).

The context belongs to the crawler's scwatch add-on (spiders/addon.py), which opens the
runtime (database, rules, ingestor) from the configuration it loaded when the first
component asks for `scwatch_addon(crawler).context`, and closes it when the engine stops,
after every spider_closed handler has used it. Nothing here is module-global.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scwatch.core.records import SourceSummary
from scwatch.services.runtime import Runtime
from scwatch.services.sources import FetchLog


@dataclass
class SourceFetch:
    """What happened when a source's feed or list pages were fetched in this crawl."""

    source: str
    url: str
    started_at: datetime
    finished_at: datetime
    status: int | None
    items: int = 0
    error: str | None = None
    feed: FeedState | None = None


@dataclass(frozen=True)
class FeedState:
    """A feed's validators after this fetch (kept for the next conditional request) and
    whether the request was unconditional."""

    etag: str | None
    last_modified: str | None
    body_hash: str | None
    full_fetch: bool


class CrawlContext:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.fetches: dict[str, SourceFetch] = {}
        self.new_articles: Counter[str] = Counter()
        self.failed_articles: Counter[str] = Counter()
        # For the crawl summary: pages answered, already stored, not extracted, first reason.
        self.fetched: Counter[str] = Counter()
        self.duplicates: Counter[str] = Counter()
        self.unextracted: Counter[str] = Counter()
        self.first_failure: dict[str, str] = {}
        # Article requests without an answer yet: left over when a crawl is stopped early.
        self.unanswered: Counter[str] = Counter()
        self._closed = False

    def note_fetch(
        self,
        source: str,
        url: str,
        started_at: datetime,
        status: int | None,
        items: int = 0,
        error: str | None = None,
        feed: FeedState | None = None,
    ) -> None:
        """Record a feed or list-page fetch; later list pages add to the first page's row."""
        now = datetime.now(UTC)
        fetch = self.fetches.get(source)
        if fetch is None:
            self.fetches[source] = SourceFetch(
                source, url, started_at, now, status, items, error, feed
            )
            return
        fetch.finished_at = now
        fetch.items += items
        fetch.error = fetch.error or error

    def note_new_article(self, source: str) -> None:
        self.new_articles[source] += 1

    def note_failed_article(self, source: str, reason: str = "") -> None:
        self.failed_articles[source] += 1
        self._first_failure(source, reason)

    def note_unextracted(self, source: str, reason: str) -> None:
        """A page that is not an article (too short, soft 404): counted, not retried."""
        self.unextracted[source] += 1
        self._first_failure(source, reason)

    def note_duplicate(self, source: str, count: int = 1) -> None:
        self.duplicates[source] += count

    def _first_failure(self, source: str, reason: str) -> None:
        if reason:
            self.first_failure.setdefault(source, reason)

    def summaries(self) -> list[SourceSummary]:
        """One summary per source this crawl fetched (the crawl's last lines)."""
        return [
            SourceSummary(
                source=slug,
                fetched=self.fetched[slug],
                new=self.new_articles[slug],
                duplicates=self.duplicates[slug],
                failed=self.failed_articles[slug] + self.unextracted[slug],
                first_failure=fetch.error or self.first_failure.get(slug),
                error=fetch.error,
            )
            for slug, fetch in self.fetches.items()
        ]

    def note_article_requested(self, source: str) -> None:
        self.unanswered[source] += 1

    def note_article_answered(self, source: str) -> None:
        self.unanswered[source] -= 1

    def fetch_logs(self) -> list[FetchLog]:
        return [
            FetchLog(
                source=f.source,
                url=f.url,
                started_at=f.started_at,
                finished_at=f.finished_at,
                status=f.status,
                items=f.items,
                new_items=self.new_articles[f.source],
                error=f.error,
                **self._validators(f),
            )
            for f in self.fetches.values()
        ]

    def _validators(self, fetch: SourceFetch) -> dict[str, Any]:
        """The feed's new validators, unless one of its articles failed or never got an answer
        (a crawl stopped by its timeout or SIGTERM): then the old ones stay, so the next poll
        sees the feed as changed and offers those articles again."""
        if fetch.feed is None:
            return {}
        kept: dict[str, Any] = {"full_fetch": fetch.feed.full_fetch}
        if not self.failed_articles[fetch.source] and self.unanswered[fetch.source] <= 0:
            kept.update(
                etag=fetch.feed.etag,
                last_modified=fetch.feed.last_modified,
                body_hash=fetch.feed.body_hash,
            )
        return kept

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.runtime.close()
