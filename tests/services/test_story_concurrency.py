"""Two crawls ingesting copies of one event at the same moment still make one story, with
one alert: story assignment is serialised (SQLite's writer lock, PostgreSQL's advisory
lock held to the end of the ingest transaction)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from support.articles import make_article
from support.story_texts import REWRITE, REWRITE_TITLE, WIRE, WIRE_TITLE

from scwatch.core.models import Article, Channel
from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, compile_rules
from scwatch.services.ingest import Ingestor, IngestResult
from scwatch.storage import Database, open_database, outbox

NOW = datetime(2025, 6, 9, 3, 0, tzinfo=UTC)
ROUNDS = 6


def version(round_no: int, source: str, title: str, body: str) -> Article:
    # Each round is a different event: its own figure, day and parties' project number.
    marked = body.replace("1,200억원", f"{1200 + 37 * round_no:,}억원")
    at = NOW + timedelta(days=20 * round_no)
    url = f"https://{source}.example/news/{round_no}"
    return make_article(url, title, marked, source=source, first_seen_at=at, published_at=at)


def ingestor_for(url: str, tmp_path: Path) -> tuple[Ingestor, Database]:
    db = open_database(url)
    rules = [replace(rule, channels=("jsonl",)) for rule in DEFAULT_RULES]
    channels = {"jsonl": Channel("jsonl", "jsonl", {"path": str(tmp_path / "a.jsonl")})}
    ruleset = compile_rules(rules, DEFAULT_ALIASES)
    return Ingestor(db, ruleset, rules, channels, clock=lambda: NOW), db


def test_simultaneous_copies_make_one_story(database_url: str, tmp_path: Path) -> None:
    first, db_a = ingestor_for(database_url, tmp_path)
    second, db_b = ingestor_for(database_url, tmp_path)
    try:
        for round_no in range(ROUNDS):
            pair = (
                (first, version(round_no, "wire", WIRE_TITLE, WIRE)),
                (second, version(round_no, "daily", REWRITE_TITLE, REWRITE)),
            )
            results = ingest_together(pair)
            assert results[0].cluster_id == results[1].cluster_id, round_no
        with db_a.read() as conn:
            sent = [a for a in outbox.list_alerts(conn, limit=100) if "/" not in a.rule]
        assert len(sent) == ROUNDS  # one alert per event
    finally:
        db_a.dispose()
        db_b.dispose()


def ingest_together(pairs: tuple[tuple[Ingestor, Article], ...]) -> list[IngestResult]:
    results: list[IngestResult | None] = [None] * len(pairs)
    start = threading.Barrier(len(pairs))

    def run(index: int) -> None:
        start.wait()
        ingestor, article = pairs[index]
        results[index] = ingestor.ingest(article)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(pairs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(result is not None for result in results)
    return [result for result in results if result is not None]
