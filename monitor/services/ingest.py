"""Ingest: store an article once, give it a story, record its deals and rule matches, and
enqueue alerts keyed on the story: one transaction.

Everything pure (deal extraction, rule matching, the story facts) runs before the
transaction so the write lock is held briefly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from scwatch.core.clock import utcnow
from scwatch.core.deals import Deal, extract_deals
from scwatch.core.models import Article, Channel, Match, Rule
from scwatch.core.rules import RuleSet
from scwatch.core.stories import StoryDecision, facts_of
from scwatch.core.text.controls import strip_controls
from scwatch.core.text.folding import squeeze_fields
from scwatch.core.text.keys import content_key
from scwatch.services.alerting import AlertWriter
from scwatch.services.stories import assign_story
from scwatch.storage import Connection, Database
from scwatch.storage import articles as article_store
from scwatch.storage import deals as deal_store

DEFAULT_WINDOW_DAYS = 14


@dataclass(frozen=True)
class IngestResult:
    status: str  # "new", "duplicate_url" or "duplicate_content"
    article_id: int
    cluster_id: int  # the article's story
    alerts: int
    matched_rules: tuple[str, ...]
    join: str = ""  # how a new article joined its story: original, copy or rewrite


def without_controls(article: Article) -> Article:
    """The article as it is stored, matched and alerted on: no control characters in its
    title, author or body (NUL, ESC, C1, bidi overrides), whichever way it was built."""
    title, author = strip_controls(article.title), strip_controls(article.author)
    body = strip_controls(article.body, lines=True)
    if (title, author, body) == (article.title, article.author, article.body):
        return article
    key = content_key(title, body)  # a copy with and without the controls is the same text
    return replace(article, title=title, author=author, body=body, content_key=key)


class Ingestor:
    def __init__(
        self,
        db: Database,
        ruleset: RuleSet,
        rules: Sequence[Rule],
        channels: Mapping[str, Channel],
        clock: Callable[[], datetime] = utcnow,
        window_days: int = DEFAULT_WINDOW_DAYS,
    ) -> None:
        self.db = db
        self.ruleset = ruleset
        self.alerts = AlertWriter(rules, channels)
        self.clock = clock
        self.window_days = window_days

    def ingest(self, article: Article) -> IngestResult:
        article = without_controls(article)
        deals = extract_deals(article.title, article.body, article.published_at)
        matches = self.ruleset.match(article.title, article.body, article.source, deals=deals)
        facts = facts_of(article.title, article.body, article.published_at, deals)
        values = {**asdict(article), "search_text": squeeze_fields(article.title, article.body)}
        with self.db.transaction() as conn:
            decisions: list[StoryDecision] = []

            def place(article_id: int) -> int:  # the new article's story, made or joined
                found = assign_story(
                    conn, article_id, facts, article.first_seen_at, self.window_days
                )
                decisions.append(found)
                return found.story_id or 0

            outcome = article_store.insert_article(conn, values, place)
            if outcome.status != "new":
                return IngestResult(outcome.status, outcome.article_id, outcome.cluster_id, 0, ())
            decision, story_id = decisions[0], outcome.cluster_id
            deal_store.store_deals(conn, outcome.article_id, story_id, deals)
            alerts = self._alert(conn, article, outcome.article_id, story_id, matches, deals)
        names = tuple(match.rule for match in matches)
        return IngestResult("new", outcome.article_id, story_id, alerts, names, decision.join)

    def _alert(
        self,
        conn: Connection,
        article: Article,
        article_id: int,
        story_id: int,
        matches: Sequence[Match],
        deals: Sequence[Deal],
    ) -> int:
        now = self.clock()
        return sum(
            self.alerts.record(conn, article, article_id, story_id, match, deals, now)
            for match in matches
        )
