"""Broadcaster and portal layouts no profile was written for (fixtures in
tests/fixtures/unit_pages reproduce their structure in our own words): the reporter from a
byline box or a sign-off, the time to the minute, the title without the channel's name,
the body without tip-off prompts, credits and related lists."""

from __future__ import annotations

from datetime import UTC, datetime

from support.paths import UNIT_PAGES

from scwatch.core.extract.article import extract_article
from scwatch.core.models import Article, FetchedPage


def extract(name: str, url: str) -> Article:
    page = FetchedPage(
        source="test",
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        body=(UNIT_PAGES / name).read_bytes(),
        fetched_at=datetime(2026, 2, 1, tzinfo=UTC),
    )
    return extract_article(page)


def test_broadcaster_report_keeps_its_transcript_and_drops_prompts_and_credits() -> None:
    article = extract("broadcaster_article.html", "https://www.ktn.example/_ln/0103_2026010614")
    assert article.title == "세종시 자율주행 셔틀, 새벽 첫차 운행 시작"
    # the meta tag knows only the day; the page shows the minute
    assert article.published_at == datetime(2026, 1, 6, 5, 22, tzinfo=UTC)
    # the bare name of the sign-off, not the section label of the byline box or meta tag
    assert article.author == "한가람"
    assert article.body.startswith("[앵커]\n세종시가 새벽 시간 출근길을 돕는")
    assert "시민들의 제보가 카카오톡 단체방을 타고 퍼지면서" in article.body
    for boilerplate in (
        "당신의 제보가",
        "촬영기자 : 오세진",
        "garam@",
        "저작권자",
        "셔틀 노선 공모",
    ):
        assert boilerplate not in article.body


def test_bracketed_times_several_reporters_and_a_section_after_the_site_name() -> None:
    article = extract("bracket_time_article.html", "https://news.hanbat.example/news/view.do?n=7")
    assert article.title == "대구 수성구, 스마트 횡단보도 40곳으로 확대"
    assert article.author == "이바다 기자, 김가온 기자"
    assert article.published_at == datetime(2026, 1, 6, 8, 45, tzinfo=UTC)
    assert article.updated_at == datetime(2026, 1, 6, 9, 2, tzinfo=UTC)
    assert article.body.endswith('"어린이 보호구역부터 먼저 설치하겠다"고 말했습니다.')
    assert "다른 기사" not in article.body


def test_portal_page_keeps_the_dateline_lead_and_its_minute() -> None:
    article = extract("daum_portal_article.html", "https://v.daum.net/v/20260106142200123")
    assert article.title == "울산, 수소 트램 노선 확정…2029년 개통 목표"
    assert article.body.startswith("(울산=누리통신) 정하람 기자 = 울산시의 수소 트램 노선이")
    assert article.author == "정하람 기자"
    assert article.published_at == datetime(2026, 1, 6, 5, 22, tzinfo=UTC)
    assert article.updated_at == datetime(2026, 1, 6, 6, 3, tzinfo=UTC)
    for boilerplate in ("haram@", "무단 전재", "부산 트램 착공"):
        assert boilerplate not in article.body


def test_a_related_items_date_is_never_the_articles() -> None:
    html = (
        '<html><head><meta charset="utf-8"><title>가온시, 스마트 가로등 교체</title>'
        '<meta property="article:published_time" content="2026-01-06T09:30:00+09:00"></head>'
        "<body><h1>가온시, 스마트 가로등 교체</h1><article>"
        + "<p>가온시가 도심 가로등 1천 개를 밝기 자동 조절 제품으로 바꾼다고 6일 밝혔다.</p>"
        * 3
        + '</article><div class="related"><h3>관련 기사</h3><ul><li><a href="/a/1">'
        "가로등 입찰 공고</a> 입력 2025.12.20 10:00</li></ul></div></body></html>"
    )
    page = FetchedPage(
        "t",
        "https://gaon.example/a/1",
        "https://gaon.example/a/1",
        200,
        {"content-type": "text/html; charset=utf-8"},
        html.encode(),
        datetime(2026, 2, 1, tzinfo=UTC),
    )
    assert extract_article(page).published_at == datetime(2026, 1, 6, 0, 30, tzinfo=UTC)


def test_title_typography_is_left_alone() -> None:
    article = extract("arc_fusion_shell.html", "https://www.gasang.example/national/2025/03/14/X/")
    assert "‘새벽 노선’" in article.title and "“출근길 부담 던다”" in article.title
