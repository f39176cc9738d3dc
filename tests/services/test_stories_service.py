"""Story assignment against real SQLite and PostgreSQL, called as ingest calls it: inside
the transaction, right after insert_article."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from scwatch.core.stories import facts_of
from scwatch.core.stories.candidates import CandidateIndex, search_window
from scwatch.core.stories.codec import state_from_json
from scwatch.core.stories.signature import story_keys
from scwatch.core.text.folding import squeeze_fields
from scwatch.services.stories import assign_story, merge_stories, split_article
from scwatch.storage import Database, open_database
from scwatch.storage import articles as article_store
from scwatch.storage import stories as story_store
from scwatch.storage.tables import clusters, story_bands

T0 = datetime(2025, 6, 10, 0, 0, tzinfo=UTC)
LABELLED = Path(__file__).resolve().parents[1] / "fixtures" / "labelled" / "stories" / "a.jsonl"
ORIGINAL = (
    "(서울=연합뉴스) 김민수 기자 = 한국토지주택공사(LH)는 베트남 북부 박닌성 인민위원회와 "
    "스마트시티 개발 협력을 위한 양해각서(MOU)를 체결했다고 16일 밝혔다. 협약식은 전날 박닌성 "
    "청사에서 열렸다. 양 기관은 박닌성 동남부 약 800ha 부지에 주거·산업·상업 기능을 갖춘 스마트 "
    "신도시를 조성하는 방안을 공동으로 검토하기로 했다. LH는 마스터플랜 자문과 사업 타당성 조사를 "
    "지원하고, 박닌성은 부지 확보와 인허가 절차에 협조한다."
)
COPY = ORIGINAL.replace("밝혔다", "전했다").replace("김민수 기자 = ", "")
REWRITE = (
    "LH가 베트남 박닌성에 800ha 규모 스마트 신도시를 추진한다. 한국토지주택공사는 박닌성과 "
    "스마트시티 개발 협력 MOU를 맺고 하반기 현지 조사단을 보내 후보지를 검토한다."
)
OTHER = (
    "한국수자원공사(K-water)는 우즈베키스탄 타슈켄트주와 스마트 물관리 협력 양해각서를 "
    "체결했다고 밝혔다. 양측은 원격검침 시범사업을 함께 추진한다."
)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = open_database(database_url)
    yield db
    db.dispose()


def ingest(
    db: Database, n: int, body: str, published: datetime, title: str = "", hook: bool = False
) -> Any:
    """Insert, then assign the story; with `hook`, as services.ingest does: insert_article
    calls assign_story before any story of the article's own is made."""
    title = title or body[:30]
    values = {
        "source": f"outlet-{n}",
        "url": f"https://news.example.kr/{n}",
        "canonical_url": f"https://news.example.kr/{n}",
        "url_key": f"url-{n}",
        "title": title,
        "body": body,
        "search_text": squeeze_fields(title, body),
        "content_key": f"content-{n}-{hash(body) & 0xFFFF}",
        "first_seen_at": T0 + timedelta(hours=n),
        "published_at": published,
    }
    facts = facts_of(title, body, published, ())
    decisions: list[Any] = []
    with db.transaction() as conn:

        def place(article_id: int) -> int:
            decisions.append(assign_story(conn, article_id, facts, values["first_seen_at"]))
            return int(decisions[-1].story_id)

        outcome = article_store.insert_article(conn, values, place if hook else None)
        if outcome.status != "new" or hook:
            return decisions[0] if decisions else outcome
        return assign_story(conn, outcome.article_id, facts, values["first_seen_at"])


def story_of(db: Database, article_id: int) -> int | None:
    with db.read() as conn:
        return story_store.story_of(conn, article_id)


def test_a_copy_joins_the_story_and_its_empty_story_is_dropped(database: Database) -> None:
    first = ingest(database, 1, ORIGINAL, T0)
    copy = ingest(database, 2, COPY, T0 + timedelta(minutes=30))
    assert first.join == "original" and first.story_id is not None
    assert copy.join == "copy" and copy.story_id == first.story_id and copy.score >= 0.5
    with database.read() as conn:
        assert conn.execute(select(func.count()).select_from(clusters)).scalar_one() == 1
        bands = conn.execute(select(func.count()).select_from(story_bands)).scalar_one()
        story = story_store.get_story(conn, first.story_id)
        members = story_store.story_members(conn, first.story_id)
    assert bands == 32
    assert story is not None and story.size == 2 and story.signature
    assert [m.story_join for m in members] == ["original", "copy"]


def test_through_the_insert_hook_no_story_is_made_to_be_dropped(database: Database) -> None:
    first = ingest(database, 1, ORIGINAL, T0, hook=True)
    copy = ingest(database, 2, COPY, T0 + timedelta(minutes=30), hook=True)
    other = ingest(database, 3, OTHER, T0 + timedelta(hours=1), hook=True)
    again = ingest(database, 2, COPY, T0 + timedelta(minutes=30), hook=True)
    assert (first.join, copy.join, other.join) == ("original", "copy", "original")
    assert copy.story_id == first.story_id and other.story_id == first.story_id + 1
    assert again.status == "duplicate_url" and again.cluster_id == first.story_id
    with database.read() as conn:
        assert conn.execute(select(func.count()).select_from(clusters)).scalar_one() == 2
        story = story_store.get_story(conn, first.story_id)
        members = story_store.story_members(conn, first.story_id)
    assert story is not None and story.size == 2 and story.signature
    assert story.original_article_id == members[0].id == 1
    assert [m.story_join for m in members] == ["original", "copy"]


