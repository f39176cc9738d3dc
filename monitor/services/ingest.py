"""Ingest: store an article once, record rule matches, enqueue alerts: one transaction.

Matching is pure and runs before the transaction so the write lock is held briefly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from scwatch.core.clock import utcnow
from scwatch.core.models import Article, Channel, Evidence, Match, Rule
from scwatch.core.policy.timing import first_due_at
from scwatch.core.rules import RuleSet
from scwatch.core.text.folding import squeeze_fields
from scwatch.storage import Connection, Database, outbox
from scwatch.storage import articles as article_store
from scwatch.storage import matches as match_store


@dataclass(frozen=True)
class IngestResult:
    status: str  # "new", "duplicate_url" or "duplicate_content"
    article_id: int
    cluster_id: int
    alerts: int
    matched_rules: tuple[str, ...]


class Ingestor:
    def __init__(
        self,
        db: Database,
        ruleset: RuleSet,
        rules: Sequence[Rule],
        channels: Mapping[str, Channel],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.ruleset = ruleset
        self.rules = {rule.name: rule for rule in rules}
        self.channels = channels
        self.clock = clock

    def ingest(self, article: Article) -> IngestResult:
        matches = self.ruleset.match(article.title, article.body, article.source)
        values = {**asdict(article), "search_text": squeeze_fields(article.title, article.body)}
        with self.db.transaction() as conn:
            outcome = article_store.insert_article(conn, values)
            if outcome.status != "new":
                return IngestResult(outcome.status, outcome.article_id, outcome.cluster_id, 0, ())
            alerts = 0
            for match in matches:
                alerts += self._record(conn, article, outcome.article_id, outcome.cluster_id, match)
        names = tuple(match.rule for match in matches)
        return IngestResult("new", outcome.article_id, outcome.cluster_id, alerts, names)

    def _record(
        self, conn: Connection, article: Article, article_id: int, cluster_id: int, match: Match
    ) -> int:
        now = self.clock()
        evidence = [evidence_dict(e) for e in match.evidence]
        match_store.add_match(conn, match.rule, article_id, evidence, now)
        rule = self.rules.get(match.rule)
        if rule is None:
            return 0
        payload = alert_payload(article, article_id, rule, evidence)
        due_at = first_due_at(rule, now)
        enqueued = 0
        for channel in rule.channels:
            if channel not in self.channels:
                continue
            alert_id = outbox.enqueue_alert(
                conn,
                rule=match.rule,
                cluster_id=cluster_id,
                article_id=article_id,
                channel=channel,
                payload=payload,
                created_at=now,
                due_at=due_at,
            )
            enqueued += alert_id is not None
        return enqueued


def evidence_dict(evidence: Evidence) -> dict[str, object]:
    return {
        "field": evidence.field,
        "sentence": evidence.sentence,
        "terms": list(evidence.terms),
    }


def alert_payload(
    article: Article, article_id: int, rule: Rule, evidence: list[dict[str, object]]
) -> dict[str, object]:
    """What a notifier needs to render the alert without another query."""
    published = article.published_at.isoformat() if article.published_at else None
    return {
        "rule": rule.name,
        "mode": rule.mode,
        "article_id": article_id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "author": article.author,
        "published_at": published,
        "first_seen_at": article.first_seen_at.isoformat(),
        "evidence": evidence,
    }
