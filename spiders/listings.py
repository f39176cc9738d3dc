"""ListingSpider: read section list pages, follow the article links not stored yet."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

from scrapy.http import Request, Response, TextResponse

from scwatch.core.models import Source
from scwatch.spiders.base import SourceSpider


def selected_links(response: TextResponse, selector: str) -> list[str]:
    """Absolute URLs picked by a CSS selector, in page order, each once.

    The selector may pick values (`a.title::attr(href)`) or elements: an element gives its
    own href, else the href of the first link inside it (`li.article` works).
    """
    links: list[str] = []
    for node in response.css(selector):
        if isinstance(node.root, str):
            value = node.root
        else:
            value = node.attrib.get("href") or node.css("a::attr(href)").get() or ""
        url = response.urljoin(value.strip()) if value.strip() else ""
        if urlsplit(url).scheme in ("http", "https") and url not in links:
            links.append(url)
    return links


def allowed_links(links: list[str], allow_pattern: str) -> list[str]:
    if not allow_pattern:
        return links
    pattern = re.compile(allow_pattern)
    return [url for url in links if pattern.search(url)]


class ListingSpider(SourceSpider):
    name = "listings"
    source_kind = "listing"

    async def source_requests(self) -> AsyncIterator[Request]:
        for source in self.sources:
            yield self.listing_request(source.url, source, page=1)

    def listing_request(self, url: str, source: Source, page: int) -> Request:
        return self.source_request(
            url, source.slug, self.parse_listing, self.max_page_bytes, page=page
        )

    def parse_listing(self, response: Response, source: str, page: int) -> Iterator[Request]:
        config = next(s for s in self.sources if s.slug == source)
        if not isinstance(response, TextResponse):
            self.note_source_fetch(response, source, 0, "list page is not HTML")
            return
        links = allowed_links(selected_links(response, config.link_selector), config.allow_pattern)
        # A first page without links means the selector no longer fits the site's layout.
        error = None
        if not links and page == 1:
            error = f"no article links matched link_selector {config.link_selector!r}"
        self.note_source_fetch(response, source, len(links), error)
        fresh = self.unseen(links, source)
        for url in links:
            if url in fresh:
                yield self.article_request(url, source)
        if config.next_selector and page < config.max_pages:
            next_pages = selected_links(response, config.next_selector)
            if next_pages:
                yield self.listing_request(next_pages[0], config, page + 1)
