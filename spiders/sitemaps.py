"""SitemapSpider: read news sitemaps (and sitemap indexes), follow recent unseen entries.

An index leads to its child sitemaps (only those changed within the source's max_age, newest
first, at most MAX_CHILD_SITEMAPS); a url set gives the article URLs with their Google News
title and publication date, and only entries published within max_age are followed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

from scrapy.http import Request, Response

from scwatch.core.formats.sitemaps import (
    SitemapLink,
    parse_sitemap,
    recent_entries,
    recent_sitemaps,
    unpack_sitemap,
)
from scwatch.core.models import Source
from scwatch.spiders.base import SourceSpider
from scwatch.spiders.listings import allowed_links

MAX_CHILD_SITEMAPS = 20
# An index may list indexes (not in the protocol, but seen); deeper nesting is refused.
MAX_DEPTH = 2


class SitemapSpider(SourceSpider):
    name = "sitemaps"
    source_kind = "sitemap"

    async def source_requests(self) -> AsyncIterator[Request]:
        for source in self.sources:
            yield self.sitemap_request(source.url, source, depth=0)

    def sitemap_request(self, url: str, source: Source, depth: int) -> Request:
        return self.source_request(
            url, source.slug, self.parse_sitemap, self.max_feed_bytes, depth=depth
        )

    def parse_sitemap(self, response: Response, source: str, depth: int) -> Iterator[Request]:
        config = next(s for s in self.sources if s.slug == source)
        now = datetime.now(UTC)
        content_type = response.headers.get("Content-Type")
        try:
            xml = unpack_sitemap(response.body, self.max_feed_bytes)
            document = parse_sitemap(
                xml, response.url, now, content_type.decode("latin-1") if content_type else None
            )
        except ValueError as problem:
            self.note_source_fetch(response, source, 0, f"not a sitemap: {problem}")
            return
        if document.kind == "index":
            yield from self._follow_index(response, config, document.sitemaps, depth, now)
            return
        entries = recent_entries(document.entries, now, config.max_age_minutes)
        allowed = set(allowed_links([e.url for e in entries], config.allow_pattern))
        entries = [entry for entry in entries if entry.url in allowed]
        self.crawler.stats.inc_value("scwatch/sitemap/entries", len(document.entries))
        undated = bool(document.entries) and all(e.published_at is None for e in document.entries)
        # Without dates nothing can be judged recent: the configured sitemap says so rather
        # than find nothing (an index's undated child, e.g. of static pages, is no error).
        reason = "no entry has a date (news:publication_date or lastmod)"
        self.note_source_fetch(
            response, source, len(entries), reason if undated and not depth else None
        )
        fresh = self.unseen([entry.url for entry in entries], source)
        for entry in entries:
            if entry.url in fresh:
                yield self.article_request(entry.url, source, entry)

    def _follow_index(
        self,
        response: Response,
        config: Source,
        links: list[SitemapLink],
        depth: int,
        now: datetime,
    ) -> Iterator[Request]:
        if depth >= MAX_DEPTH:
            error = f"sitemap indexes nested deeper than {MAX_DEPTH} levels"
            self.note_source_fetch(response, config.slug, 0, error)
            return
        recent = recent_sitemaps(links, now, config.max_age_minutes)
        if any(link.lastmod for link in recent):
            recent.sort(key=lambda link: link.lastmod or now, reverse=True)
        else:
            # Undated indexes usually list the oldest sitemap first: take from the end.
            recent.reverse()
        empty = None if links else "the sitemap index lists no sitemaps"
        self.note_source_fetch(response, config.slug, 0, empty)
        for link in recent[:MAX_CHILD_SITEMAPS]:
            yield self.sitemap_request(link.url, config, depth + 1)
