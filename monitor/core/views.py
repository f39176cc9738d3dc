"""Turn stored records into what people and scripts see (KST times, short bodies)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scwatch.core.clock import format_kst

# Only annotations: importing the views (as every CLI module does) builds no record classes.
if TYPE_CHECKING:
    from scwatch.core.deals import Deal
    from scwatch.core.policy.health import SourceHealth
    from scwatch.core.records import (
        AlertRecord,
        ArticleRecord,
        ChannelPause,
        DealRecord,
        SourceRecord,
        SourceSummary,
    )


def iso(moment: object) -> str | None:
    return moment.isoformat() if hasattr(moment, "isoformat") else None


def article_dict(article: ArticleRecord, *, with_body: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "url": article.url,
        "author": article.author,
        "published_at": iso(article.published_at),
        "updated_at": iso(article.updated_at),
        "first_seen_at": iso(article.first_seen_at),
        "cluster_id": article.cluster_id,
        "story_id": article.cluster_id,
        "story_join": article.story_join,
        "also_seen": article.sightings,
    }
    if with_body:
        row["body"] = article.body
    return row


def article_row(article: ArticleRecord) -> list[str]:
    when = format_kst(article.published_at or article.first_seen_at)
    return [str(article.id), when, article.source, article.title]


def alert_dict(alert: AlertRecord) -> dict[str, Any]:
    """An alert for display. The payload holds no secrets; channel config is not shown."""
    return {
        "id": alert.id,
        "rule": alert.rule,
        "channel": alert.channel,
        "status": alert.status,
        "attempts": alert.attempts,
        "title": alert.payload.get("title"),
        "url": alert.payload.get("url"),
        "evidence": [e.get("sentence") for e in alert.payload.get("evidence", [])],
        "created_at": iso(alert.created_at),
        "sent_at": iso(alert.sent_at),
        "next_attempt_at": iso(alert.next_attempt_at),
        "last_error": alert.last_error,
    }


def alert_row(alert: AlertRecord) -> list[str]:
    evidence = alert.payload.get("evidence") or [{}]
    why = str(evidence[0].get("sentence", ""))
    return [
        str(alert.id),
        alert.rule,
        alert.channel,
        alert.status,
        str(alert.payload.get("title", "")),
        why[:120] + ("…" if len(why) > 120 else ""),
        alert.last_error or "",
    ]


def paused_lines(paused: Mapping[str, datetime]) -> list[str]:
    """A delivery run's paused channels (DeliveryReport.paused) for people."""
    return [
        f"channel {channel} paused until {format_kst(until, '%Y-%m-%d %H:%M:%S')} (429/503)"
        for channel, until in sorted(paused.items())
    ]


def pause_line(pause: ChannelPause) -> str:
    """A paused channel for people: until when, and what the receiver answered."""
    until = format_kst(pause.paused_until, "%Y-%m-%d %H:%M:%S")
    return f"channel {pause.channel} paused until {until}: {pause.reason}"


def shorten(text: str | None, width: int = 80) -> str:
    """`text` in at most `width` characters, cut between words with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:  # a long URL or word has no good place: cut it
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def source_dict(source: SourceRecord, status: str) -> dict[str, Any]:
    """A source for scripts; `status` is core.policy.health's (OK, NEW, RETRYING, ...)."""
    return {
        "slug": source.slug,
        "kind": source.kind,
        "name": source.name,
        "url": source.url,
        "interval_minutes": source.interval_minutes,
        "enabled": source.enabled,
        "status": status,
        "last_attempt_at": iso(source.last_attempt_at),
        "last_success_at": iso(source.last_success_at),
        "last_new_at": iso(source.last_new_at),
        "failures": source.failures,
        "last_error": source.last_error,
    }


def source_row(source: SourceRecord, status: str) -> list[str]:
    return [
        source.slug,
        source.kind,
        source.name,
        status,
        format_kst(source.last_success_at),
        shorten(source.last_error),
    ]


def summary_dict(summary: SourceSummary) -> dict[str, Any]:
    """One source's line of a crawl summary, for scripts."""
    return {"source": summary.source, "status": summary.status, **{
        key: value for key, value in asdict(summary).items() if key != "source"
    }}


def summary_row(summary: SourceSummary) -> list[str]:
    counts = (summary.fetched, summary.new, summary.duplicates, summary.failed)
    return [
        summary.source,
        summary.status,
        *(str(count) for count in counts),
        shorten(summary.first_failure, 60),
    ]


def amount_text(deal: Deal) -> str:
    """"775억원" as written, with the won figure when another currency was used."""
    amount = deal.amount
    if amount is None:
        return ""
    if amount.currency == "KRW":
        return amount.text
    return f"{amount.text} (≈{amount.krw / 1e8:,.0f}억원)"


def deal_dict(deal: Deal) -> dict[str, Any]:
    """A deal for alerts, JSON output and exports; `line` is the one-line form."""
    amount = deal.amount
    return {
        "kind": deal.kind,
        "status": deal.status,
        "status_cue": deal.status_cue,
        "parties": [{"name": p.name, "side": p.side, "kind": p.kind} for p in deal.parties],
        "country": deal.country,
        "city": deal.city,
        "amount": amount.text if amount else None,
        "amount_value": amount.value if amount else None,
        "amount_currency": amount.currency if amount else None,
        "amount_krw": amount.krw if amount else None,
        "event": deal.event,
        "project": deal.project,
        "on": iso(deal.on),
        "smartcity": deal.smartcity,
        "sentences": dict(deal.sentences),
        "line": _deal_line(deal),
    }


def _deal_line(deal: Deal) -> str:
    # Imported here: the summary loads the gazetteers, which listing commands never need.
    from scwatch.core.deals.summary import deal_line

    return deal_line(deal)


def deal_record_dict(record: DealRecord) -> dict[str, Any]:
    """One row of the deals table (`scwatch deals`): the deal and where it was found."""
    return {
        "deal_id": record.id,
        "article_id": record.article_id,
        "story_id": record.story_id,
        "main": record.position == 0,
        **deal_dict(record.deal),
        "title": record.title,
        "url": record.url,
        "source": record.source,
        "published_at": iso(record.published_at),
        "first_seen_at": iso(record.first_seen_at),
    }


def deal_record_row(record: DealRecord) -> list[str]:
    deal = record.deal
    parties = ", ".join(p.name for p in deal.parties)
    place = " ".join(part for part in (deal.country, deal.city) if part)
    return [
        str(record.article_id),
        str(record.story_id or ""),
        deal.kind,
        deal.status,
        parties,
        place,
        amount_text(deal),
        record.title,
    ]


def health_dict(health: SourceHealth) -> dict[str, Any]:
    """A source's health for JSON (`sources health -f json`, the web UI and /api/sources)."""
    quiet = health.quiet_for.total_seconds() if health.quiet_for else None
    return {
        "slug": health.slug,
        "name": health.name,
        "kind": health.kind,
        "url": health.url,
        "status": health.status,
        "last_success_at": iso(health.last_success_at),
        "last_new_at": iso(health.last_new_at),
        "failures": health.failures,
        "next_due_at": iso(health.next_due_at),
        "last_error": health.last_error,
        "silent_after_hours": round(health.silent_after.total_seconds() / 3600, 1),
        "quiet_for_seconds": quiet,
    }
