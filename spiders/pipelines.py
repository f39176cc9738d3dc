"""Item pipelines, a few lines each: FetchedPage -> Article (extract) -> database (ingest)."""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from scwatch.core.errors import ExtractionError
from scwatch.core.extract.article import extract_article
from scwatch.core.models import Article, FetchedPage
from scwatch.spiders.addon import crawl_context
from scwatch.spiders.context import CrawlContext

logger = logging.getLogger(__name__)


class ExtractPipeline:
    """Turn each fetched page into an Article; pages that are not articles are dropped."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("SCWATCH_EXTRACT_ENABLED"):
            raise NotConfigured
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        try:
            return extract_article(item)
        except ExtractionError as error:
            self.crawler.stats.inc_value("scwatch/extract/failed")
            crawl_context(self.crawler).note_unextracted(item.source, f"not extracted: {error}")
            raise DropItem(f"{item.source}: {item.url}: not extracted: {error}") from None


class IngestPipeline:
    """Store each article once, match the rules and queue alerts (one transaction)."""

    def __init__(self, crawler: Crawler, context: CrawlContext) -> None:
        self.crawler = crawler
        self.context = context

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("SCWATCH_INGEST_ENABLED"):
            raise NotConfigured
        return cls(crawler, crawl_context(crawler))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        try:
            result = self.context.runtime.ingestor.ingest(item)
        except Exception as error:
            # Not stored (database locked or down): keep the feed's old validators so the
            # next poll offers this article again instead of answering 304.
            self.context.note_failed_article(item.source, f"not stored ({type(error).__name__})")
            self.crawler.stats.inc_value("scwatch/ingest/failed")
            raise
        stats = self.crawler.stats
        if result.status == "new":
            stats.inc_value("scwatch/ingest/new")
            self.context.note_new_article(item.source)
        else:
            stats.inc_value("scwatch/ingest/duplicate")
            self.context.note_duplicate(item.source)
        if result.alerts:
            stats.inc_value("scwatch/alerts/enqueued", result.alerts)
        logger.info(
            "%s: %s %s%s",
            item.source,
            result.status,
            item.url,
            f" (rules: {', '.join(result.matched_rules)})" if result.matched_rules else "",
        )
        return item
