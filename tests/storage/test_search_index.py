"""The bigram search index on both backends: every occurrence of a one- or two-syllable
word is found, inside compounds and before particles, exactly as a scan finds it; the index
follows inserts, updates, deletes and story changes in the same transaction; migration
0005 indexes the articles stored before it."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, text, update

from scwatch.core.records import SearchFilters
from scwatch.core.search import compile_search
from scwatch.core.text.folding import squeeze_fields
from scwatch.storage import Database, fts_search, open_database
from scwatch.storage.articles import insert_article, iter_articles
from scwatch.storage.finder import find_articles
from scwatch.storage.migrate import alembic_config
from scwatch.storage.stories import move_members
from scwatch.storage.tables import article_sightings, articles, clusters

ArticleFactory = Callable[..., dict[str, Any]]

PRESS = [
    ("부산시, 베트남 다낭과 스마트시티 업무협약을 맺어",
     "부산시는 9일 다낭시청에서 스마트시티 분야 업무협약을 체결했다고 밝혔다. "
     "양측은 교통 관제와 상수도 관리 기술을 함께 시험한다."),
    ("코트라, 하노이서 스마트시티 수출상담회 열어",
     "코트라는 하노이에서 국내 중소기업 20곳이 참가한 수출상담회를 열었다. "
     "현장에서 약 3천만 달러 규모의 상담이 오갔다."),
    ("국토부, 도시재생 사업지 30곳 선정",
     "국토교통부는 올해 도시재생 사업지 30곳을 골랐다고 밝혔다. 해외 수출과는 관계가 없다."),
    ("K-City Network 공모에 12개국 지방정부 참여",
     "국토교통부가 주관하는 K-City Network 해외 협력 공모에 12개국이 신청했다. "
     "할인율 50%_이벤트 같은 문구는 없다."),
]  # fmt: skip


def store(db: Database, values: ArticleFactory, texts: list[tuple[str, str]]) -> list[int]:
    ids = []
    with db.transaction() as conn:
        for n, (title, body) in enumerate(texts, start=1):
            row = values(n, title=title, body=body, search_text=squeeze_fields(title, body))
            ids.append(insert_article(conn, row).article_id)
    return ids


def found(db: Database, query: str, **options: Any) -> list[int]:
    with db.read() as conn:
        result = find_articles(conn, compile_search(query), SearchFilters(), **options)
    return [item.article.id for item in result.articles]


def scanned(db: Database, term: str) -> list[int]:
    """Brute force: every stored article whose squeezed text holds the term, newest first."""
    with db.read() as conn:
        rows = [a for a in iter_articles(conn) if term in a.search_text]
    rows.sort(key=lambda a: (a.published_at or a.first_seen_at, a.id), reverse=True)
    return [a.id for a in rows]


@pytest.fixture
def press(database: Database, article_values: ArticleFactory) -> Database:
    store(database, article_values, PRESS)
    return database


@pytest.mark.parametrize(
    "term",
    ["수출", "협약", "업무협약", "상담", "수", "약", "국", "k-city", "50%_", "%", "뷁", "뷁뷁"],
)
def test_every_occurrence_is_found_as_a_scan_finds_it(press: Database, term: str) -> None:
    assert found(press, term, collapse=False, limit=100) == scanned(press, term)


def test_short_words_inside_compounds_and_before_particles(press: Database) -> None:
    assert found(press, "수출", collapse=False) == [3, 2]  # 수출상담회, 수출과는
    assert found(press, "협약", collapse=False) == [1]  # 업무협약을
    assert found(press, "업무협약을", collapse=False) == [1]  # the particle is taken off
    assert found(press, '"업무협약을"', collapse=False) == [1]  # quoted: kept, still there
    assert found(press, '"협약과"', collapse=False) == []


def test_boolean_phrase_and_field_queries(press: Database) -> None:
    assert found(press, "스마트시티 AND 수출", collapse=False) == [2]
    assert found(press, "협약 OR 도시재생", collapse=False) == [3, 1]
    assert found(press, "국토교통부 NOT 수출", collapse=False) == [4]
    assert found(press, '"업무 협약"', collapse=False) == [1]
    assert found(press, "title:수출", collapse=False) == [2]
    assert found(press, "body:수출", collapse=False) == [3, 2]
    assert found(press, "source:molit 협약", collapse=False) == [1]


def test_total_paging_and_relevance(press: Database) -> None:
    with press.read() as conn:
        page = find_articles(conn, compile_search("스마트시티 OR 국토교통부"), SearchFilters(),
                             limit=2, offset=1, collapse=False)  # fmt: skip
    assert page.total == 4 and [item.article.id for item in page.articles] == [3, 2]
    ranked = found(press, "수출", order="relevance", collapse=False)
    assert sorted(ranked) == [2, 3] and ranked[0] == 2  # 수출 twice in a short article


def test_the_index_follows_updates_and_deletes(press: Database) -> None:
    with press.transaction() as conn:
        conn.execute(
            update(articles).where(articles.c.id == 3)
            .values(search_text=squeeze_fields("제목", "바뀐 본문에는 수소 도시가 나온다."))
        )  # fmt: skip
        conn.execute(delete(article_sightings).where(article_sightings.c.article_id == 2))
        conn.execute(delete(articles).where(articles.c.id == 2))
    assert found(press, "수출", collapse=False) == []
    assert found(press, "수소", collapse=False) == [3]
    assert found(press, "재생", collapse=False) == []


def test_the_index_change_rolls_back_with_the_article(
    press: Database, article_values: ArticleFactory
) -> None:
    with pytest.raises(RuntimeError), press.transaction() as conn:
        row = article_values(9, title="롤백", body="수출입 통계", search_text="롤백\n수출입통계")
        insert_article(conn, row)
        raise RuntimeError("abandon the transaction")
    assert found(press, "수출입", collapse=False) == []


def test_collapse_follows_stories_moved_by_hand(press: Database) -> None:
    assert found(press, "스마트시티") == [2, 1]
    with press.transaction() as conn:
        story_of = dict(conn.execute(text("SELECT id, cluster_id FROM articles")).all())
        move_members(conn, story_of[1], story_of[2], "manual")
    with press.read() as conn:
        page = find_articles(conn, compile_search("스마트시티"), SearchFilters())
    assert [(item.article.id, item.copies) for item in page.articles] == [(2, 2)]
    assert page.total == 1


def test_filters(press: Database, article_values: ArticleFactory) -> None:
    first_seen = article_values(3)["first_seen_at"]
    with press.read() as conn:

        def ids(query: str, **filters: Any) -> list[int]:
            found = find_articles(conn, compile_search(query), SearchFilters(**filters))
            return [item.article.id for item in found.articles]

        assert ids("국토교통부", seen_since=first_seen) == [4, 3]
        assert ids("국토교통부", published_from=first_seen, published_to=first_seen
                   + timedelta(minutes=1)) == [3]  # fmt: skip
        assert ids("스마트시티", source="khan") == []
        story = conn.execute(text("SELECT cluster_id FROM articles WHERE id = 2")).scalar_one()
        assert ids("스마트시티", story=story) == [2]


def test_migration_indexes_the_articles_stored_before_it(
    database_url: str, article_values: ArticleFactory
) -> None:
    db = open_database(database_url, upgrade=False)
    run_alembic(db, "upgrade", "0004")
    store(db, article_values, PRESS)
    run_alembic(db, "upgrade", "0005")
    assert found(db, "협약", collapse=False) == [1]
    assert found(db, "수", collapse=False) == scanned(db, "수")
    run_alembic(db, "downgrade", "0004")
    run_alembic(db, "upgrade", "0005")
    assert found(db, "수출", collapse=False) == [3, 2]
    db.dispose()


def run_alembic(db: Database, action: str, target: str) -> None:
    with db.engine.connect() as conn, conn.begin():
        config = alembic_config()
        config.attributes["connection"] = conn
        getattr(command, action)(config, target)


# Few letters, so that terms often occur, straddle each other and the title/body border.
LETTERS = st.sampled_from(list("수출협약가a1%_-"))
TEXTS = st.text(LETTERS | st.just(" "), max_size=12)
TERMS = st.text(LETTERS, min_size=1, max_size=3)


@pytest.fixture
def scratch(database: Database, article_values: ArticleFactory) -> Iterator[Callable[..., Any]]:
    def refill(texts: list[tuple[str, str]]) -> None:
        with database.transaction() as conn:
            conn.execute(delete(article_sightings))
            conn.execute(delete(articles))
            conn.execute(delete(clusters))
        store(database, article_values, texts)

    yield refill


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(st.tuples(TEXTS, TEXTS), min_size=1, max_size=6),
    terms=st.lists(TERMS, min_size=1, max_size=4),
)
def test_index_answers_exactly_as_a_scan(
    database: Database, scratch: Callable[..., Any], texts: list[tuple[str, str]], terms: list[str]
) -> None:
    scratch(texts)
    for term in terms:
        assert found(database, f'"{term}"', collapse=False, limit=100) == scanned(database, term)


@pytest.mark.parametrize("query", ["스마트시티", "수출", "국토교통부 OR 협약", "수"])
def test_the_large_archive_plans_give_the_same_pages(
    press: Database, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plans SQLite picks for thousands of matches (newest rows scanned, the newest
    index walked, stories counted) on a small archive, against the small-archive plan."""
    expected = {
        collapse: [found(press, query, collapse=collapse, limit=2, offset=o) for o in (0, 1, 2)]
        for collapse in (True, False)
    }
    monkeypatch.setattr(fts_search, "SORT_ALL_BELOW", 1)
    for scan in (False, True):
        if scan:
            monkeypatch.setattr(fts_search, "SCAN_FROM", 1)
            monkeypatch.setattr(fts_search, "SCAN_SHARE", 0.01)
        for collapse in (True, False):
            pages = [found(press, query, collapse=collapse, limit=2, offset=o) for o in (0, 1, 2)]
            assert pages == expected[collapse], (scan, collapse)


