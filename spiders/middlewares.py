"""Downloader middlewares: skip stored article URLs; honour Retry-After."""

from __future__ import annotations

import logging
import time
import zlib
from typing import Self
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.asyncio import sleep

from scwatch.core.clock import retry_after_seconds
from scwatch.core.errors import ScwatchError
from scwatch.services.sources import known_urls
from scwatch.spiders.addon import crawl_context

logger = logging.getLogger(__name__)

# Request meta keys set by the spiders.
ARTICLE_META = "scwatch_article"
CHECKED_URL_META = "scwatch_checked_url"


class AlreadyStored(IgnoreRequest):
    """The article URL is stored already; nothing to download."""


class SeenUrlMiddleware:
    """Drop article requests whose URL is stored, before download.

    The spiders filter their links in one batch query; this is the second line of defence for
    article requests made elsewhere and for redirects to a stored URL. Only requests flagged
    meta["scwatch_article"] are checked, and a URL the spider has just checked is not.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stored: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("SCWATCH_SEEN_URL_ENABLED"):
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get(ARTICLE_META):
            return
        if request.url in self.stored or self._newly_known(request):
            self.crawler.stats.inc_value("scwatch/seen/dropped")
            raise AlreadyStored(f"already stored: {request.url}")

    def _newly_known(self, request: Request) -> bool:
        if request.meta.get(CHECKED_URL_META) == request.url:
            return False
        if known_urls(crawl_context(self.crawler).runtime.db, [request.url]):
            self.stored.add(request.url)
            return True
        return False


class RetryAfterMiddleware:
    """On 429/503 with Retry-After, retry after that delay instead of at once.

    The delay applies to the whole host: requests to it wait (without blocking the reactor)
    until the time the server named. A delay beyond SCWATCH_RETRY_AFTER_MAX gives the request
    up for this run, so one slow host cannot hold the crawl; the response then reaches the
    spider's errback, which records it.
    """

    codes = (429, 503)

    def __init__(self, crawler: Crawler, max_delay: float) -> None:
        self.crawler = crawler
        self.max_delay = max_delay
        self.host_ready_at: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("SCWATCH_RETRY_AFTER_ENABLED"):
            raise NotConfigured
        return cls(crawler, crawler.settings.getfloat("SCWATCH_RETRY_AFTER_MAX"))

    async def process_request(self, request: Request) -> None:
        ready_at = self.host_ready_at.get(_host(request.url), 0.0)
        wait = ready_at - time.monotonic()
        if wait > 0:
            await sleep(wait)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in self.codes or request.meta.get("dont_retry"):
            return response
        delay = retry_after_seconds(response.headers.get("Retry-After"))
        if delay is None:
            return response  # Scrapy's RetryMiddleware retries it the usual way.
        stats = self.crawler.stats
        if delay > self.max_delay:
            stats.inc_value("scwatch/retry_after/gave_up")
            logger.warning(
                "giving up %s for this run: Retry-After %.0f s is over the %.0f s limit",
                request.url,
                delay,
                self.max_delay,
            )
            request.meta["dont_retry"] = True
            return response
        spider = self.crawler.spider
        retry = None
        if spider is not None:
            retry = get_retry_request(
                request, spider=spider, reason=f"{response.status} Retry-After"
            )
        if retry is None:
            request.meta["dont_retry"] = True
            return response
        host = _host(request.url)
        self.host_ready_at[host] = max(self.host_ready_at.get(host, 0.0), time.monotonic() + delay)
        stats.inc_value("scwatch/retry_after/delayed")
        logger.info("%s asked to wait %.1f s (HTTP %s)", host, delay, response.status)
        return retry


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


class TruncatedBodyError(ScwatchError):
    """A gzip body that ends early or fails its checksum."""


def gzip_body_complete(body: bytes, limit: int) -> bool:
    """True when the gzip stream is whole and its checksum right (checked up to `limit`
    decompressed bytes: beyond that, the size cap of HttpCompressionMiddleware decides)."""
    decoder = zlib.decompressobj(wbits=47)  # gzip or zlib header, detected
    data, produced = body, 0
    try:
        while data and not decoder.eof:
            produced += len(decoder.decompress(data, 1 << 20))
            if produced > limit:
                return True
            data = decoder.unconsumed_tail
    except zlib.error:
        return False
    return decoder.eof


class TruncatedGzipMiddleware:
    """Refuse a cut-off or corrupt gzip body before it is decompressed, so no partial
    article or feed is ever stored (Scrapy's own decompression keeps what was readable).
    Runs before HttpCompressionMiddleware (its process_response is called first)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("SCWATCH_TRUNCATED_GZIP_ENABLED", True):
            raise NotConfigured
        return cls(crawler.settings.getint("DOWNLOAD_MAXSIZE", 10 * 1024 * 1024))

    def process_response(self, request: Request, response: Response) -> Response:
        encoding = (response.headers.get("Content-Encoding") or b"").lower()
        if encoding in (b"gzip", b"x-gzip") and not gzip_body_complete(response.body, self.limit):
            raise TruncatedBodyError("response truncated or corrupt (gzip stream incomplete)")
        return response
