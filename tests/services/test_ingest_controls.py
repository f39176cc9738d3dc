"""Ingest is the one point where control characters leave an article (issue 12, defect 2):
title, author and body are stored without them on both backends, the alert carries the
clean title, and the same text with and without them is one article."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from support.articles import make_article

from scwatch.core.models import Channel
from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, compile_rules
from scwatch.services.ingest import Ingestor
from scwatch.storage import Database, outbox
from scwatch.storage.articles import get_article

NOW = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
TITLE = "韓 스마트시티, 중동에 1200억 수출 계약"
BODY = (
    "국토교통부는 8일 한국형 스마트시티 기술을 중동 지역에 수출하는 1,200억원 규모의 계약을 "
    "체결했다고 밝혔다.\n\n이번 계약은 도시 통합관제 플랫폼과\t교통 신호 체계를 묶은 것이다. "
    "정부는 앞으로 중남미 시장으로 진출을 넓힐 계획이다."
)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_controls_are_stored_nowhere_and_do_not_make_a_new_article(database: Database) -> None:
    rules = [replace(rule, channels=("console",)) for rule in DEFAULT_RULES]
    channels = {"console": Channel("console", "console")}
    ruleset = compile_rules(rules, DEFAULT_ALIASES)
    ingestor = Ingestor(database, ruleset, rules, channels, clock=lambda: NOW)
    dirty = make_article(
        "https://a.example/news/1",
        "\x1b[2J韓 스마트시티,\x00 중동에 1200억 수출 계약\u202e",
        BODY.replace("국토교통부는", "국토교통부는\x00\x9b").replace("계획이다", "계획\r\n이다\x1b[0m"),
        first_seen_at=NOW,
    )
    dirty = replace(dirty, author="김가온\x1b]0;x\x07 기자")
    first = ingestor.ingest(dirty)
    assert first.status == "new" and first.alerts >= 1
    with database.read() as conn:
        stored = get_article(conn, first.article_id)
        (alert,) = outbox.list_alerts(conn, limit=10)
    assert stored is not None
    assert stored.title == "[2J韓 스마트시티, 중동에 1200억 수출 계약"
    assert stored.author == "김가온]0;x 기자"
    assert stored.body == BODY.replace("계획이다", "계획\n이다[0m")  # newlines and tabs stay
    assert not CONTROL.search(str(alert.payload))
    clean = make_article("https://b.example/news/1", stored.title, stored.body, first_seen_at=NOW)
    assert ingestor.ingest(clean).status == "duplicate_content"
