"""Articles as the extractor gives them, for tests that ingest by hand."""

from __future__ import annotations

from datetime import datetime

from scwatch.core.models import Article
from scwatch.core.text.keys import content_key, url_key
from scwatch.core.text.urls import canonical_url


def make_article(
    url: str,
    title: str,
    body: str,
    *,
    first_seen_at: datetime,
    source: str = "gukje",
    published_at: datetime | None = None,
) -> Article:
    """An article whose canonical URL and keys come from its URL and text."""
    return Article(
        source=source,
        url=url,
        canonical_url=canonical_url(url),
        url_key=url_key(url),
        title=title,
        body=body,
        content_key=content_key(title, body),
        first_seen_at=first_seen_at,
        published_at=published_at,
    )
