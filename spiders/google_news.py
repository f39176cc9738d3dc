"""GoogleNewsSpider: poll a Google News RSS search and store its items as title-only articles.

The item links are opaque news.google.com tokens (no publisher URL can be read from them
since mid-2024), so they are not fetched: each item becomes an Article with the headline
(publisher suffix removed), the publisher in `author`, the feed's time and no body. Rules
match on the headline; see docs/extraction.md for what that does and does not catch.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

from scrapy.http import Request, Response

from scwatch.core.formats.google_news import news_signals, signal_article
from scwatch.core.formats.rss import feed_problem, parse_feed_text
from scwatch.core.models import Article
from scwatch.core.text.decoding import decode_feed
from scwatch.spiders.base import SourceSpider


class GoogleNewsSpider(SourceSpider):
    name = "google_news"
    source_kind = "google_news"

    async def source_requests(self) -> AsyncIterator[Request]:
        for source in self.sources:
            yield self.source_request(source.url, source.slug, self.parse_feed, self.max_feed_bytes)

    def parse_feed(self, response: Response, source: str) -> Iterator[Article]:
        content_type = response.headers.get("Content-Type")
        text = decode_feed(response.body, content_type.decode("latin-1") if content_type else None)
        parsed = parse_feed_text(text)
        signals = news_signals(parsed)
        problem = feed_problem(parsed, len(signals), text)
        if problem:
            self.note_source_fetch(response, source, 0, problem)
            return
        self.note_source_fetch(response, source, len(signals))
        fresh = self.unseen([signal.url for signal in signals], source)
        seen_at = datetime.now(UTC)
        for signal in signals:
            if signal.url in fresh:
                self.crawler.stats.inc_value("scwatch/google_news/signals")
                yield signal_article(signal, source, seen_at)
