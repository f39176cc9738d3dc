"""One page fetched or read by hand, for `scwatch extract` and Scwatch.extract().

The crawler fetches through Scrapy; this is the small synchronous path for one page a person
asks about, under the same fetch policy: the SSRF guard, the crawler's User-Agent, timeout,
redirect limit and page-size cap (also on the decompressed body).
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
from scwatch.core.policy.bodies import (
    ACCEPTED_ENCODINGS,
    BodyDecoder,
    BodyRefusedError,
    split_encodings,
)
from scwatch.core.policy.fetch import MAX_REDIRECTS
from scwatch.services.guard import guarded_transport


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
    """GET under the crawler's fetch policy (core/policy/fetch.py): the SSRF guard on every
    connection (redirects too), its User-Agent, download_timeout for the whole download,
    max_page_bytes on the body as received and as decompressed, at most MAX_REDIRECTS.

    Like a person's browser, it fetches the one page asked for without consulting robots.txt.
    """
    headers = {
        "User-Agent": crawl.user_agent,
        "Accept": "text/html,application/xhtml+xml",
        "Accept-Encoding": ", ".join(ACCEPTED_ENCODINGS),
    }
    try:
        with (
            httpx.Client(
                headers=headers,
                timeout=crawl.download_timeout,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                transport=guarded_transport(url, crawl),
                trust_env=False,  # proxies come only through guarded_transport
            ) as client,
            client.stream("GET", url) as response,
        ):
            body, kept = _capped_body(response, crawl.max_page_bytes, crawl.download_timeout)
            response_headers = {k.lower(): v for k, v in response.headers.items()}
            _set_encoding(response_headers, kept)
            return _page(url, str(response.url), response.status_code, response_headers, body)
    except httpx.HTTPError as error:
        raise FetchError(f"cannot fetch {url}: {type(error).__name__}: {error}") from None
    except BodyRefusedError as error:
        raise FetchError(f"{url}: {error}") from None


def _capped_body(response: httpx.Response, limit: int, seconds: float) -> tuple[bytes, list[str]]:
    """The body, decoded as it arrives, and the encodings left undecoded. Refused past `limit`
    bytes (received or decompressed, counted while streaming), past `seconds` in all (httpx's
    timeout applies to each read, so a server dripping bytes would otherwise never time out),
    or when a compressed stream is incomplete."""
    deadline = time.monotonic() + seconds
    to_decode, kept = split_encodings(response.headers.get("content-encoding", ""))
    decoder = BodyDecoder(to_decode, limit, cap="max_page_bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_raw():
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{response.url} is larger than max_page_bytes ({limit:,} bytes)")
        if time.monotonic() > deadline:
            raise FetchError(f"{response.url} timed out after {seconds:g} s")
        chunks.append(decoder.feed(chunk))
    decoder.finish()
    return b"".join(chunks), kept


def _set_encoding(headers: dict[str, str], kept: list[str]) -> None:
    """The body is decoded: Content-Encoding names only what is left (usually nothing)."""
    headers.pop("content-encoding", None)
    if kept:
        headers["content-encoding"] = ", ".join(kept)


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
