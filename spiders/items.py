"""The item the spiders yield: scwatch.core.models.FetchedPage itself (itemadapter accepts
dataclasses), built here from a Scrapy response."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.http import Response
from scrapy.http.headers import Headers

from scwatch.core.models import FeedEntry, FetchedPage

__all__ = ["FetchedPage", "flat_headers", "page_from_response"]


def flat_headers(headers: Headers) -> dict[str, str]:
    """Response headers as lower-case names to text values (repeated headers joined)."""
    flat: dict[str, str] = {}
    for name, values in headers.items():
        text_values = [value.decode("latin-1") for value in values]
        flat[name.decode("latin-1").lower()] = ", ".join(text_values)
    return flat


def page_from_response(
    response: Response, source: str, entry: FeedEntry | None = None
) -> FetchedPage:
    """The article page as extraction needs it: raw bytes, never Scrapy's decoded text."""
    # The URL before redirects is the one the feed or listing named.
    redirects: list[str] = response.meta.get("redirect_urls") or [response.url]
    return FetchedPage(
        source=source,
        url=redirects[0],
        final_url=response.url,
        status=response.status,
        headers=flat_headers(response.headers),
        body=response.body,
        fetched_at=datetime.now(UTC),
        entry=entry,
    )
