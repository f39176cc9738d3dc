"""Downloader middlewares: skip stored article URLs; honour Retry-After; decode bodies."""

from __future__ import annotations

import logging
import sys
import time
from typing import Self
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response, TextResponse
from scrapy.responsetypes import responsetypes
from scrapy.utils.asyncio import sleep

from scwatch.core.clock import retry_after_seconds
from scwatch.core.policy.bodies import ACCEPTED_ENCODINGS, decode_body
from scwatch.services.sources import known_urls
from scwatch.spiders.addon import crawl_context

logger = logging.getLogger(__name__)

# Request meta keys set by the spiders.
ARTICLE_META = "scwatch_article"
CHECKED_URL_META = "scwatch_checked_url"
# The [crawl] setting behind the request's download_maxsize, named when a body is refused.
SIZE_CAP_META = "scwatch_size_cap"


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


class DecompressionMiddleware:
    """Decode compressed bodies (gzip, deflate, br, zstd) under the fetch policy, in place of
    Scrapy's HttpCompressionMiddleware: the output is capped at the request's size limit
    while it streams, and a stream that ends early or is corrupt is refused, so no partial
    article or feed is ever stored (Scrapy's own decoders keep what was readable). Both
    refusals are errors (BodyRefusedError), so the request's errback records them as
    failures with the reason."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("COMPRESSION_ENABLED"):
            raise NotConfigured
        return cls(crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def process_request(self, request: Request) -> None:
        request.headers.setdefault("Accept-Encoding", ", ".join(ACCEPTED_ENCODINGS))

    def process_response(self, request: Request, response: Response) -> Response:
        encoding = b",".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
        if request.method == "HEAD" or not encoding:
            return response
        # 0 means no cap in Scrapy; only an explicit `-s DOWNLOAD_MAXSIZE=0` can ask for it.
        limit = request.meta.get("download_maxsize", self.limit) or sys.maxsize
        cap = request.meta.get(SIZE_CAP_META, "DOWNLOAD_MAXSIZE")
        body, kept = decode_body(response.body, encoding, limit, cap)
        cls = responsetypes.from_args(headers=response.headers, url=response.url, body=body)
        # Recompute the text encoding from the decoded body, as Scrapy does.
        extra = {"encoding": None} if issubclass(cls, TextResponse) else {}
        response = response.replace(cls=cls, body=body, **extra)
        del response.headers["Content-Encoding"]
        if kept:
            response.headers["Content-Encoding"] = ", ".join(kept)
        return response
