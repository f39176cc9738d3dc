"""The story and deal calls of the library: stories with their copies, search collapsed by
story, the deals table, `explain`, and the hand fixes `merge_stories` / `split_article`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from scwatch.api.reports import Since, moment_of
from scwatch.config import Config
from scwatch.core.deals import DEAL_KINDS, DEAL_STATUSES
from scwatch.core.errors import DatabaseNotReady, QueryError
from scwatch.core.records import ArticleRecord, DealQuery, DealRecord
from scwatch.services import story_archive
from scwatch.services.explain import Explanation, explain_article
from scwatch.services.runtime import Runtime
from scwatch.services.stories import merge_stories, split_article
from scwatch.services.story_archive import StoryDetail, StoryHit
from scwatch.storage import Database


@dataclass(frozen=True)
class DealFilter:
    """Which deals (or which articles, by their deals) a call returns. None: any.
    `kinds`: mou, export (every export kind), consultation, pilot; `statuses`: done,
    scheduled, planned, background, none; `party`: part of a party's name."""

    kinds: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    country: str | None = None
    party: str | None = None

    def query(self, since: datetime | None = None, limit: int | None = None) -> DealQuery:
        _check(self.kinds, (*DEAL_KINDS, "export"), "deal kind")
        _check(self.statuses, DEAL_STATUSES, "deal status")
        return DealQuery(
            kinds=self.kinds,
            statuses=self.statuses,
            country=self.country,
            party=self.party,
            since=since,
            limit=limit,
        )


def _check(values: Sequence[str] | None, allowed: Sequence[str], what: str) -> None:
    for value in values or ():
        if value not in allowed:
            raise QueryError(f"unknown {what} {value!r} (one of: {', '.join(allowed)})")


class StoryCalls:
    """Mixed into Scwatch; uses its configuration and database."""

    config: Config

    def _db(self) -> Database:
        raise NotImplementedError

    def _write_runtime(self) -> Runtime:
        raise NotImplementedError

    def search(
        self,
        query: str,
        *,
        since: Since = None,
        source: str | None = None,
        deal: DealFilter | None = None,
        limit: int = 50,
    ) -> list[ArticleRecord]:
        raise NotImplementedError

    def search_stories(
        self,
        query: str,
        *,
        since: Since = None,
        source: str | None = None,
        deal: DealFilter | None = None,
        limit: int = 50,
    ) -> list[StoryHit]:
        """Like `search`, with the hits of one story collapsed into one StoryHit (the newest
        matching article stands for it; `hits` lists them all)."""
        wanted = min(limit * story_archive.HITS_PER_STORY, 10_000)
        found = self.search(query, since=since, source=source, deal=deal, limit=wanted)
        return story_archive.collapse(found, limit)

    def story(self, story_id: int) -> StoryDetail | None:
        """One story: original, copies and rewrites (how each joined, with its score),
        outlets, deals and alerts. A story merged into another answers as that one."""
        return story_archive.story_detail(self._db(), story_id)

    def deals(
        self, *, since: Since = None, deal: DealFilter | None = None, limit: int | None = None
    ) -> Iterator[DealRecord]:
        """Stored deals (the main deal of each article and any others), oldest first, with
        the article and story they came from, filtered by `deal`; streamed."""
        query = (deal or DealFilter()).query(since=moment_of(since), limit=limit)
        return story_archive.iter_deals(self._db(), query)

    def explain(self, target: int | str) -> Explanation:
        """Why an article did or did not alert: `target` is a stored article id, a stored
        URL, or any http(s) URL or saved file (extracted as the crawler would). For each
        configured rule: fired or not, the terms and sentences it saw; the deals found with
        their status and the words that decided it; the alerts sent for its story."""
        return explain_article(self._db_if_any(), self.config, target)

    def merge_stories(self, keep: int, other: int) -> StoryDetail:
        """Put every article of story `other` into story `keep`, by hand. Later copies of
        either join `keep`; re-crawls do not undo it."""
        db = self._write_runtime().db
        with db.transaction() as conn:
            merge_stories(conn, keep, other)
        detail = story_archive.story_detail(db, keep)
        if detail is None:
            raise QueryError(f"no story with id {keep}")
        return detail

    def split_article(self, article_id: int) -> StoryDetail:
        """Take one article out of its story into a story of its own, by hand."""
        db = self._write_runtime().db
        with db.transaction() as conn:
            story_id = split_article(conn, article_id)
        detail = story_archive.story_detail(db, story_id)
        if detail is None:
            raise QueryError(f"no article with id {article_id}")
        return detail

    def _db_if_any(self) -> Database | None:
        """The read-only database, or None when nothing was crawled yet."""
        try:
            return self._db()
        except DatabaseNotReady:
            return None
