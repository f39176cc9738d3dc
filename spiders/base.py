"""What FeedSpider and ListingSpider share: choosing sources, skipping stored URLs, fetching
article pages and recording source fetches.

The [crawl] settings reach Scrapy through the scwatch add-on (spiders/addon.py), not here.
Scrapy creates a spider (from_crawler) before it loads the add-ons, so a spider reads the
add-on's configuration in `start()`, which the engine calls when it opens the spider: a
wrong `-a source=` still fails the crawl with its ConfigError. Each spider yields its first
requests from `source_requests()`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scwatch.config import Config
from scwatch.core.errors import ConfigError
from scwatch.core.models import SPIDER_FOR_KIND, FeedEntry, FetchedPage, Source, SourceKind
from scwatch.services.sources import known_urls
from scwatch.spiders.addon import ScwatchAddon, scwatch_addon
from scwatch.spiders.context import CrawlContext, FeedState
from scwatch.spiders.failures import describe_failure
from scwatch.spiders.items import page_from_response
from scwatch.spiders.middlewares import (
    ARTICLE_META,
    CHECKED_URL_META,
    SIZE_CAP_META,
    AlreadyStored,
)

STARTED_META = "scwatch_started_at"


class SourceSpider(scrapy.Spider):
    """Base of the scwatch spiders; `-a source=SLUG` (or SCWATCH_SOURCE) picks one source,
    `-a sources=SLUG,SLUG,...` several (the scheduler's batches). A subclass yields its first
    requests from `source_requests()`; `sources`, `max_page_bytes` and `max_feed_bytes` are
    set by then."""

    source_kind: ClassVar[SourceKind]
    # Each spider's own: the first request of each chosen source.
    source_requests: Callable[[], AsyncIterator[Any]]
    sources: list[Source]
    max_page_bytes: int
    max_feed_bytes: int

    def __init__(self, *args: Any, source: str = "", sources: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only_source = source
        self.only_sources = [slug.strip() for slug in sources.split(",") if slug.strip()]

    def start(self) -> AsyncIterator[Any]:
        """Called by the engine when it opens the spider, after the add-ons are loaded: read
        the configuration (a wrong source raises ConfigError, which fails the crawl), then
        yield the first requests."""
        self.prepare()
        return self.source_requests()

    def prepare(self) -> None:
        """Size caps and sources from the add-on's configuration."""
        crawl = self.config.crawl
        self.max_page_bytes = crawl.max_page_bytes
        self.max_feed_bytes = crawl.max_feed_bytes
        slug = self.only_source or self.crawler.settings.get("SCWATCH_SOURCE") or ""
        if self.only_sources:
            self.sources = self.select_batch(self.only_sources)
        else:
            self.sources = self.select_sources(slug)
        if not self.sources:
            self.logger.warning("no enabled %s sources in the configuration", self.source_kind)

    @property
    def addon(self) -> ScwatchAddon:
        """The crawl's state: configuration, context, hosts refused by the SSRF guard."""
        return scwatch_addon(self.crawler)

    @property
    def config(self) -> Config:
        return self.addon.config

    @property
    def context(self) -> CrawlContext:
        return self.addon.context

    def select_sources(self, slug: str) -> list[Source]:
        """The configured sources of this spider's kind; an explicit slug must be one."""
        config = self.config
        if not slug:
            return [s for s in config.sources if s.enabled and s.kind == self.source_kind]
        source = config.source(slug)
        if source.kind != self.source_kind:
            raise ConfigError(
                f"source {slug!r} is a {source.kind} source; crawl it with "
                f"`scrapy crawl {SPIDER_FOR_KIND[source.kind]}`"
            )
        return [source]

    def select_batch(self, slugs: Sequence[str]) -> list[Source]:
        """The sources of a scheduler batch. A slug the configuration no longer has (edited
        while the scheduler ran) is skipped with a warning rather than failing the batch."""
        configured = {s.slug: s for s in self.config.sources}
        chosen = [configured[slug] for slug in slugs if slug in configured]
        for slug in sorted(set(slugs) - configured.keys()):
            self.logger.warning("source %r is no longer configured; skipped", slug)
        return [s for s in chosen if s.kind == self.source_kind]

    def source_request(
        self,
        url: str,
        source: str,
        callback: Callable[..., Any],
        max_bytes: int,
        *,
        headers: Mapping[str, str] | None = None,
        meta: Mapping[str, Any] | None = None,
        **extra: Any,
    ) -> Request:
        """A feed or list-page request; failures are recorded in the fetch log."""
        return Request(
            url,
            callback=callback,
            errback=self.source_failed,
            cb_kwargs={"source": source, **extra},
            headers=dict(headers or {}),
            meta={
                "download_maxsize": max_bytes,
                SIZE_CAP_META: "max_feed_bytes"
                if max_bytes == self.max_feed_bytes
                else "max_page_bytes",
                STARTED_META: datetime.now(UTC),
                **(meta or {}),
            },
            dont_filter=True,
        )

    def note_source_fetch(
        self,
        response: Response,
        source: str,
        items: int,
        error: str | None = None,
        feed: FeedState | None = None,
    ) -> None:
        started = response.meta.get(STARTED_META) or datetime.now(UTC)
        self.context.note_fetch(source, response.url, started, response.status, items, error, feed)
        if error:
            self.crawler.stats.inc_value("scwatch/source/failed")
            self.logger.warning("%s: %s: %s", source, response.url, error)

    def source_failed(self, failure: Failure) -> None:
        request: Request = failure.request  # type: ignore[attr-defined]
        source = request.cb_kwargs["source"]
        reason = describe_failure(failure, self.addon.refused_hosts)
        status = failure.value.response.status if failure.check(HttpError) else None
        started = request.meta.get(STARTED_META) or datetime.now(UTC)
        self.context.note_fetch(source, request.url, started, status, 0, reason)
        self.crawler.stats.inc_value("scwatch/source/failed")
        self.logger.warning("%s: %s: %s", source, request.url, reason)

    def unseen(self, urls: Sequence[str], source: str) -> set[str]:
        """The URLs not stored yet (one query for the whole batch)."""
        known = known_urls(self.context.runtime.db, urls) if urls else set()
        if known:
            self.crawler.stats.inc_value("scwatch/seen/skipped", len(known))
            self.context.note_duplicate(source, len(known))
        return {url for url in urls if url not in known}

    def article_request(self, url: str, source: str, entry: FeedEntry | None = None) -> Request:
        self.context.note_article_requested(source)
        return Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            cb_kwargs={"source": source, "entry": entry},
            # Never dropped silently by the dupefilter (two feeds listing one article): each
            # request gets an answer, which the validator bookkeeping counts on; a second copy
            # is stored once anyway (UNIQUE url_key).
            dont_filter=True,
            # The spider just checked this exact URL; SeenUrlMiddleware rechecks redirects.
            meta={
                ARTICLE_META: True,
                CHECKED_URL_META: url,
                "download_maxsize": self.max_page_bytes,
                SIZE_CAP_META: "max_page_bytes",
            },
        )

    def parse_article(
        self, response: Response, source: str, entry: FeedEntry | None = None
    ) -> Iterator[FetchedPage]:
        self.crawler.stats.inc_value("scwatch/article/fetched")
        self.context.note_article_answered(source)
        self.context.fetched[source] += 1
        yield page_from_response(response, source, entry)

    def article_failed(self, failure: Failure) -> None:
        request: Request = failure.request  # type: ignore[attr-defined]
        self.context.note_article_answered(request.cb_kwargs["source"])
        source = request.cb_kwargs["source"]
        if failure.check(AlreadyStored):
            self.context.note_duplicate(source)
            return
        reason = describe_failure(failure, self.addon.refused_hosts)
        if failure.check(HttpError) or not failure.check(IgnoreRequest):
            self.context.note_failed_article(source, reason)
            self.crawler.stats.inc_value("scwatch/article/failed")
            self.logger.warning("%s: article %s: %s", source, request.url, reason)
        else:
            # Skipped on purpose (robots.txt, offsite): expected, not a failure.
            self.crawler.stats.inc_value("scwatch/article/skipped")
            self.logger.info("%s: article %s skipped: %s", source, request.url, reason)
