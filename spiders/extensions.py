"""The crawl-run recorder: one fetch-log row per source crawled, written at spider close.

The spiders note each feed or list-page fetch (status, items, error) in the crawl context and
the ingest pipeline counts the articles each source added; this extension writes the rows once
those counts are final, so `new_items` is what was stored, not just what was requested.
With the setting SCWATCH_SUMMARY_FILE it also writes the crawl's per-source summary there.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from scwatch.services.sources import record_fetch, write_summaries
from scwatch.spiders.addon import crawl_context

logger = logging.getLogger(__name__)


class FetchLogRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("SCWATCH_FETCH_LOG_ENABLED"):
            raise NotConfigured
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_closed(self, spider: Spider, reason: str) -> None:
        context = crawl_context(self.crawler)
        for log in context.fetch_logs():
            record_fetch(context.runtime.db, log)
            logger.info(
                "%s: %s, %d items, %d new%s",
                log.source,
                f"HTTP {log.status}" if log.status is not None else "no response",
                log.items,
                log.new_items,
                f", error: {log.error}" if log.error else "",
            )
        self.crawler.stats.set_value("scwatch/fetch_log/rows", len(context.fetch_logs()))
        summary_file = self.crawler.settings.get("SCWATCH_SUMMARY_FILE")
        if summary_file:
            # The parent process (scwatch crawl) shows it as the crawl's per-source table.
            write_summaries(Path(summary_file), context.summaries())