# Nine articles with 수출 from none to four times in bodies of different lengths.
EXPORTS = [
    (f"무역 소식 {n}", "수출 " * (n % 5) + "공장 가동률 " * (n + 2) + "전망.") for n in range(9)
]


@pytest.mark.parametrize("collapse", [False, True])
def test_relevance_of_a_frequent_word_ranks_the_newest_band_first(
    database: Database,
    article_values: ArticleFactory,
    monkeypatch: pytest.MonkeyPatch,
    collapse: bool,
) -> None:
    """A word in a large share of a large archive is ranked inside bands of article ids,
    newest band first: each band in the order relevance gives over all, and paging through
    shows every match exactly once."""
    ids = store(database, article_values, EXPORTS)
    everything = found(database, "수출", order="relevance", collapse=False, limit=100)
    assert sorted(everything) == sorted(scanned(database, "수출"))
    by_band = sorted(everything, key=lambda article: (max(ids) - article) // 3)
    assert by_band != everything  # the bands change the order
    monkeypatch.setattr(fts_search, "SCAN_FROM", 1)
    monkeypatch.setattr(fts_search, "SCAN_SHARE", 0.01)
    monkeypatch.setattr(fts_search, "BAND_ROWS", 3)
    pages = [
        found(database, "수출", order="relevance", collapse=collapse, limit=2, offset=offset)
        for offset in range(0, 10, 2)
    ]
    shown = [article for page in pages for article in page]
    assert sorted(shown) == sorted(everything)
    assert shown == by_band


def test_a_word_with_many_matches_is_ranked_in_bands(
    database: Database, article_values: ArticleFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ranking costs per match (bm25's statistics on SQLite, each text read on
    PostgreSQL), so a word with more than four bands' worth of matches is ranked band by
    band, newest band first, even when not frequent; its total stays exact and paging
    shows every match once."""
    ids = store(database, article_values, EXPORTS)
    everything = found(database, "수출", order="relevance", collapse=False, limit=100)
    monkeypatch.setattr(fts_search, "BAND_MATCHES", 1)
    rows = math.ceil(max(ids) / len(everything))  # ids a band holds: about one match
    by_band = sorted(everything, key=lambda article: (max(ids) - article) // rows)
    assert by_band != everything
    with database.read() as conn:
        pages = [
            find_articles(conn, compile_search("수출"), SearchFilters(), order="relevance",
                          limit=2, offset=offset, collapse=False)
            for offset in range(0, 10, 2)
        ]  # fmt: skip
    assert [item.article.id for page in pages for item in page.articles] == by_band
    assert all(page.total == len(everything) and page.total_exact for page in pages)


def test_a_frequent_words_total_is_an_estimate_said_so(
    database: Database, article_values: ArticleFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a large archive the number of articles holding a very frequent word is estimated
    from samples of the archive, and the page says it is an estimate; other words' totals
    stay exact."""
    store(database, article_values, EXPORTS)
    monkeypatch.setattr(fts_search, "SCAN_FROM", 1)
    monkeypatch.setattr(fts_search, "SCAN_SHARE", 0.3)
    monkeypatch.setattr(fts_search, "SAMPLE_WINDOWS", 9)
    with database.read() as conn:
        pages = {
            (term, order): find_articles(
                conn, compile_search(term), SearchFilters(), order=order, collapse=False, limit=2
            )
            for term in ("수출", "무역 소식 3")
            for order in ("newest", "relevance")
        }
    for order in ("newest", "relevance"):
        frequent, rare = pages["수출", order], pages["무역 소식 3", order]
        assert not frequent.total_exact and frequent.total > 0
        assert rare.total_exact and rare.total == 1


def test_stories_of_many_matches_are_estimated_and_said_so(
    press: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past SORT_ALL_BELOW matches the number of their stories is estimated from the
    archive's articles per story (as docs/api.md says), not counted one match at a time."""
    monkeypatch.setattr(fts_search, "SORT_ALL_BELOW", 1)
    with press.read() as conn:
        page = find_articles(conn, compile_search("국토교통부"), SearchFilters(), limit=1)
    assert not page.total_exact and page.total == 2
    assert len(page.articles) == 1


def test_a_late_dated_old_article_heads_a_frequent_words_newest_page(
    database: Database, article_values: ArticleFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest page of a frequent word asks the index which of the newest articles'
    keys match: an article stored first but dated last is among them, however far its id
    lies from the others', and the page is the brute-force scan's."""
    late = datetime(2030, 1, 1, tzinfo=UTC)
    with database.transaction() as conn:
        first = article_values(100, title="수출 전망", body="수출 통계", search_text="수출전망수출통계")
        old = insert_article(conn, first | {"published_at": late}).article_id
    store(database, article_values, [(f"소식 {n}", f"수출 {n}건") for n in range(2, 40)])
    monkeypatch.setattr(fts_search, "SCAN_FROM", 1)
    monkeypatch.setattr(fts_search, "SCAN_FIRST", 2)
    pages = [found(database, "수출", collapse=False, limit=3, offset=o) for o in (0, 3)]
    assert pages[0][0] == old
    assert pages[0] + pages[1] == scanned(database, "수출")[:6]


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_a_search_page_on_postgresql_reads_one_snapshot(
    database: Database, article_values: ArticleFactory
) -> None:
    """A page runs several statements (count, newest keys in runs, the articles); under
    PostgreSQL's default each would see its own snapshot, and an article stored between
    two of them could show twice or not at all."""
    store(database, article_values, EXPORTS)
    with database.read() as conn:
        find_articles(conn, compile_search("수출"), SearchFilters(), limit=3)
        assert conn.get_isolation_level() == "REPEATABLE READ"
