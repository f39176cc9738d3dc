"""Articles that exist only in a page's inline JSON (Arc XP, Next.js, JSON-LD): the story,
its headline, every reporter and the times to the minute come from the payload."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from support.paths import UNIT_PAGES

from scwatch.core.extract.article import extract_article
from scwatch.core.extract.payloads import read_payload
from scwatch.core.models import FetchedPage


def fetched(name: str, url: str) -> FetchedPage:
    return FetchedPage(
        source="test",
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        body=(UNIT_PAGES / name).read_bytes(),
        fetched_at=datetime(2025, 6, 1, tzinfo=UTC),
    )


def test_arc_xp_story_is_read_from_fusion_global_content() -> None:
    page = fetched("arc_fusion_shell.html", "https://www.gasang.example/national/2025/03/14/X/")
    article = extract_article(page)
    assert article.title == "세종시, 자율주행 버스 ‘새벽 노선’ 첫 운행… “출근길 부담 던다”"
    assert article.body.startswith("세종시가 이른 새벽 출근하는 시민을 위해")
    assert "새벽 5시 30분 첫차를" in article.body
    assert "안전요원 동승… 하루 여섯 차례" in article.body
    assert "운행 시간: 평일 05:30~07:30" in article.body
    for boilerplate in ("광고 영역", "nara@example.com", "많이 본 뉴스", "무단 전재"):
        assert boilerplate not in article.body
    assert article.author == "김나라 기자, 박한결 기자"
    # first_publish_date, not created_date (meta) which is minutes later
    assert article.published_at == datetime(2025, 3, 14, 5, 38, 27, 511000, tzinfo=UTC)
    assert article.updated_at == datetime(2025, 3, 14, 8, 2, 44, 904000, tzinfo=UTC)


def test_next_js_story_is_read_from_next_data() -> None:
    article = extract_article(fetched("nextjs_article.html", "https://www.nuri.example/article/77"))
    assert article.title == "부산 에코델타시티, 스마트 정수장 시범 가동"
    assert (
        article.body.split("\n")[0]
        == "부산 에코델타시티의 스마트 정수장이 이달부터 시범 가동에 들어갔다."
    )
    assert article.body.endswith("입주민 대표는 “물을 믿고 마실 수 있게 됐다”며 반겼다.")
    assert article.author == "이도윤 기자, 정하람 기자"
    assert article.published_at == datetime(2025, 4, 2, 5, 22, tzinfo=UTC)
    assert article.updated_at == datetime(2025, 4, 2, 7, 5, tzinfo=UTC)


def test_json_ld_article_body_is_used_when_the_markup_holds_no_story() -> None:
    page = fetched("jsonld_only_article.html", "https://www.hanbit.example/news/9")
    article = extract_article(page)
    assert article.title == "대구시, 도심 공유 킥보드 전용 주차구역 300곳 만든다"
    assert article.body.startswith("대구시가 도심 곳곳에 공유 전동킥보드 전용 주차구역 300곳을")
    assert "불러오는 중" not in article.body
    assert article.author == "최솔 기자"
    assert article.published_at == datetime(2025, 5, 9, 1, 47, tzinfo=UTC)


def test_payload_reader_ignores_teasers_and_broken_json() -> None:
    assert (
        read_payload(
            '<script id="__NEXT_DATA__">{"props": {"title": "짧다", "content": "요약"}}</script>'
        )
        is None
    )
    assert read_payload('<script type="application/ld+json">{"headline": "끊긴</script>') is None
    assert read_payload("<script>Fusion.globalContent={not json};</script>") is None
    assert read_payload("<html><body><p>평범한 기사</p></body></html>") is None


def test_broadcaster_api_shape_in_next_data_is_read() -> None:
    story = {
        "articleIdx": "NB10000001",
        "articleTitle": "광주시, AI 데이터센터 전력망 보강",
        "articleInnerTextContent": "광주시가 인공지능 데이터센터 주변 전력망을 보강한다.<br><br>"
        + "시는 변전소 두 곳을 새로 짓는 데 올해 예산 120억 원을 편성했다고 밝혔다. " * 2,
        "journalistName": "윤다온 기자",
        "publicationDate": "2026-01-06T16:47:00+09:00",
    }
    page = (
        '<script id="__NEXT_DATA__" type="application/json">'
        + json.dumps({"props": {"pageProps": {"data": story}}}, ensure_ascii=False)
        + "</script>"
    )
    payload = read_payload(page)
    assert payload is not None
    assert payload.title == "광주시, AI 데이터센터 전력망 보강"
    assert payload.body.startswith("광주시가 인공지능 데이터센터 주변 전력망을 보강한다.\n시는")
    assert payload.authors == ["윤다온 기자"]
    assert payload.published == "2026-01-06T16:47:00+09:00"
