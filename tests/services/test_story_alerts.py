"""Alerts key on the story: one alert per rule, story and channel however many copies and
rewrites arrive, in whatever order; one update when a later copy brings the amount."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.articles import make_article
from support.story_texts import (
    CAPTION,
    CAPTION_TITLE,
    NO_AMOUNT,
    NO_AMOUNT_TITLE,
    OTHER,
    OTHER_TITLE,
    REWRITE,
    REWRITE_TITLE,
    WIRE,
    WIRE_TITLE,
)

from scwatch.core.models import Article, Channel
from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, compile_rules
from scwatch.notify import JsonlNotifier
from scwatch.services.deliver import deliver_due
from scwatch.services.ingest import Ingestor
from scwatch.services.stories import merge_stories, split_article
from scwatch.storage import Database, outbox

NOW = datetime(2025, 6, 9, 3, 0, tzinfo=UTC)
EXPORT = "smart-city export"


def article(n: int, title: str, body: str, source: str, minutes: int = 0) -> Article:
    published = NOW + timedelta(minutes=minutes)
    url = f"https://{source}.example/news/{n}"
    return make_article(url, title, body, source=source, first_seen_at=published,
                        published_at=published)


WIRE_A = article(1, WIRE_TITLE, WIRE, "wire")
REWRITE_B = article(2, REWRITE_TITLE, REWRITE, "daily", minutes=40)
CAPTION_C = article(3, CAPTION_TITLE, CAPTION, "photo", minutes=90)
OTHER_D = article(4, OTHER_TITLE, OTHER, "daily", minutes=120)


@pytest.fixture
def ingestor(database: Database, tmp_path: Path) -> Ingestor:
    rules = [replace(rule, channels=("jsonl",)) for rule in DEFAULT_RULES]
    channels = {"jsonl": Channel("jsonl", "jsonl", {"path": str(tmp_path / "alerts.jsonl")})}
    return Ingestor(database, compile_rules(rules, DEFAULT_ALIASES), rules, channels,
                    clock=lambda: NOW)


def export_alerts(db: Database) -> list[str]:
    with db.read() as conn:
        return [a.rule for a in outbox.list_alerts(conn, limit=100) if a.rule.startswith(EXPORT)]


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 0, 2)])
def test_copies_and_rewrites_in_any_order_alert_once(
    ingestor: Ingestor, database: Database, order: tuple[int, ...]
) -> None:
    versions = [WIRE_A, REWRITE_B, CAPTION_C]
    results = [ingestor.ingest(versions[i]) for i in order]
    assert all(r.status == "new" for r in results)
    assert len({r.cluster_id for r in results}) == 1, [r.join for r in results]
    sent = export_alerts(database)
    assert sent.count(EXPORT) == 1
    # The caption has no amount: when it alerts first, the copy that brings the amount may
    # send the story's one update; nothing else repeats.
    assert sent.count(EXPORT + "/update") <= (1 if order[0] == 2 else 0)


def test_a_different_event_is_its_own_story_and_alerts(
    ingestor: Ingestor, database: Database
) -> None:
    first = ingestor.ingest(WIRE_A)
    other = ingestor.ingest(OTHER_D)
    assert other.cluster_id != first.cluster_id
    assert export_alerts(database) == [EXPORT, EXPORT]


def test_rewrite_is_recorded_with_how_it_joined(ingestor: Ingestor, database: Database) -> None:
    ingestor.ingest(WIRE_A)
    joined = ingestor.ingest(REWRITE_B)
    assert joined.join == "rewrite"


def test_a_later_copy_with_the_amount_sends_one_update(
    ingestor: Ingestor, database: Database
) -> None:
    ingestor.ingest(article(5, NO_AMOUNT_TITLE, NO_AMOUNT, "wire"))
    ingestor.ingest(REWRITE_B)  # brings 1,200억원
    ingestor.ingest(WIRE_A)  # the amount again: nothing more
    assert sorted(export_alerts(database)) == [EXPORT, EXPORT + "/update"]
    with database.read() as conn:
        update = next(a for a in outbox.list_alerts(conn) if a.rule.endswith("/update"))
    assert update.payload["update"] is True
    assert update.payload["deal"]["amount_krw"] == pytest.approx(1.2e11)


def test_the_alert_names_the_deal_and_the_other_outlets(
    ingestor: Ingestor, database: Database, tmp_path: Path
) -> None:
    for version in (WIRE_A, REWRITE_B, CAPTION_C):
        ingestor.ingest(version)
    deliver_due(database, {"jsonl": JsonlNotifier(tmp_path / "alerts.jsonl")}, now=lambda: NOW)
    sent = (tmp_path / "alerts.jsonl").read_text(encoding="utf-8")
    assert "한결도시공사" in sent and "쿠웨이트" in sent
    assert '"also_in": 2' in sent


def test_a_merged_story_does_not_alert_again(ingestor: Ingestor, database: Database) -> None:
    first = ingestor.ingest(WIRE_A)
    rewrite = ingestor.ingest(REWRITE_B)
    with database.transaction() as conn:
        apart = split_article(conn, rewrite.article_id)
        merge_stories(conn, apart, first.cluster_id)  # keep the split story this time
    later = ingestor.ingest(CAPTION_C)
    assert later.cluster_id == apart
    assert export_alerts(database) == [EXPORT]
