"""Insert-if-new: each story is stored once, copies from other URLs become sightings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from scwatch.core.errors import StorageError
from scwatch.storage import Database
from scwatch.storage.articles import (
    count_articles,
    get_article,
    insert_article,
    iter_articles,
    known_url_keys,
    list_articles,
    sightings_of,
)
from scwatch.storage.clusters import get_cluster

ArticleFactory = Callable[..., dict[str, Any]]


def test_new_article_gets_its_own_cluster(
    database: Database, article_values: ArticleFactory
) -> None:
    with database.transaction() as conn:
        outcome = insert_article(conn, article_values(1))
    assert outcome.status == "new"
    with database.read() as conn:
        stored = get_article(conn, outcome.article_id)
        cluster = get_cluster(conn, outcome.cluster_id)
    assert stored is not None
    assert stored.title == "스마트시티 수출 협약 1호"
    assert stored.cluster_id == outcome.cluster_id
    assert stored.sightings == 0
    assert cluster is not None
    assert (cluster.original_article_id, cluster.size) == (outcome.article_id, 1)


def test_same_url_again_is_a_duplicate_and_writes_nothing(
    database: Database, article_values: ArticleFactory
) -> None:
    with database.transaction() as conn:
        first = insert_article(conn, article_values(1))
    with database.transaction() as conn:
        again = insert_article(conn, article_values(1, title="고쳐진 제목", content_key="other"))
    assert again.status == "duplicate_url"
    assert (again.article_id, again.cluster_id) == (first.article_id, first.cluster_id)
    with database.read() as conn:
        assert count_articles(conn) == 1
        stored = get_article(conn, first.article_id)
        assert stored is not None and stored.title == "스마트시티 수출 협약 1호"


def test_same_content_elsewhere_becomes_a_sighting(
    database: Database, article_values: ArticleFactory
) -> None:
    original = article_values(1)
    copy = article_values(
        2, source="yonhap", url="https://wire.example.kr/a", content_key=original["content_key"]
    )
    with database.transaction() as conn:
        first = insert_article(conn, original)
        second = insert_article(conn, copy)
    assert second.status == "duplicate_content"
    assert (second.article_id, second.cluster_id) == (first.article_id, first.cluster_id)
    with database.read() as conn:
        assert count_articles(conn) == 1
        sightings = sightings_of(conn, first.article_id)
        cluster = get_cluster(conn, first.cluster_id)
        stored = get_article(conn, first.article_id)
    assert [(s.source, s.url) for s in sightings] == [("yonhap", "https://wire.example.kr/a")]
    assert sightings[0].seen_at == copy["first_seen_at"]
    assert cluster is not None and cluster.size == 2
    assert stored is not None and stored.sightings == 1


def test_a_sighted_url_seen_again_is_a_url_duplicate(
    database: Database, article_values: ArticleFactory
) -> None:
    original = article_values(1)
    copy = article_values(2, content_key=original["content_key"])
    with database.transaction() as conn:
        insert_article(conn, original)
        insert_article(conn, copy)
        again = insert_article(conn, copy)
    assert again.status == "duplicate_url"
    with database.read() as conn:
        assert len(sightings_of(conn, again.article_id)) == 1
        cluster = get_cluster(conn, again.cluster_id)
    assert cluster is not None and cluster.size == 2


def test_reinserting_a_batch_stores_nothing_twice(
    database: Database, article_values: ArticleFactory
) -> None:
    batch = [article_values(n) for n in range(1, 11)]
    batch.append(article_values(11, content_key=batch[0]["content_key"]))
    with database.transaction() as conn:
        first_run = [insert_article(conn, values) for values in batch]
    with database.transaction() as conn:
        second_run = [insert_article(conn, values) for values in batch]
    assert [o.status for o in first_run] == ["new"] * 10 + ["duplicate_content"]
    assert [o.status for o in second_run] == ["duplicate_url"] * 11
    assert [o.article_id for o in second_run] == [o.article_id for o in first_run]
    with database.read() as conn:
        assert count_articles(conn) == 10
        assert len(sightings_of(conn, first_run[0].article_id)) == 1
        cluster = get_cluster(conn, first_run[0].cluster_id)
    assert cluster is not None and cluster.size == 2


def test_known_url_keys_covers_articles_and_sightings(
    database: Database, article_values: ArticleFactory
) -> None:
    original = article_values(1)
    with database.transaction() as conn:
        insert_article(conn, original)
        insert_article(conn, article_values(2, content_key=original["content_key"]))
    asked = [f"url-{n:04d}" for n in range(1, 1201)]
    with database.read() as conn:
        assert known_url_keys(conn, asked) == {"url-0001", "url-0002"}
        assert known_url_keys(conn, []) == set()


def test_list_articles_is_newest_first_by_publication_time(
    database: Database, article_values: ArticleFactory
) -> None:
    base = article_values(1)["first_seen_at"]
    with database.transaction() as conn:
        # Published long before it was found: sorts by its publication time.
        insert_article(conn, article_values(1, published_at=base - timedelta(days=3)))
        insert_article(conn, article_values(2))
        insert_article(conn, article_values(3, source="khan"))
    with database.read() as conn:
        newest = [a.url_key for a in list_articles(conn)]
        recent = [a.url_key for a in list_articles(conn, since=base - timedelta(days=1))]
        khan = [a.url_key for a in list_articles(conn, source="khan")]
        top = [a.url_key for a in list_articles(conn, limit=1)]
    assert newest == ["url-0003", "url-0002", "url-0001"]
    assert recent == ["url-0003", "url-0002"]
    assert khan == ["url-0003"]
    assert top == ["url-0003"]


def test_iter_articles_streams_everything_in_storage_order(
    database: Database, article_values: ArticleFactory
) -> None:
    with database.transaction() as conn:
        for n in range(1, 1203):
            insert_article(conn, article_values(n))
    cutoff = article_values(1200)["first_seen_at"]
    with database.read() as conn:
        every = [a.url_key for a in iter_articles(conn)]
        latest = [a.url_key for a in iter_articles(conn, since=cutoff)]
    assert len(every) == 1202 and every[0] == "url-0001" and every[-1] == "url-1202"
    assert latest == ["url-1200", "url-1201", "url-1202"]


def test_missing_article_fields_are_named(database: Database) -> None:
    with database.transaction() as conn, pytest.raises(StorageError, match="url_key"):
        insert_article(conn, {"source": "molit", "url": "https://a.kr/1"})


def test_unknown_article_is_none(database: Database) -> None:
    with database.read() as conn:
        assert get_article(conn, 12345) is None
        assert sightings_of(conn, 12345) == []


def test_the_earlier_original_becomes_the_article_when_crawled_second(
    database: Database, article_values: ArticleFactory
) -> None:
    """A republished wire story crawled before its original: the story points at the
    original (earliest published) and the republication becomes the sighting."""
    from datetime import UTC, datetime, timedelta

    noon = datetime(2025, 3, 12, 5, 41, tzinfo=UTC)
    republished = article_values(1, source="hanbit", published_at=noon)
    original = article_values(
        2, source="gukje", url="https://wire.example.kr/a", content_key=republished["content_key"],
        published_at=noon - timedelta(minutes=36),
    )
    with database.transaction() as conn:
        first = insert_article(conn, republished)
        second = insert_article(conn, original)
        again = insert_article(conn, republished)
    assert second.status == "duplicate_content" and second.article_id == first.article_id
    assert again.status == "duplicate_url"
    with database.read() as conn:
        stored = get_article(conn, first.article_id)
        sightings = sightings_of(conn, first.article_id)
    assert stored is not None and (stored.source, stored.url) == ("gukje", original["url"])
    assert stored.first_seen_at == republished["first_seen_at"]  # first seen: the story's
    assert [(s.source, s.url) for s in sightings] == [("hanbit", republished["url"])]
