"""Frozen value objects passed between the layers. No I/O here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from scwatch.core.text.marking import mark_terms

SourceKind = Literal["rss", "listing", "sitemap", "naver", "google_news"]
SpiderName = Literal["feeds", "listings", "sitemaps", "naver", "google_news"]

# The spider registry: the one map from source kind to the Scrapy spider that crawls it.
# The launcher starts spiders by these names (`scrapy crawl NAME`); a test checks each
# name against the spiders' own `name` and `source_kind`.
SPIDER_FOR_KIND: dict[SourceKind, SpiderName] = {
    "rss": "feeds",
    "listing": "listings",
    "sitemap": "sitemaps",
    "naver": "naver",
    "google_news": "google_news",
}
AlertMode = Literal["instant", "digest"]


@dataclass(frozen=True)
class Source:
    """One configured source. `slug` is the identifier everywhere (config, DB, logs, stats)."""

    slug: str
    kind: SourceKind
    url: str
    name: str = ""
    interval_minutes: int = 30
    enabled: bool = True
    # Listing sources: CSS selector of the article links on the list page.
    link_selector: str = ""
    # Optional CSS selector of a "next page" link and how many list pages to follow.
    next_selector: str = ""
    max_pages: int = 1
    # Only follow article links matching this regular expression (empty: all).
    allow_pattern: str = ""
    # Naver and Google News sources: the search query.
    query: str = ""
    # Sitemap sources: entries older than this are not followed (two days by default).
    max_age_minutes: int = 2880


@dataclass(frozen=True)
class FeedEntry:
    """One item of an RSS/Atom feed after decoding and date normalisation."""

    url: str
    title: str = ""
    summary: str = ""
    author: str = ""
    published_at: datetime | None = None
    guid: str = ""


@dataclass(frozen=True)
class FetchedPage:
    """An HTTP response for an article page, as the spiders hand it to extraction."""

    source: str
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    entry: FeedEntry | None = None


@dataclass(frozen=True)
class Article:
    """An extracted article ready to store. All datetimes are timezone-aware."""

    source: str
    url: str
    canonical_url: str
    url_key: str
    title: str
    body: str
    content_key: str
    first_seen_at: datetime
    author: str = ""
    published_at: datetime | None = None
    updated_at: datetime | None = None
    raw_sha256: str = ""
    extractor_version: str = ""


@dataclass(frozen=True)
class Channel:
    """A delivery channel from config. `secret` (webhook URL or SMTP password) comes from an
    environment variable and is kept out of repr, logs and error messages."""

    name: str
    type: Literal["console", "jsonl", "slack", "email", "webhook"]
    options: Mapping[str, object] = field(default_factory=dict)
    secret: str = field(default="", repr=False)


DigestPeriod = Literal["hourly", "daily"]


@dataclass(frozen=True)
class Rule:
    """An alert rule. Digest rules collect alerts until the next hourly or daily (KST) slot;
    quiet hours ("22:00-07:00", KST) hold instant alerts until the window ends."""

    name: str
    query: str
    channels: tuple[str, ...] = ("console",)
    mode: AlertMode = "instant"
    description: str = ""
    digest: DigestPeriod = "daily"
    digest_at: str = "08:30"
    quiet_hours: str = ""
    send_empty: bool = False


@dataclass(frozen=True)
class Evidence:
    """One sentence that made a rule match, and the terms found in it."""

    field: Literal["title", "body"]
    sentence: str
    terms: tuple[str, ...]

    def marked(self, left: str = "**", right: str = "**") -> str:
        """The sentence with each matched term wrapped in markers."""
        return mark_terms(self.sentence, self.terms, left, right)


@dataclass(frozen=True)
class Match:
    rule: str
    evidence: tuple[Evidence, ...]
