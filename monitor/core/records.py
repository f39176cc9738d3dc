"""Plain frozen records returned by the storage functions (never ORM objects)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from scwatch.core.deals.models import Deal

InsertStatus = Literal["new", "duplicate_url", "duplicate_content"]
AlertStatus = Literal["pending", "sent", "dead"]


@dataclass(frozen=True)
class ArticleRecord:
    id: int
    source: str
    url: str
    canonical_url: str
    url_key: str
    title: str
    body: str
    search_text: str
    author: str
    published_at: datetime | None
    updated_at: datetime | None
    first_seen_at: datetime
    content_key: str
    cluster_id: int | None
    extractor_version: str
    raw_sha256: str
    # How many other URLs carried the same content (article_sightings rows).
    sightings: int = 0
    # How it joined its story (migration 0003): original, copy, rewrite or manual.
    story_join: str | None = None
    story_score: float | None = None


@dataclass(frozen=True)
class SightingRecord:
    """The same content seen at another URL, usually another outlet running a wire story."""

    id: int
    article_id: int
    source: str
    url: str
    url_key: str
    seen_at: datetime


@dataclass(frozen=True)
class ClusterRecord:
    """A story: every copy and rewrite of one news event (migration 0003 adds the rest)."""

    id: int
    original_article_id: int
    size: int
    first_seen_at: datetime
    last_seen_at: datetime | None = None
    signature: str | None = None  # the decision's state, JSON (scwatch.core.stories.codec)
    merged_into: int | None = None  # merged by hand into this story


@dataclass(frozen=True)
class MatchRecord:
    id: int
    rule: str
    article_id: int
    evidence: list[dict[str, Any]]
    matched_at: datetime


@dataclass(frozen=True)
class AlertRecord:
    id: int
    rule: str
    cluster_id: int
    article_id: int
    channel: str
    status: AlertStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    idempotency_key: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class ChannelPause:
    """A channel every worker leaves alone until `paused_until` (the receiver answered
    429 or 503); `strikes` counts pauses in a row."""

    channel: str
    paused_until: datetime
    strikes: int
    reason: str
    paused_at: datetime


@dataclass(frozen=True)
class SourceRecord:
    id: int
    slug: str
    kind: str
    url: str
    name: str
    interval_minutes: int
    enabled: bool
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_new_at: datetime | None
    failures: int
    next_due_at: datetime | None
    last_error: str | None
    # Scheduling state (migration 0002).
    polls_since_full: int = 0
    watched_since: datetime | None = None
    lease_owner: str | None = None
    lease_until: datetime | None = None


@dataclass(frozen=True)
class IncidentRecord:
    """A health incident of a source: FAILING or SILENT from opened_at until closed_at."""

    id: int
    source: str
    kind: Literal["FAILING", "SILENT"]
    opened_at: datetime
    closed_at: datetime | None
    detail: str


@dataclass(frozen=True)
class FetchRecord:
    id: int
    source: str
    url: str
    started_at: datetime
    finished_at: datetime
    status: int | None
    items: int
    new_items: int
    error: str | None


@dataclass(frozen=True)
class InsertOutcome:
    status: InsertStatus
    article_id: int
    cluster_id: int


@dataclass(frozen=True)
class FetchValues:
    """One finished fetch of a source, as record_fetch stores it. error None means success;
    etag, last_modified and body_hash are kept for the next conditional request when given.
    full_fetch: True for an unconditional fetch (restarts the count of conditional polls),
    False for a conditional one (adds one), None when unknown (count untouched)."""

    source: str
    url: str
    started_at: datetime
    finished_at: datetime
    status: int | None = None
    items: int = 0
    new_items: int = 0
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    full_fetch: bool | None = None


@dataclass(frozen=True)
class DealRecord:
    """A stored deal with the article (and story) it was found in."""

    id: int
    article_id: int
    story_id: int | None
    position: int  # 0: the article's main deal
    deal: Deal
    title: str
    url: str
    source: str
    published_at: datetime | None
    first_seen_at: datetime


@dataclass(frozen=True)
class DealQuery:
    """Filters of a deal listing; every field None means "any"."""

    kinds: Sequence[str] | None = None  # "export" stands for every export kind
    statuses: Sequence[str] | None = None
    country: str | None = None
    party: str | None = None
    since: datetime | None = None  # first seen at or after
    story_id: int | None = None
    article_id: int | None = None
    limit: int | None = None


@dataclass(frozen=True)
class SourceSummary:
    """What one crawl did for one source: article pages fetched, stored as new, already
    stored (skipped before download or a copy of a stored article), failed (download,
    extraction or storage), the first failure's reason, and the feed's own error."""

    source: str
    fetched: int = 0
    new: int = 0
    duplicates: int = 0
    failed: int = 0
    first_failure: str | None = None
    error: str | None = None  # the feed or list page itself failed

    @property
    def status(self) -> str:
        """ok; partial (some articles failed); failed (the feed failed, or every article
        it offered failed); no result (the crawler recorded nothing for it)."""
        if self.error or (self.failed and not self.new and not self.duplicates):
            return "failed"
        return "partial" if self.failed else "ok"


@dataclass(frozen=True)
class SearchHit:
    """One search result: the article (with collapse, the best matching article of its
    story), a snippet of its body around the words found, the character ranges of those
    words in the snippet, its story, and how many articles of the story match (1 when
    not collapsed)."""

    article: ArticleRecord
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    story_id: int | None
    copies: int


@dataclass(frozen=True)
class SearchPage:
    """One page of search results: `total` hits in all (stories when collapsed), of which
    `hits` are those from `offset` on, at most `limit`, in `order` (newest or relevance).
    `total_exact` is False when a word is so frequent in a large archive that the total was
    estimated from the newest articles ("about 30,000")."""

    hits: list[SearchHit]
    total: int
    query: str
    order: str
    offset: int
    limit: int
    total_exact: bool = True


@dataclass(frozen=True)
class SearchFilters:
    """What a search keeps besides its words; None means any. `seen_since`: first seen at
    or after; `published_from`/`published_to`: publication time (first-seen time when
    unknown) in [from, to); `rule`: articles that matched the rule; `story`: its articles."""

    seen_since: datetime | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    source: str | None = None
    rule: str | None = None
    story: int | None = None
    deal: DealQuery | None = None
