"""Alerts keyed on the story: one per rule, story and channel, however many copies arrive,
in whatever order. A later copy that adds the deal's amount sends one update, marked so."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from scwatch.core.deals import Deal
from scwatch.core.models import Article, Channel, Evidence, Match, Rule
from scwatch.core.policy.timing import first_due_at
from scwatch.core.views import deal_dict
from scwatch.storage import Connection, outbox
from scwatch.storage import matches as match_store

UPDATE_SUFFIX = "/update"


class AlertWriter:
    """Records a rule match and queues its alerts inside the ingest transaction."""

    def __init__(self, rules: Sequence[Rule], channels: Mapping[str, Channel]) -> None:
        self.rules = {rule.name: rule for rule in rules}
        self.channels = channels

    def record(
        self,
        conn: Connection,
        article: Article,
        article_id: int,
        story_id: int,
        match: Match,
        deals: Sequence[Deal],
        now: datetime,
    ) -> int:
        """Store the match; queue the alerts not sent for this story yet. Returns how many."""
        evidence = [evidence_dict(e) for e in match.evidence]
        match_store.add_match(conn, match.rule, article_id, evidence, now)
        rule = self.rules.get(match.rule)
        if rule is None:
            return 0
        deal = deal_of_match(match, deals)
        payload = alert_payload(article, article_id, story_id, rule, evidence, deal)
        due_at = first_due_at(rule, now)
        channels = [name for name in rule.channels if name in self.channels]
        return sum(
            _enqueue(conn, rule.name, story_id, article_id, channel, payload, now, due_at)
            for channel in channels
        )


def _enqueue(
    conn: Connection,
    rule: str,
    story_id: int,
    article_id: int,
    channel: str,
    payload: dict[str, object],
    now: datetime,
    due_at: datetime,
) -> int:
    """The story's first alert for (rule, channel); else its one update, when this copy
    brings the amount the first alert lacked; else nothing."""
    def queue(rule_name: str, body: dict[str, object]) -> bool:
        return (
            outbox.enqueue_alert(
                conn,
                rule=rule_name,
                cluster_id=story_id,
                article_id=article_id,
                channel=channel,
                payload=body,
                created_at=now,
                due_at=due_at,
            )
            is not None
        )

    earlier = outbox.payload_for(conn, rule=rule, cluster_id=story_id, channel=channel)
    if earlier is None:
        return int(queue(rule, payload))
    if not adds_amount(earlier, payload):
        return 0
    if outbox.payload_for(conn, rule=rule + UPDATE_SUFFIX, cluster_id=story_id, channel=channel):
        return 0  # one update per story, merged stories included
    again = queue(rule + UPDATE_SUFFIX, {**payload, "update": True})
    return int(again)


def adds_amount(earlier: Mapping[str, object] | None, payload: Mapping[str, object]) -> bool:
    """True when the new payload's deal has an amount and the earlier alert's had none."""
    if earlier is None:
        return False
    before, after = earlier.get("deal"), payload.get("deal")
    had = isinstance(before, Mapping) and before.get("amount_krw") is not None
    has = isinstance(after, Mapping) and after.get("amount_krw") is not None
    return has and not had


def deal_of_match(match: Match, deals: Sequence[Deal]) -> Deal | None:
    """The deal whose sentences the rule's evidence quotes, else the article's main deal."""
    quoted = {e.sentence for e in match.evidence}
    for deal in deals:
        if quoted & set(deal.sentences.values()):
            return deal
    return deals[0] if deals else None


def evidence_dict(evidence: Evidence) -> dict[str, object]:
    return {
        "field": evidence.field,
        "sentence": evidence.sentence,
        "terms": list(evidence.terms),
    }


def alert_payload(
    article: Article,
    article_id: int,
    story_id: int,
    rule: Rule,
    evidence: list[dict[str, object]],
    deal: Deal | None = None,
) -> dict[str, object]:
    """What a notifier needs to render the alert without another query."""
    published = article.published_at.isoformat() if article.published_at else None
    return {
        "rule": rule.name,
        "mode": rule.mode,
        "article_id": article_id,
        "story_id": story_id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "author": article.author,
        "published_at": published,
        "first_seen_at": article.first_seen_at.isoformat(),
        "evidence": evidence,
        "deal": deal_dict(deal) if deal else None,
    }
