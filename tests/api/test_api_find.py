"""`Scwatch.find` as the web UI and `scwatch search` use it, on both backends: the rule
language with every occurrence of a word counted, filters (first-seen `since`, publication
dates in KST, source, rule, story, deals), snippets with highlights, totals, paging,
relevance and stories collapsed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from support.articles import make_article

from scwatch import Scwatch
from scwatch.api import DealFilter
from scwatch.config import load_config
from scwatch.core.clock import KST
from scwatch.core.errors import ConfigError, QueryError, RuleSyntaxError
from scwatch.core.text.folding import fold

CONFIG = """\
[[sources]]
slug = "gukje"
kind = "rss"
url = "https://news.example.kr/rss/all.xml"

[[sources]]
slug = "molit"
kind = "rss"
url = "https://molit.example.kr/rss.xml"

[[rules]]
name = "export-words"
query = "수출상담회"
channels = ["console"]
"""
NOW = datetime.now(UTC) - timedelta(hours=1)
# (outlet, title, body, publication time in KST)
PRESS = [
    ("gukje", "코트라, 하노이서 스마트시티 수출상담회 열어",
     "코트라는 10일 하노이에서 국내 중소기업 20곳이 참가한 스마트시티 수출상담회를 열었다. "
     "현장에서 약 3천만 달러 규모의 상담이 오갔고, 교통 관제 분야 문의가 많았다.",
     datetime(2025, 1, 10, 20, 0, tzinfo=KST)),
    ("molit", "부산시, 베트남 다낭과 스마트시티 업무협약을 맺어",
     "부산시는 3일 다낭시청에서 스마트시티 분야 업무협약을 체결했다고 밝혔다. 양측은 "
     "상수도 관리 기술을 함께 시험하고 수출 길을 찾기로 했다.",
     datetime(2025, 2, 3, 9, 0, tzinfo=KST)),
    ("gukje", "국토부, 도시재생 사업지 30곳 선정",
     "국토교통부는 올해 도시재생 사업지 30곳을 골랐다고 밝혔다. 해외 수출과는 관계가 없다.",
     datetime(2024, 12, 31, 23, 30, tzinfo=KST)),
    ("molit", "세종시 자율주행 버스 시범 운행 시작",
     "세종시는 다음 달부터 자율주행 버스를 시범 운행한다고 밝혔다. 요금은 받지 않는다.",
     datetime(2025, 1, 20, 8, 0, tzinfo=KST)),
]  # fmt: skip


@pytest.fixture
def desk(tmp_path: Path, database_url: str) -> Iterator[Scwatch]:
    path = tmp_path / "scwatch.toml"
    path.write_text(CONFIG, encoding="utf-8")
    config = dataclasses.replace(load_config(path), database_url=database_url)
    with Scwatch(config) as scwatch:
        ingestor = scwatch._write_runtime().ingestor
        for n, (source, title, body, published) in enumerate(PRESS, start=1):
            url = f"https://{source}.example.kr/news/{n}"
            article = make_article(url, title, body, first_seen_at=NOW, source=source,
                                   published_at=published.astimezone(UTC))  # fmt: skip
            assert ingestor.ingest(article).status == "new"
        yield scwatch


def titles(scwatch: Scwatch, query: str, **options: object) -> list[str]:
    return [hit.article.title[:6] for hit in scwatch.find(query, **options).hits]  # type: ignore[arg-type]


def test_short_words_are_found_inside_compounds_newest_first(desk: Scwatch) -> None:
    page = desk.find("수출")
    assert [hit.article.title[:6] for hit in page.hits] == ["부산시, 베", "코트라, 하", "국토부, 도"]
    assert page.total == 3 and page.order == "newest" and page.query == "수출"
    assert titles(desk, "협약") == ["부산시, 베"]  # inside 업무협약을
    assert titles(desk, "업무협약을") == ["부산시, 베"]  # the particle is taken off


def test_snippets_highlight_the_words_found(desk: Scwatch) -> None:
    [hit] = desk.find("수출상담회 OR 관제").hits
    marked = {fold(hit.snippet[start:end]) for start, end in hit.highlights}
    assert marked == {"수출상담회", "관제"}
    assert hit.story_id == hit.article.cluster_id and hit.copies == 1
    assert hit.article.url.startswith("https://gukje.example.kr/")


def test_rule_language_queries(desk: Scwatch) -> None:
    assert titles(desk, "수출 NOT 도시재생") == ["부산시, 베", "코트라, 하"]
    assert titles(desk, "(다낭 OR 하노이) 스마트시티") == ["부산시, 베", "코트라, 하"]
    assert titles(desk, '"스마트 시티 수출상담회"') == ["코트라, 하"]
    assert titles(desk, "title:수출") == ["코트라, 하"]
    assert titles(desk, "source:molit 스마트시티") == ["부산시, 베"]
    with pytest.raises(RuleSyntaxError, match="position"):
        desk.find("수출 AND (")
    with pytest.raises(QueryError, match="only NOT"):
        desk.find("NOT 수출")
    with pytest.raises(QueryError, match="NEAR"):
        desk.find("수출 NEAR/5 하노이")


def test_publication_dates_are_whole_days_in_kst(desk: Scwatch) -> None:
    # Published 2024-12-31 23:30 KST (14:30 UTC): before 2025-01-01 in Korea.
    assert titles(desk, "수출", date_from=date(2025, 1, 1)) == ["부산시, 베", "코트라, 하"]
    assert titles(desk, "수출", date_to=date(2024, 12, 31)) == ["국토부, 도"]
    assert titles(desk, "수출", date_from=date(2025, 1, 10), date_to=date(2025, 1, 10)) == [
        "코트라, 하"
    ]
    moment = datetime(2025, 2, 3, 0, 0, tzinfo=UTC)  # 09:00 KST on the 3rd
    assert titles(desk, "스마트시티", date_from=moment) == ["부산시, 베"]
    with pytest.raises(QueryError, match="timezone"):
        desk.find("수출", date_from=datetime(2025, 1, 1))


def test_since_is_the_first_seen_time(desk: Scwatch) -> None:
    assert desk.find("수출", since=timedelta(days=1)).total == 3
    assert desk.find("수출", since=datetime.now(UTC) + timedelta(minutes=1)).total == 0


def test_source_rule_story_and_deal_filters(desk: Scwatch) -> None:
    assert titles(desk, "스마트시티", source="gukje") == ["코트라, 하"]
    assert titles(desk, "스마트시티", rule="export-words") == ["코트라, 하"]
    story = desk.find("다낭").hits[0].story_id
    assert titles(desk, "스마트시티", story=story) == ["부산시, 베"]
    with_deal = desk.find("스마트시티", deal=DealFilter(kinds=["mou"]))
    for hit in with_deal.hits:
        detail = desk.article(hit.article.id)
        assert detail is not None and any(d.deal.kind == "mou" for d in detail.deals)
    with pytest.raises(QueryError, match="unknown rule"):
        desk.find("수출", rule="nope")
    with pytest.raises(ConfigError, match="nosuch"):
        desk.find("수출", source="nosuch")


def test_paging_keeps_the_total(desk: Scwatch) -> None:
    first = desk.find("수출", limit=2)
    second = desk.find("수출", limit=2, offset=2)
    assert (first.total, second.total) == (3, 3)
    assert len(first.hits) == 2 and len(second.hits) == 1
    assert {h.article.id for h in first.hits}.isdisjoint(h.article.id for h in second.hits)
    with pytest.raises(QueryError, match="limit"):
        desk.find("수출", limit=0)


def test_relevance_puts_the_densest_article_first(desk: Scwatch) -> None:
    page = desk.find("스마트시티 OR 수출상담회", order="relevance")
    assert page.order == "relevance" and page.hits[0].article.title.startswith("코트라")
    with pytest.raises(QueryError, match="order"):
        desk.find("수출", order="oldest")


def test_a_story_counts_once_with_its_matching_copies(desk: Scwatch) -> None:
    hanoi, busan = (desk.find(word).hits[0] for word in ("하노이", "다낭"))
    assert hanoi.story_id is not None and busan.story_id is not None
    desk.merge_stories(busan.story_id, hanoi.story_id)
    page = desk.find("스마트시티")
    assert page.total == 1 and [(h.article.title[:6], h.copies) for h in page.hits] == [
        ("부산시, 베", 2)
    ]
    assert desk.find("스마트시티", collapse=False).total == 2
    assert [h.copies for h in desk.find("하노이").hits] == [1]  # only one copy matches
