"""FeedSpider: fetch each RSS/Atom source, follow the entries not stored yet."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from scrapy.http import Request, Response

from monitor.normalize import decode_feed
from spiders.base import SourceSpider
from spiders.feed_entries import feed_entries, feed_problem, parse_feed_text


class FeedSpider(SourceSpider):
    name = "feeds"
    source_kind = "rss"

    async def start(self) -> AsyncIterator[Request]:
        for source in self.sources:
            yield self.source_request(source.url, source.slug, self.parse_feed, self.max_feed_bytes)

    def parse_feed(self, response: Response, source: str) -> Iterator[Request]:
        content_type = response.headers.get("Content-Type")
        text = decode_feed(response.body, content_type.decode("latin-1") if content_type else None)
        parsed = parse_feed_text(text)
        entries = feed_entries(parsed, response.url)
        problem = feed_problem(parsed, len(entries), text)
        if problem:
            self.note_source_fetch(response, source, 0, problem)
            return
        if parsed.get("bozo"):
            # Recovered: the entries are used, the feed's owner may want to know.
            self.crawler.stats.inc_value("scwatch/feed/bozo")
            self.logger.info(
                "%s: feed has errors but was read: %s", source, parsed.get("bozo_exception")
            )
        self.note_source_fetch(response, source, len(entries))
        fresh = self.unseen([entry.url for entry in entries])
        for entry in entries:
            if entry.url in fresh:
                yield self.article_request(entry.url, source, entry)
