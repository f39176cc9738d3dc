"""Turn feedparser's result into FeedEntry values. Pure: no I/O, no Scrapy.

feedparser is only ever given decoded text (see scwatch.core.text.decode_feed), never a URL:
its own fetcher has no timeout and reads local files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from scwatch.core.models import FeedEntry
from scwatch.core.text.dates import parse_korean_datetime

# feedparser keeps the raw date strings here; its own *_parsed values read KST as UTC and
# leave "+0900" without a space unparsed, so the raw strings are parsed by scwatch.core.text.
_DATE_KEYS = ("published", "updated", "created")
_HTML_START = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)[\s>]", re.I | re.S)


def parse_feed_text(text: str) -> Any:
    """feedparser's result for already decoded feed text."""
    return feedparser.parse(text)


def feed_problem(parsed: Mapping[str, Any], usable_entries: int, text: str = "") -> str | None:
    """Why a parsed document cannot be used as a feed, or None when it can.

    A feed with errors but with usable entries is fine (feedparser recovers most ill-formed
    XML); a well-formed feed with no entries is fine too (nothing new is not a failure).
    """
    if usable_entries:
        return None
    if _HTML_START.match(text):
        # Often the outlet's "RSS guide" page configured instead of the feed itself.
        return "not an RSS or Atom feed: the URL returned an HTML page"
    if parsed.get("bozo"):
        error = parsed.get("bozo_exception")
        detail = str(error).strip() or type(error).__name__
        return f"malformed feed, no entries could be read: {detail}"
    if not parsed.get("version"):
        return "not an RSS or Atom feed (no feed elements found)"
    if parsed.get("entries"):
        return "no feed entry has an http(s) link"
    return None


def feed_entries(parsed: Mapping[str, Any], feed_url: str) -> list[FeedEntry]:
    """Entries with absolute http(s) URLs, in feed order, each URL once."""
    raw_entries: Sequence[Mapping[str, Any]] = parsed.get("entries") or []
    guids_identify = _guids_are_unique(raw_entries)
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for raw in raw_entries:
        guid = _text(raw, "id") if guids_identify else ""
        url = _entry_url(raw, feed_url, guid)
        if url is None or url in seen:
            continue
        seen.add(url)
        entries.append(
            FeedEntry(
                url=url,
                title=_text(raw, "title"),
                summary=_text(raw, "summary"),
                author=_text(raw, "author"),
                published_at=_published(raw),
                guid=guid,
            )
        )
    return entries


def _guids_are_unique(raw_entries: Sequence[Mapping[str, Any]]) -> bool:
    """Some feeds repeat one guid on every item; then only the links identify items."""
    guids = [_text(raw, "id") for raw in raw_entries]
    present = [guid for guid in guids if guid]
    return len(set(present)) == len(present)


def _entry_url(raw: Mapping[str, Any], feed_url: str, guid: str) -> str | None:
    link = _text(raw, "link")
    if not link and guid.startswith(("http://", "https://")):
        link = guid
    if not link:
        return None
    url = urljoin(feed_url, link)
    return url if urlsplit(url).scheme in ("http", "https") else None


def _published(raw: Mapping[str, Any]) -> datetime | None:
    for key in _DATE_KEYS:
        text = _text(raw, key)
        if text:
            parsed = parse_korean_datetime(text)
            if parsed is not None:
                return parsed
    return None


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    return value.strip() if isinstance(value, str) else ""
