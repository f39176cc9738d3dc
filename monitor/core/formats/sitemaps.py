"""News sitemaps: sitemap indexes, <url> entries with Google News tags. Pure, no I/O.

Parsed with a locked-down lxml parser: no entity expansion, no network access, no huge
trees, so a hostile sitemap cannot read files, call out or exhaust memory. Elements are
matched by local name, since sitemaps in the wild get their namespaces wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import urljoin, urlsplit

import lxml.etree

from scwatch.core.models import FeedEntry
from scwatch.core.policy.bodies import BodyRefusedError, BodyTooLargeError, decode_body
from scwatch.core.text.dates import parse_korean_datetime
from scwatch.core.text.decoding import decode_feed
from scwatch.core.text.folding import clean_text

__all__ = [
    "DEFAULT_MAX_AGE_MINUTES",
    "SitemapDocument",
    "SitemapLink",
    "parse_sitemap",
    "recent_entries",
    "recent_sitemaps",
    "unpack_sitemap",
]

# Google News sitemaps list the articles of the last two days; older entries are history.
DEFAULT_MAX_AGE_MINUTES = 2 * 24 * 60
_GZIP_MAGIC = b"\x1f\x8b"


def _parser(recover: bool) -> lxml.etree.XMLParser:
    return lxml.etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


_STRICT = _parser(recover=False)
_LENIENT = _parser(recover=True)


@dataclass(frozen=True)
class SitemapLink:
    """A child sitemap named by a sitemap index."""

    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True)
class SitemapDocument:
    kind: Literal["index", "urlset"]
    sitemaps: list[SitemapLink] = field(default_factory=list)
    entries: list[FeedEntry] = field(default_factory=list)


def unpack_sitemap(body: bytes, max_bytes: int) -> bytes:
    """The XML of a sitemap, gunzipped when it is a .xml.gz; ValueError past max_bytes or
    when the gzip file is cut short or corrupt (the fetch policy's decoder)."""
    if not body.startswith(_GZIP_MAGIC):
        return body
    try:
        xml, _ = decode_body(body, "gzip", max_bytes, cap="max_feed_bytes")
    except BodyTooLargeError as error:
        raise ValueError(f"sitemap {error}") from None
    except BodyRefusedError as error:
        raise ValueError(f"not a complete gzip file: {error}") from None
    return xml


def _local(element: lxml.etree._Element) -> str:
    tag = element.tag
    return lxml.etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _children(element: lxml.etree._Element, name: str) -> Iterable[lxml.etree._Element]:
    return (child for child in element.iterchildren() if _local(child) == name)


def _first_text(element: lxml.etree._Element, *path: str) -> str:
    """Text of the first descendant along the local-name path, e.g. ('news', 'title')."""
    current: lxml.etree._Element | None = element
    for name in path:
        if current is None:
            return ""
        current = next(iter(_children(current, name)), None)
    return clean_text(current.text or "") if current is not None else ""


def _absolute(base_url: str, loc: str) -> str | None:
    """The absolute http(s) URL of a <loc>; None when empty or pointing back at the sitemap
    itself (an empty <loc> would otherwise make an index its own child)."""
    if not loc.strip():
        return None
    url = urljoin(base_url, loc.strip())
    if url == base_url or urlsplit(url).scheme not in ("http", "https"):
        return None
    return url


def _entry(element: lxml.etree._Element, base_url: str, now: datetime) -> FeedEntry | None:
    url = _absolute(base_url, _first_text(element, "loc"))
    if url is None:
        return None
    stamp = _first_text(element, "news", "publication_date") or _first_text(element, "lastmod")
    return FeedEntry(
        url=url,
        title=_first_text(element, "news", "title"),
        published_at=parse_korean_datetime(stamp, now=now) if stamp else None,
    )


def _root(body: bytes) -> lxml.etree._Element:
    if not body.strip():
        raise ValueError("empty document")
    try:
        return lxml.etree.fromstring(body, parser=_STRICT)
    except lxml.etree.XMLSyntaxError:
        root = lxml.etree.fromstring(body, parser=_LENIENT)
    if root is None:
        raise ValueError("not XML")
    return root


def parse_sitemap(
    body: bytes, base_url: str, now: datetime, content_type: str | None = None
) -> SitemapDocument:
    """A sitemap index or url set; ValueError saying why when the bytes are neither.

    The bytes are decoded by scwatch.core.text (an euc-kr label read as cp949, verified)
    before lxml sees them, as feeds are before feedparser.
    """
    xml = decode_feed(body, content_type).encode("utf-8")
    try:
        root = _root(xml)
    except lxml.etree.XMLSyntaxError as error:
        raise ValueError(f"not XML: {error}") from None
    kind = _local(root)
    if kind == "sitemapindex":
        links = []
        for element in _children(root, "sitemap"):
            url = _absolute(base_url, _first_text(element, "loc"))
            stamp = _first_text(element, "lastmod")
            if url is not None:
                links.append(SitemapLink(url, parse_korean_datetime(stamp, now=now)))
        return SitemapDocument("index", sitemaps=links)
    if kind == "urlset":
        entries = [_entry(element, base_url, now) for element in _children(root, "url")]
        return SitemapDocument("urlset", entries=[e for e in entries if e is not None])
    raise ValueError(f"not a sitemap: the root element is <{kind or root.tag}>")


def recent_entries(
    entries: Iterable[FeedEntry], now: datetime, max_age_minutes: int
) -> list[FeedEntry]:
    """Entries published within max_age, each URL once. Undated entries are left out: a
    sitemap without dates would otherwise send the whole archive."""
    oldest = now - timedelta(minutes=max_age_minutes)
    recent: dict[str, FeedEntry] = {}
    for entry in entries:
        if entry.published_at is not None and entry.published_at >= oldest:
            recent.setdefault(entry.url, entry)
    return list(recent.values())


def recent_sitemaps(
    links: Iterable[SitemapLink], now: datetime, max_age_minutes: int
) -> list[SitemapLink]:
    """Child sitemaps changed within max_age; one without lastmod may hold new entries."""
    oldest = now - timedelta(minutes=max_age_minutes)
    return [link for link in links if link.lastmod is None or link.lastmod >= oldest]
