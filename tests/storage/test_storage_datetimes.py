"""Times keep their instant through storage: stored in UTC, returned tz-aware."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy.exc import StatementError

from scwatch.storage import Database
from scwatch.storage.articles import count_articles, get_article, insert_article, list_articles

ArticleFactory = Callable[..., dict[str, Any]]
KST = timezone(timedelta(hours=9), "KST")


def test_kst_time_comes_back_as_the_same_instant_in_utc(
    database: Database, article_values: ArticleFactory
) -> None:
    published = datetime(2024, 5, 3, 14, 0, 30, 123456, tzinfo=KST)
    with database.transaction() as conn:
        outcome = insert_article(conn, article_values(1, published_at=published))
    with database.read() as conn:
        stored = get_article(conn, outcome.article_id)
    assert stored is not None and stored.published_at is not None
    assert stored.published_at == published
    assert stored.published_at.utcoffset() == timedelta(0)
    assert stored.published_at.hour == 5
    assert stored.first_seen_at.tzinfo is not None


def test_kst_and_utc_times_sort_by_instant(
    database: Database, article_values: ArticleFactory
) -> None:
    # 14:00 KST is 05:00 UTC: earlier than 06:00 UTC although its wall clock is later.
    times = {
        "kst-1400": datetime(2024, 5, 3, 14, 0, tzinfo=KST),
        "utc-0600": datetime(2024, 5, 3, 6, 0, tzinfo=UTC),
        "kst-1430": datetime(2024, 5, 3, 14, 30, tzinfo=KST),
        "utc-0400": datetime(2024, 5, 3, 4, 0, tzinfo=UTC),
    }
    with database.transaction() as conn:
        for n, (label, when) in enumerate(times.items(), start=1):
            insert_article(conn, article_values(n, url_key=label, published_at=when))
    with database.read() as conn:
        order = [a.url_key for a in list_articles(conn)]
        since = [a.url_key for a in list_articles(conn, since=times["kst-1400"])]
    assert order == ["utc-0600", "kst-1430", "kst-1400", "utc-0400"]
    assert since == ["utc-0600", "kst-1430", "kst-1400"]


def test_naive_datetime_is_refused(database: Database, article_values: ArticleFactory) -> None:
    naive = datetime(2024, 5, 3, 14, 0)
    with pytest.raises(StatementError) as raised, database.transaction() as conn:
        insert_article(conn, article_values(1, published_at=naive))
    assert isinstance(raised.value.orig, ValueError)
    assert "naive" in str(raised.value)
    with database.read() as conn:
        assert count_articles(conn) == 0
