"""Fixtures for the storage tests: a fresh database per test, on SQLite and PostgreSQL.

`database_url` (tests/conftest.py) gives each test an empty database on each backend; the
PostgreSQL ones come from its `postgres_url` fixture (skipped when the server does not
answer, a failure under CI=true).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

KST = timezone(timedelta(hours=9), "KST")
BASE_TIME = datetime(2024, 5, 3, 5, 0, tzinfo=UTC)

ArticleFactory = Callable[..., dict[str, Any]]


@pytest.fixture
def article_values() -> ArticleFactory:
    """Builds insert_article values; `n` picks distinct URL and content keys."""

    def build(n: int = 1, **overrides: Any) -> dict[str, Any]:
        title = f"스마트시티 수출 협약 {n}호"
        body = f"국토부는 {n}번째 스마트시티 수출 양해각서를 맺었다고 밝혔다."
        values: dict[str, Any] = {
            "source": "molit",
            "url": f"https://news.example.kr/article/{n}",
            "canonical_url": f"https://news.example.kr/article/{n}",
            "url_key": f"url-{n:04d}",
            "title": title,
            "body": body,
            "search_text": (title + body).replace(" ", "").casefold(),
            "content_key": f"content-{n:04d}",
            "first_seen_at": BASE_TIME + timedelta(minutes=n),
            "author": "기자",
            "published_at": None,
            "raw_sha256": "ab" * 32,
            "extractor_version": "test-1",
        }
        values.update(overrides)
        return values

    return build
