"""Google News RSS search: the feed URL and its items as discovery signals. Pure, no I/O.

Since mid-2024 an item's link is an opaque news.google.com token that only Google's internal
RPC resolves to the publisher's URL; it is not fetched. What an item gives reliably is the
headline, the publisher and the time, so it is stored as a title-only article whose URL is
that link (it opens the story in a browser). See docs/extraction.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from scwatch.core.extract.cleanup import strip_tags
from scwatch.core.models import Article
from scwatch.core.text.dates import parse_korean_datetime
from scwatch.core.text.folding import clean_text

__all__ = [
    "GOOGLE_NEWS_SEARCH",
    "NewsSignal",
    "news_signals",
    "search_feed_url",
    "signal_article",
    "split_title",
]

GOOGLE_NEWS_SEARCH = "https://news.google.com/rss/search"
_LOCALE = {"hl": "ko", "gl": "KR", "ceid": "KR:ko"}
_SEPARATORS = (" - ", " – ", " — ", " | ")


@dataclass(frozen=True)
class NewsSignal:
    """One Google News item: the headline without the publisher suffix, and its facts."""

    url: str
    title: str
    publisher: str
    published_at: datetime | None
    guid: str = ""


def search_feed_url(base: str, query: str) -> str:
    """https://news.google.com/rss/search?q=...&hl=ko&gl=KR&ceid=KR:ko (Hangul encoded)."""
    params = {"q": query, **_LOCALE}
    separator = "&" if urlsplit(base).query else "?"
    return base + separator + urlencode(params, quote_via=quote, safe=":")


def split_title(title: str, publisher: str = "") -> tuple[str, str]:
    """'헤드라인 - 매체명' -> ('헤드라인', '매체명'). The <source> name, when given, is what
    is cut; otherwise the text after the last separator is taken as the publisher."""
    title = clean_text(strip_tags(title)).replace("\n", " ")
    publisher = clean_text(publisher)
    for separator in _SEPARATORS:
        if publisher and title.endswith(separator + publisher):
            return title[: -len(separator + publisher)].strip(), publisher
    if publisher:
        return title, publisher
    for separator in _SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and 0 < len(tail.strip()) <= 40:
            return head.strip(), tail.strip()
    return title, ""


def _publisher(raw: Mapping[str, Any]) -> str:
    source = raw.get("source")
    if isinstance(source, Mapping):
        title = source.get("title")
        return title.strip() if isinstance(title, str) else ""
    return ""


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    return value.strip() if isinstance(value, str) else ""


def news_signals(parsed: Mapping[str, Any]) -> list[NewsSignal]:
    """The items of a parsed Google News feed (feedparser's result), each link once."""
    signals: list[NewsSignal] = []
    seen: set[str] = set()
    for raw in parsed.get("entries") or []:
        url = _text(raw, "link")
        if urlsplit(url).scheme not in ("http", "https") or url in seen:
            continue
        title, publisher = split_title(_text(raw, "title"), _publisher(raw))
        if not title:
            continue
        seen.add(url)
        published = _text(raw, "published") or _text(raw, "updated")
        signals.append(
            NewsSignal(
                url=url,
                title=title,
                publisher=publisher,
                published_at=parse_korean_datetime(published) if published else None,
                guid=_text(raw, "id"),
            )
        )
    return signals


def signal_article(signal: NewsSignal, source: str, seen_at: datetime) -> Article:
    """A title-only article: Google gives no text, and the publisher goes in `author`
    (not in the body, where an outlet name such as 스마트시티투데이 would match rules)."""
    # Imported here: the configuration imports this module for search_feed_url, and URL
    # canonicalisation (courlan) would weigh on every command's start-up.
    from scwatch.core.text.keys import content_key, url_key
    from scwatch.core.text.urls import canonical_url

    return Article(
        source=source,
        url=signal.url,
        canonical_url=canonical_url(signal.url),
        url_key=url_key(signal.url),
        title=signal.title,
        body="",
        content_key=content_key(signal.title, ""),
        first_seen_at=seen_at,
        author=signal.publisher,
        published_at=signal.published_at,
        extractor_version="google-news-signal",
    )
