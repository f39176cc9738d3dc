"""The plain-SQL statements of story assignment (scwatch.storage.plain) store what the
SQLAlchemy tables store: a story started and grown through them reads back the same
through the ordinary queries, and the candidate lookup finds it by band and by key
inside the time window, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from scwatch.storage import Database, open_database
from scwatch.storage import articles as article_store
from scwatch.storage import stories as story_store
from scwatch.storage.plain import PlainStatement
from scwatch.storage.tables import story_keys

KST = timezone(timedelta(hours=9))
SEEN = datetime(2025, 6, 10, 9, 30, 15, 123456, tzinfo=KST)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = open_database(database_url)
    yield db
    db.dispose()


def article(n: int) -> dict[str, object]:
    return {
        "source": "outlet",
        "url": f"https://news.example.kr/{n}",
        "canonical_url": f"https://news.example.kr/{n}",
        "url_key": f"{n:064x}",
        "title": "LH, 박닌성과 스마트시티 협력",
        "body": "한국토지주택공사는 박닌성과 협약을 맺었다.",
        "search_text": "lh박닌성",
        "content_key": f"{n + 100:064x}",
        "first_seen_at": SEEN,
        "published_at": SEEN,
    }


def test_a_story_stored_by_plain_statements_reads_back_the_same(database: Database) -> None:
    with database.transaction() as conn:
        first = article_store.insert_article(conn, article(1), lambda _id: 0).article_id
        story = story_store.start_story(conn, first, SEEN, '{"state": 1}')
        story_store.place_article(conn, first, story, "original", 1.0)
        story_store.add_bands(conn, first, story, [(0, 11), (1, 12)])
        story_store.add_keys(conn, story, ["p:lh", "k:-:박닌"], SEEN)
        story_store.insert_facts(conn, first, '{"facts": 1}')
        second = article_store.insert_article(conn, article(2), lambda _id: 0).article_id
        story_store.place_article(conn, second, story, "copy", 0.8)
        later = SEEN + timedelta(hours=2)
        story_store.grow_story(conn, story, ('{"state": 2}', 2, later), second)
    with database.read() as conn:
        record = story_store.get_story(conn, story)
        keys = conn.execute(select(story_keys.c.first_seen_at)).scalars().all()
        facts = story_store.facts_of_articles(conn, [first])
    assert record is not None
    assert (record.size, record.original_article_id, record.signature) == (2, second, '{"state": 2}')
    assert record.first_seen_at == SEEN and record.last_seen_at == later
    assert record.first_seen_at.tzinfo is not None
    assert keys == [SEEN, SEEN] and facts == {first: '{"facts": 1}'}
    window = (SEEN - timedelta(days=14), SEEN + timedelta(days=14))
    with database.transaction() as conn:
        third = article_store.insert_article(conn, article(3), lambda _id: 0).article_id
        by_band = story_store.candidate_stories(conn, third, [(1, 12)], [], window)
        by_key = story_store.candidate_stories(conn, third, [], ["p:lh"], window)
        too_late = (SEEN + timedelta(days=20), SEEN + timedelta(days=40))
        outside = story_store.candidate_stories(conn, third, [], ["p:lh"], too_late)
    assert [s.id for s in by_band] == [story] and by_band[0] == record
    assert [s.id for s in by_key] == [story]
    assert outside == []
    assert record.first_seen_at.astimezone(UTC) == SEEN.astimezone(UTC)


def test_a_refused_plain_statement_raises_sqlalchemys_error_and_rolls_back(
    database: Database,
) -> None:
    """The plain statements run on the driver's own cursor; a constraint they break still
    raises SQLAlchemy's IntegrityError (callers and the unavailable-database translation
    see the same error type as from any other statement) and the transaction rolls back."""
    with pytest.raises(IntegrityError), database.transaction() as conn:
        first = article_store.insert_article(conn, article(1), lambda _id: 0).article_id
        story_store.insert_facts(conn, first, '{"facts": 1}')
        story_store.insert_facts(conn, first, '{"facts": 2}')
    with database.read() as conn:
        assert article_store.count_articles(conn) == 0
        assert story_store.facts_of_articles(conn, [1]) == {}


def test_article_records_read_by_plain_sql_equal_the_ordinary_query(database: Database) -> None:
    """records_by_id (a search page's twenty articles) gives the records that
    article_query gives: every column, aware datetimes, the sightings count."""
    with database.transaction() as conn:
        first = article_store.insert_article(conn, article(1), lambda _id: 0).article_id
        undated = article(2) | {"published_at": None}
        second = article_store.insert_article(conn, undated, lambda _id: 0).article_id
        # The first one's content again at another URL: a sighting, not a new article.
        again = article(3) | {"content_key": article(1)["content_key"]}
        assert article_store.insert_article(conn, again, lambda _id: 0).article_id == first
    with database.read() as conn:
        plain = article_store.records_by_id(conn, [second, first, 999])
        rows = conn.execute(article_store.article_query()).all()
        ordinary = {row.id: article_store.to_record(row) for row in rows}
        assert article_store.records_by_id(conn, []) == {}
    assert plain == ordinary
    assert plain[first].sightings == 1 and plain[second].published_at is None
    assert plain[first].first_seen_at == SEEN and plain[first].first_seen_at.tzinfo is not None


def test_a_streamed_plain_statement_gives_every_row_in_batches(database: Database) -> None:
    with database.transaction() as conn:
        for n in range(1, 8):
            article_store.insert_article(conn, article(n), lambda _id: 0)
    statement = PlainStatement("SELECT id FROM articles WHERE id > :low ORDER BY id")
    with database.read() as conn:
        rows = [row[0] for row in statement.stream(conn, {"low": 2}, batch=2)]
        first_two = []
        for (article_id,) in statement.stream(conn, {"low": 0}, batch=2):
            first_two.append(article_id)
            if len(first_two) == 2:
                break  # the rest is never fetched; the connection stays usable
        assert statement.run(conn, {"low": 6}) == [(7,)]
    assert rows == [3, 4, 5, 6, 7] and first_two == [1, 2]
