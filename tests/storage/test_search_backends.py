"""SQLite and PostgreSQL answer the archive search alike: the same archive stored in both
gives the same pages, totals and hits for every query class, with the plans of a small
archive and with those of a large one (forced by lowering their thresholds), and every
hit a brute-force scan finds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from scwatch.core.records import SearchFilters
from scwatch.core.search import compile_search
from scwatch.core.text.folding import squeeze_fields
from scwatch.storage import Database, default_sqlite_url, fts_search, open_database
from scwatch.storage.articles import insert_article, iter_articles
from scwatch.storage.finder import find_articles
from scwatch.storage.stories import move_members

BASE_TIME = datetime(2025, 3, 2, 1, 0, tzinfo=UTC)
CITIES = ["부산", "세종", "대구", "인천", "광주", "수원"]


def press_item(n: int) -> tuple[str, str]:
    """Article n: 수출 in two of three (up to three times), 스마트시티 in every other one,
    업무협약 in every fourth, and its bigrams out of order (스마트 | 시티, 마트시장) in some."""
    city = CITIES[n % len(CITIES)]
    title = f"{city}시, 도시 혁신 소식 {n}호" + (" 스마트" if n % 5 == 1 else "")
    sentences = [f"{city}시는 {n}일 시청에서 설명회를 열었다."]
    if n % 5 == 1:
        sentences.insert(0, "시티 투어 버스가 마트시장 앞에 선다.")
    sentences += ["중소기업 수출 상담이 이어졌다."] * (n % 4 if n % 3 else 0)
    if n % 2 == 0:
        sentences.append("시는 스마트시티 실증 사업을 넓힌다.")
    if n % 4 == 0:
        sentences.append("양측은 업무협약을 맺고 교통 관제 기술을 시험한다.")
    return title, " ".join(sentences)


ARCHIVE = [press_item(n) for n in range(1, 43)]
QUERIES = ["수출", "스마트시티", "협약", "수출 협약", "스마트시티 OR 관제", "수", "뷁"]


def fill(db: Database) -> None:
    with db.transaction() as conn:
        for n, (title, body) in enumerate(ARCHIVE, start=1):
            insert_article(conn, {
                "source": "molit", "url": f"https://news.example.kr/{n}",
                "canonical_url": f"https://news.example.kr/{n}", "url_key": f"url-{n}",
                "title": title, "body": body, "search_text": squeeze_fields(title, body),
                "content_key": f"content-{n}", "author": "기자", "raw_sha256": "ab" * 32,
                "first_seen_at": BASE_TIME + timedelta(hours=n), "extractor_version": "t",
                "published_at": BASE_TIME + timedelta(hours=n // 2),  # pairs publish alike
            })  # fmt: skip
        story_of = dict(conn.execute(text("SELECT id, cluster_id FROM articles")).all())
        for first in range(1, len(ARCHIVE), 6):  # copies: articles n and n + 1 are one story
            move_members(conn, story_of[first + 1], story_of[first], "copy")


@pytest.fixture(scope="module")
def both(
    tmp_path_factory: pytest.TempPathFactory, postgres_admin: Engine
) -> Iterator[dict[str, Database]]:
    """The archive in SQLite and in a new PostgreSQL database, once for the module (the
    tests only read it)."""
    name = f"scwatch_test_{uuid.uuid4().hex[:12]}"
    with postgres_admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    postgres = postgres_admin.url.set(database=name).render_as_string(hide_password=False)
    sqlite = default_sqlite_url(tmp_path_factory.mktemp("search") / "search.db")
    dbs = {"sqlite": open_database(sqlite), "postgresql": open_database(postgres)}
    for db in dbs.values():
        fill(db)
    yield dbs
    for db in dbs.values():
        db.dispose()
    with postgres_admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pages(db: Database, query: str, order: str, collapse: bool) -> list[Any]:
    """Every page of 4 hits: ((id, story, copies) of each hit, total, total_exact)."""
    found = []
    with db.read() as conn:
        for offset in range(0, len(ARCHIVE) + 4, 4):
            page = find_articles(conn, compile_search(query), SearchFilters(), order=order,
                                 limit=4, offset=offset, collapse=collapse)  # fmt: skip
            hits = [(a.article.id, a.article.cluster_id, a.copies) for a in page.articles]
            found.append((hits, page.total, page.total_exact))
    return found


def scanned(db: Database, query: str) -> set[int]:
    """Brute force: the articles whose squeezed text holds every word of the query."""
    words = [word for word in query.split() if word != "OR"]
    test = any if " OR " in query else all
    with db.read() as conn:
        return {a.id for a in iter_articles(conn) if test(w in a.search_text for w in words)}


def large_archive_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plans of thousands of matches on this small archive: the newest rows scanned,
    relevance in bands of 8 ids, totals estimated, stories estimated, matches walked."""
    monkeypatch.setattr(fts_search, "SCAN_FROM", 1)
    monkeypatch.setattr(fts_search, "SCAN_SHARE", 0.3)
    monkeypatch.setattr(fts_search, "SCAN_ROWS", 10)
    monkeypatch.setattr(fts_search, "BAND_ROWS", 8)
    monkeypatch.setattr(fts_search, "SORT_ALL_BELOW", 3)


@pytest.mark.postgres
@pytest.mark.parametrize("plans", ["small", "large"])
@pytest.mark.parametrize("query", QUERIES)
def test_both_backends_show_the_same_pages_newest_first(
    both: dict[str, Database], monkeypatch: pytest.MonkeyPatch, plans: str, query: str
) -> None:
    if plans == "large":
        large_archive_plans(monkeypatch)
    for collapse in (True, False):
        sqlite, postgres = (pages(both[name], query, "newest", collapse) for name in both)
        assert sqlite == postgres, collapse
    shown = {article for hits, _, _ in sqlite for article, _, _ in hits}
    assert shown == scanned(both["postgresql"], query) == scanned(both["sqlite"], query)


@pytest.mark.postgres
@pytest.mark.parametrize("plans", ["small", "large"])
@pytest.mark.parametrize("query", QUERIES)
def test_both_backends_rank_the_same_hits_by_relevance(
    both: dict[str, Database], monkeypatch: pytest.MonkeyPatch, plans: str, query: str
) -> None:
    """Relevance differs in measure (bm25, occurrences per 1,000 letters), not in what is
    found: the same hits, each once, the same totals, every hit of the scan."""
    if plans == "large":
        large_archive_plans(monkeypatch)
    for collapse in (True, False):
        found = {name: pages(both[name], query, "relevance", collapse) for name in both}
        totals = {name: [page[1:] for page in found[name]] for name in both}
        assert totals["sqlite"] == totals["postgresql"], collapse
        # Collapsed, a story's best article may differ with the measure: compare stories.
        shown = {
            name: [hit[1 if collapse else 0] for hits, _, _ in found[name] for hit in hits]
            for name in both
        }
        for name in both:
            assert len(shown[name]) == len(set(shown[name])), (name, collapse)
        assert sorted(shown["sqlite"]) == sorted(shown["postgresql"]), collapse
    assert set(shown["postgresql"]) == scanned(both["postgresql"], query)
