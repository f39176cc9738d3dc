"""Reading stories and deals: a story with its original and copies, search results
collapsed by story, the deals table. Read-only, like scwatch.services.archive."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from scwatch.core.records import (
    AlertRecord,
    ArticleRecord,
    ClusterRecord,
    DealQuery,
    DealRecord,
)
from scwatch.storage import Database, outbox
from scwatch.storage import deals as deal_store
from scwatch.storage import outlets as outlet_store
from scwatch.storage import stories as story_store

# Collapsing needs more articles than stories shown: a story may hold many hits.
HITS_PER_STORY = 8


@dataclass(frozen=True)
class StoryDetail:
    """One story: its original, every member with how it joined, outlets, deals, alerts."""

    story: ClusterRecord
    original: ArticleRecord | None
    members: list[ArticleRecord]  # the original first, then by publication time
    outlets: list[str]
    deals: list[DealRecord]
    alerts: list[AlertRecord]


@dataclass(frozen=True)
class StoryHit:
    """A search result collapsed by story: the newest matching article stands for it."""

    article: ArticleRecord
    story_id: int | None
    hits: list[ArticleRecord]  # every matching article of the story, newest first

    @property
    def copies(self) -> int:
        return len(self.hits) - 1


def story_detail(db: Database, story_id: int) -> StoryDetail | None:
    with db.read() as conn:
        story = story_store.get_story(conn, story_id)
        if story is None:
            return None
        members = story_store.story_members(conn, story.id)
        outlets = sorted(outlet_store.story_outlets(conn, story.id))
        deals = deal_store.list_deals(conn, DealQuery(story_id=story.id))
        alerts = outbox.alerts_for_story(conn, story.id)
    original = next((m for m in members if m.id == story.original_article_id), None)
    ordered = ([original] if original else []) + [m for m in members if m is not original]
    return StoryDetail(story, original, ordered, outlets, deals, alerts)


def collapse(articles: Sequence[ArticleRecord], limit: int) -> list[StoryHit]:
    """Group hits by story in result order; at most `limit` stories."""
    groups: dict[object, list[ArticleRecord]] = {}
    for article in articles:
        key = article.cluster_id if article.cluster_id is not None else ("article", article.id)
        groups.setdefault(key, []).append(article)
    hits = [StoryHit(found[0], found[0].cluster_id, found) for found in groups.values()]
    return hits[:limit]


def iter_deals(db: Database, query: DealQuery) -> Iterator[DealRecord]:
    """Stored deals with their articles, oldest first, streamed."""
    with db.read() as conn:
        yield from deal_store.iter_deals(conn, query)
