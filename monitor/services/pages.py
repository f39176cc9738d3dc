"""One page fetched or read by hand, for `scwatch extract` and Scwatch.extract().

The crawler fetches through Scrapy; this is the small synchronous path for one page a person
asks about, with the crawler's User-Agent, timeout and page-size cap.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from scwatch.config import CrawlConfig
from scwatch.core.clock import utcnow
from scwatch.core.errors import FetchError
from scwatch.core.extract.article import extract_article, layout_name
from scwatch.core.models import Article, FetchedPage

_MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Extraction:
    """What extraction made of a page, and which layout profile it used."""

    article: Article
    layout: str


def extract_page(page: FetchedPage) -> Extraction:
    """The article in `page` (ExtractionError saying why there is none)."""
    return Extraction(extract_article(page), layout_name(page))


def page_from_file(path: Path, url: str | None = None) -> FetchedPage:
    """A saved page; `url` is where it came from (it picks the site profile)."""
    try:
        body = path.read_bytes()
    except OSError as error:
        raise FetchError(f"cannot read {path}: {error.strerror or error}") from None
    page_url = url or path.resolve().as_uri()
    return _page(page_url, page_url, 200, {"content-type": "text/html"}, body)


def page_from_web(url: str, crawl: CrawlConfig) -> FetchedPage:
    """GET with the crawler's User-Agent, timeout and page-size cap, following redirects.

    Like a person's browser, it fetches the one page asked for without consulting robots.txt.
    """
    headers = {"User-Agent": crawl.user_agent, "Accept": "text/html,application/xhtml+xml"}
    try:
        with (
            httpx.Client(
                headers=headers,
                timeout=crawl.download_timeout,
                follow_redirects=True,
                max_redirects=_MAX_REDIRECTS,
            ) as client,
            client.stream("GET", url) as response,
        ):
            body = _capped_body(response, crawl.max_page_bytes, crawl.download_timeout)
            response_headers = {k.lower(): v for k, v in response.headers.items()}
            return _page(url, str(response.url), response.status_code, response_headers, body)
    except httpx.HTTPError as error:
        raise FetchError(f"cannot fetch {url}: {type(error).__name__}: {error}") from None


def _capped_body(response: httpx.Response, limit: int, seconds: float) -> bytes:
    """The body, refused past `limit` bytes or `seconds` in all: httpx's timeout applies to
    each read, so a server dripping bytes would otherwise never time out."""
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{response.url} is larger than max_page_bytes ({limit:,} bytes)")
        if time.monotonic() > deadline:
            raise FetchError(f"{response.url} timed out after {seconds:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _page(
    url: str, final_url: str, status: int, headers: dict[str, str], body: bytes
) -> FetchedPage:
    return FetchedPage(
        source="extract",
        url=url,
        final_url=final_url,
        status=status,
        headers=headers,
        body=body,
        fetched_at=utcnow(),
    )
