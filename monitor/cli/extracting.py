"""`scwatch extract`: run the production extraction on one page, saved or fetched.

The tool to reach for when an outlet extracts badly: it shows which layout profile was
used and what came out (title, author, published and updated in KST, body).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.text import Text

from scwatch.cli.common import (
    ConfigOption,
    FormatOption,
    OutputFormat,
    config_from,
    console,
    fail,
    handled_errors,
    print_json_lines,
)
from scwatch.config import CrawlConfig
from scwatch.core.clock import format_kst, to_kst, utcnow
from scwatch.core.errors import ExtractionError
from scwatch.core.extract.article import extract_article, layout_name
from scwatch.core.models import Article, FetchedPage

_MAX_REDIRECTS = 5


@dataclass(frozen=True)
class _Download:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes


def _fetch(url: str, crawl: CrawlConfig) -> _Download:
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
            return _Download(
                url=url,
                final_url=str(response.url),
                status=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                body=body,
            )
    except httpx.HTTPError as error:
        raise fail(f"cannot fetch {url}: {type(error).__name__}: {error}") from None


def _capped_body(response: httpx.Response, limit: int, seconds: float) -> bytes:
    """The body, refused past `limit` bytes or `seconds` in all: httpx's timeout applies to
    each read, so a server dripping bytes would otherwise never time out."""
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise fail(f"{response.url} is larger than max_page_bytes ({limit:,} bytes)")
        if time.monotonic() > deadline:
            raise fail(f"{response.url} timed out after {seconds:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _page_from_file(path: Path, url: str | None) -> FetchedPage:
    try:
        body = path.read_bytes()
    except OSError as error:
        raise fail(f"cannot read {path}: {error.strerror or error}") from None
    page_url = url or path.resolve().as_uri()
    return FetchedPage(
        source="extract",
        url=page_url,
        final_url=page_url,
        status=200,
        headers={"content-type": "text/html"},
        body=body,
        fetched_at=utcnow(),
    )


def _page_from_web(target: str, crawl: CrawlConfig) -> FetchedPage:
    download = _fetch(target, crawl)
    return FetchedPage(
        source="extract",
        url=download.url,
        final_url=download.final_url,
        status=download.status,
        headers=download.headers,
        body=download.body,
        fetched_at=utcnow(),
    )


def _as_dict(article: Article, layout: str) -> dict[str, object]:
    published, updated = to_kst(article.published_at), to_kst(article.updated_at)
    return {
        "title": article.title,
        "author": article.author,
        "published": published.isoformat() if published else None,
        "updated": updated.isoformat() if updated else None,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "layout": layout,
        "extractor_version": article.extractor_version,
        "body": article.body,
    }


def _print_article(article: Article, layout: str) -> None:
    rows = [
        ("title", article.title),
        ("author", article.author or "(none found)"),
        ("published", format_kst(article.published_at) or "(none found)"),
        ("updated", format_kst(article.updated_at) or "(none)"),
        ("url", article.canonical_url),
        ("layout", layout),
    ]
    for name, value in rows:
        console.print(Text(f"{name:<10} ", style="bold") + Text(str(value)), soft_wrap=True)
    console.print()
    console.print(article.body, markup=False, soft_wrap=True)


def extract(
    target: Annotated[str, typer.Argument(help="A saved page (file path) or an http(s) URL.")],
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="The saved page's original URL: picks the site profile and the canonical URL.",
        ),
    ] = None,
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Extract one article as the crawler would, to see why an outlet extracts badly.

    A URL is fetched with the crawler's User-Agent, timeout and max_page_bytes cap. Exits 1
    with the reason when the page is not an article (soft 404, too short, not HTML).

    Example: scwatch extract saved.html --url https://www.yna.co.kr/view/AKR20250407051200003
    """
    with handled_errors():
        crawl = config_from(config).crawl
    if target.startswith(("http://", "https://")):
        page = _page_from_web(target, crawl)
    else:
        page = _page_from_file(Path(target), url)
    try:
        article = extract_article(page)
    except ExtractionError as error:
        raise fail(f"not extracted: {error}") from None
    layout = layout_name(page)
    if output is OutputFormat.json:
        print_json_lines([_as_dict(article, layout)])
        return
    _print_article(article, layout)