def test_a_rewrite_joins_and_another_event_starts_a_story(database: Database) -> None:
    first = ingest(database, 1, ORIGINAL, T0)
    rewrite = ingest(
        database, 2, REWRITE, T0 + timedelta(hours=5), "LH, 베트남 박닌성 스마트시티 MOU"
    )
    other = ingest(database, 3, OTHER, T0 + timedelta(hours=6))
    assert rewrite.join == "rewrite" and rewrite.story_id == first.story_id
    assert other.join == "original" and other.story_id != first.story_id


def test_after_the_window_the_story_is_frozen(database: Database) -> None:
    first = ingest(database, 1, ORIGINAL, T0)
    late = ingest(database, 2, COPY, T0 + timedelta(days=20))
    assert late.join == "original" and late.story_id != first.story_id


def test_an_earlier_original_arriving_late_becomes_the_original(database: Database) -> None:
    copy = ingest(database, 1, COPY, T0 + timedelta(hours=2))
    original = ingest(database, 2, ORIGINAL, T0)
    assert original.story_id == copy.story_id
    with database.read() as conn:
        story = story_store.get_story(conn, copy.story_id)
        joins = {m.id: m.story_join for m in story_store.story_members(conn, copy.story_id)}
    assert story is not None and story.original_article_id == 2
    assert joins == {2: "original", 1: "copy"}


def test_merge_moves_members_and_later_copies_join_the_kept_story(database: Database) -> None:
    a = ingest(database, 1, ORIGINAL, T0)
    b = ingest(database, 2, OTHER, T0 + timedelta(hours=1))
    with database.transaction() as conn:
        merge_stories(conn, a.story_id, b.story_id)
    later = ingest(database, 3, OTHER.replace("밝혔다", "전했다"), T0 + timedelta(hours=3))
    assert later.story_id == a.story_id
    with database.read() as conn:
        merged = story_store.get_story(conn, b.story_id)
        kept = story_store.get_story(conn, a.story_id)
    assert merged is not None and merged.merged_into == a.story_id and merged.size == 0
    assert kept is not None and kept.size == 3
    assert story_of(database, 2) == a.story_id


def test_a_split_survives_recrawls_and_later_copies(database: Database) -> None:
    first = ingest(database, 1, ORIGINAL, T0)
    ingest(database, 2, COPY, T0 + timedelta(minutes=30))
    with database.transaction() as conn:
        new = split_article(conn, 2)
    assert new != first.story_id and story_of(database, 2) == new
    again = ingest(database, 2, COPY, T0 + timedelta(minutes=30))  # the same URL re-crawled
    assert again.status == "duplicate_url" and story_of(database, 2) == new
    with database.read() as conn:
        members = story_store.story_members(conn, new)
        old = story_store.get_story(conn, first.story_id)
    assert [m.story_join for m in members] == ["manual"]
    assert old is not None and old.size == 1 and old.original_article_id == 1


def test_ingest_offers_the_candidates_of_the_in_memory_index(database: Database) -> None:
    """storage.stories.candidate_stories and core CandidateIndex (the labelled measure's)
    choose the same stories: same caps, same ordering, same key rows."""
    rows = sorted(
        (json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line),
        key=lambda row: row["published"],
    )[:60]
    index = CandidateIndex()
    for n, row in enumerate(rows):
        at = datetime.fromisoformat(row["published"])
        facts = facts_of(row["title"], row["body"], at, ())
        window = search_window(at, timedelta(days=14))
        with database.transaction() as conn:
            found = story_store.candidate_stories(conn, -1, facts.bands, facts.keys, window)
            expected = index.candidates(facts.bands, facts.keys, window)
            assert sorted(s.id for s in found) == expected, row["id"]
            values = {"source": f"o{n}", "url": f"u{n}", "canonical_url": f"u{n}"}
            values |= {"url_key": f"k{n}", "title": row["title"], "body": row["body"]}
            values |= {"search_text": row["title"], "content_key": f"c{n}"}
            values |= {"first_seen_at": at, "published_at": at}
            outcome = article_store.insert_article(conn, values)
            story = assign_story(conn, outcome.article_id, facts, at).story_id
            record = story_store.get_story(conn, int(story or 0))
        assert record is not None and record.signature
        state = state_from_json(record.signature)
        index.add(record.id, facts.bands, story_keys(state.signature), state.start)


def test_a_law_story_without_parties_is_found_by_its_count(database: Database) -> None:
    """The 스마트도시법 rewrite names no party and shares no band: its count key ("6개")
    finds the story, and the rare words join it."""
    rows = {row["id"]: row for row in map(json.loads, LABELLED.read_text("utf-8").splitlines())}
    law, rewrite = rows["sa22-1"], rows["sa22-2"]
    first = ingest(database, 1, law["body"], T0, law["title"])
    second = ingest(database, 2, rewrite["body"], T0 + timedelta(hours=3), rewrite["title"])
    assert second.join == "rewrite" and second.story_id == first.story_id, second.reason
