"""Substring search over the squeezed text, including 2-syllable Korean terms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from scwatch.storage import Database
from scwatch.storage.articles import insert_article
from scwatch.storage.search import search_articles

ArticleFactory = Callable[..., dict[str, Any]]


def squeeze(text: str) -> str:
    return "".join(text.split()).casefold()


@pytest.fixture
def corpus(database: Database, article_values: ArticleFactory) -> Database:
    texts = {
        1: ("molit", "세종 스마트시티 해외 수출 계약 체결"),
        2: ("khan", "부산 에코델타 스마트시티 MOU 양해각서"),
        3: ("molit", "스마트도시 박람회 개막, 수출상담회 열려"),
        4: ("khan", "할인율 50%_이벤트 안내"),
    }
    with database.transaction() as conn:
        for n, (source, title) in texts.items():
            body = f"{title}. 관계자는 앞으로도 협력을 이어가겠다고 말했다."
            insert_article(
                conn,
                article_values(n, source=source, title=title, body=body,
                               search_text=squeeze(title + body)),
            )  # fmt: skip
    return database


def found(database: Database, terms: list[str], **filters: Any) -> list[str]:
    with database.read() as conn:
        return [a.url_key for a in search_articles(conn, terms, **filters)]


def test_two_syllable_korean_term_is_found_mid_word(corpus: Database) -> None:
    # 수출상담회 contains 수출: substring search finds it where FTS trigram would not.
    assert found(corpus, ["수출"]) == ["url-0003", "url-0001"]


def test_all_terms_must_be_present(corpus: Database) -> None:
    assert found(corpus, ["스마트시티", "수출"]) == ["url-0001"]
    assert found(corpus, ["mou", "양해각서"]) == ["url-0002"]
    assert found(corpus, ["수출", "양해각서"]) == []


def test_since_and_source_filters(corpus: Database, article_values: ArticleFactory) -> None:
    cutoff = article_values(3)["first_seen_at"] - timedelta(seconds=1)
    assert found(corpus, ["수출"], since=cutoff) == ["url-0003"]
    assert found(corpus, ["스마트"], source="khan") == ["url-0002"]
    assert found(corpus, ["스마트"], limit=1) == ["url-0003"]


def test_like_wildcards_are_literal(corpus: Database) -> None:
    assert found(corpus, ["50%_"]) == ["url-0004"]
    assert found(corpus, ["%"]) == ["url-0004"]
    assert found(corpus, ["_"]) == ["url-0004"]
    assert found(corpus, ["세종%수출"]) == []
