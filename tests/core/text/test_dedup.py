"""The keys that decide whether a story is already stored."""

from __future__ import annotations

import hashlib

from scwatch.core.text.keys import content_key, url_key
from scwatch.core.text.urls import canonical_url

BODY = (
    "국토교통부는 스마트도시 기업의 해외 진출을 돕기 위해 공공기관과 금융기관, "
    "민간 기업이 함께하는 협의체를 출범시켰다고 밝혔다. "
    "협의체에는 열두 개 기관이 참여하고, 해외 발주 정보를 한곳에 모으며 "
    "타당성 조사 비용을 함께 부담하는 방안을 논의한다. 국토교통부 관계자는 개별 기업이 감당하기 "
    "어려웠던 초기 비용을 나누면 수주 가능성이 높아질 것이라고 말했다. 올해 안에 시범 사업 두 건이 "
    "선정될 예정이다. 협의체는 분기마다 회의를 열어 진행 상황을 점검하고, 결과를 누리집에 공개한다."
)


def test_url_variants_share_one_key() -> None:
    variants = [
        "https://www.smartcity.example/news/articleView.html?idxno=7",
        "https://m.smartcity.example/news/articleView.html?idxno=7&utm_source=rss",
        "HTTPS://www.smartcity.example:443/news/articleView.html?idxno=7#top",
        "https://www.smartcity.example/news/articleView.html?from=main&idxno=7",
        "https://www.smartcity.example/news/articleView.html?idxno=7&fbclid=abc",
    ]
    assert len({url_key(v) for v in variants}) == 1


def test_url_key_is_sha1_of_the_canonical_url() -> None:
    url = "https://m.korea.kr/briefing/pressReleaseView.do?newsId=1&pWise=mSub"
    assert url_key(url) == hashlib.sha1(canonical_url(url).encode()).hexdigest()
    assert len(url_key(url)) == 40


def test_different_articles_have_different_url_keys() -> None:
    assert url_key("https://a.example/news/articleView.html?idxno=7") != url_key(
        "https://a.example/news/articleView.html?idxno=8"
    )


def test_wire_copy_with_other_spacing_and_title_has_the_same_content_key() -> None:
    assert len(BODY.replace(" ", "")) >= 200
    respaced = BODY.replace("스마트도시", "스마트 도시").replace(". ", ".\n\n")
    assert content_key("제목 A", BODY) == content_key("완전히 다른 제목", respaced)


def test_different_bodies_have_different_content_keys() -> None:
    assert content_key("t", BODY) != content_key("t", BODY.replace("두 건", "세 건"))


def test_short_bodies_are_told_apart_by_title() -> None:
    short = "세부 내용은 첨부 파일을 참고하세요."
    assert content_key("스마트시티 협의체 출범", short) != content_key("자율주행 셔틀 확대", short)
    assert content_key("스마트시티 협의체 출범", short) == content_key(
        "스마트시티 협의체  출범", short
    )
