"""Article extraction on small hand-written Korean pages, and the boilerplate cleanup."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from support.paths import UNIT_PAGES

from scwatch.core.errors import ExtractionError
from scwatch.core.extract.article import EXTRACTOR_VERSION, extract_article
from scwatch.core.extract.cleanup import clean_body, normalize_author
from scwatch.core.models import FeedEntry, FetchedPage

FETCHED_AT = datetime(2024, 11, 9, 3, 0, tzinfo=UTC)
NDSOFT_URL = "https://www.smartcitynews.example/news/articleView.html?idxno=12345"


def fetched(
    name: str,
    url: str = NDSOFT_URL,
    content_type: str = "text/html; charset=utf-8",
    status: int = 200,
    entry: FeedEntry | None = None,
    body: bytes | None = None,
) -> FetchedPage:
    return FetchedPage(
        source="test",
        url=url,
        final_url=url,
        status=status,
        headers={"Content-Type": content_type},
        body=(UNIT_PAGES / name).read_bytes() if body is None else body,
        fetched_at=FETCHED_AT,
        entry=entry,
    )


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


# ---------------------------------------------------------------- whole pages


def test_ndsoft_page_gives_body_without_boilerplate() -> None:
    article = extract_article(fetched("ndsoft_article.html", NDSOFT_URL + "&utm_source=rss"))
    assert article.title == "세종시, 자율주행 셔틀 노선 두 배로 늘린다"
    assert "자율주행 셔틀 노선을 지금의 두 개에서 네 개로 늘린다" in article.body
    assert "교통 신호 제어에도 쓰인다" in article.body
    for boilerplate in (
        "무단전재",
        "좋아요",
        "관련기사",
        "많이 본 뉴스",
        "광고 영역",
        "가장크게",
        "@",
        "상승종목",
        "회원가입",
        "대전시, 수요응답형 버스",
    ):
        assert boilerplate not in article.body
    assert article.author == "한다온 기자"
    assert article.published_at == utc(2024, 11, 8, 5, 22)
    assert article.updated_at == utc(2024, 11, 8, 6, 1)
    assert article.canonical_url == NDSOFT_URL
    assert article.first_seen_at == FETCHED_AT
    assert article.extractor_version == EXTRACTOR_VERSION
    assert len(article.raw_sha256) == 64


def test_naver_new_layout() -> None:
    url = "https://n.news.naver.com/mnews/article/999/0000012345?sid=101"
    article = extract_article(fetched("naver_new_article.html", url))
    assert article.title == "K-스마트시티, 중동에 첫 통합관제센터 수출"
    assert "통합관제센터를 공급하는 계약을 맺었다" in article.body
    assert "후속 지원에 나선다" in article.body
    for boilerplate in (
        "구독하고",
        "운세",
        "무단 전재",
        "기사의 섹션 정보",
        "sjyoon@",
        "훈훈해요",
        "계약 규모 약 1,200억원\n",
    ):
        assert boilerplate not in article.body
    assert article.author == "윤서진 기자"
    assert article.published_at == utc(2023, 11, 2, 11, 6, 13)
    assert article.updated_at == utc(2023, 11, 3, 0, 15, 40)


def test_euc_kr_page_served_with_a_wrong_header() -> None:
    url = "http://www.namdo.example/news/read.php?no=1234&from=rss"
    article = extract_article(fetched("euckr_article.html", url, "text/html; charset=utf-8"))
    assert article.title == "부산 에코델타시티, 스마트 물관리 시범 지구 지정"
    assert article.body.startswith("(부산=남도경제) 배수아 기자 = 부산 강서구 에코델타시티가")
    assert "똠얌꿍 전문점" in article.body
    assert "\ufffd" not in article.body
    for boilerplate in ("무단전재", "baesua@", "기사입력", "항만 물류"):
        assert boilerplate not in article.body
    assert article.author == "배수아 기자"
    assert article.published_at == utc(2019, 1, 8, 5, 9)
    assert article.updated_at == utc(2019, 1, 8, 7, 30)
    assert article.canonical_url == "http://www.namdo.example/news/read.php?no=1234"


def test_generic_layout_uses_json_ld_and_labels() -> None:
    url = "https://www.dongbang.example/article/2024/05/03/AKT20240503001?utm_source=naver#c"
    article = extract_article(fetched("generic_article.html", url))
    assert article.title == "[단독] 대구 수성알파시티, 도심항공교통 실증 부지로 낙점"
    assert article.body.startswith("대구 수성알파시티가 도심항공교통")
    assert "가장 큰 의미" in article.body
    for boilerplate in ("첫 달 무료", "무단전재", "드론 배송", "걱정되네요", "금리 동결", "haram@"):
        assert boilerplate not in article.body
    assert article.author == "오하람 기자"
    assert article.published_at == utc(2024, 5, 3, 5, 0)
    assert article.updated_at == utc(2024, 5, 3, 9, 20)


def test_korea_kr_press_release() -> None:
    url = "https://m.korea.kr/briefing/pressReleaseView.do?newsId=156000123&pWise=mSub&pWiseSub=C2"
    article = extract_article(fetched("korea_kr_press_release.html", url))
    assert article.title == "스마트도시 해외 진출 지원 협의체 출범"
    assert "협의체를 12일 출범시켰다" in article.body
    assert "첨부파일" not in article.body
    assert "전재하여" not in article.body
    assert article.canonical_url == (
        "https://www.korea.kr/briefing/pressReleaseView.do?newsId=156000123"
    )
    assert article.published_at == utc(2024, 3, 12, 2, 0)
    assert article.author == "국토교통부"


def test_korea_kr_layout_is_recognised_on_another_host() -> None:
    # Mirrors and demo copies of the portal keep the layout but not the host name.
    url = "http://127.0.0.1:8000/korea/briefing/pressReleaseView.do?newsId=1"
    article = extract_article(fetched("korea_kr_press_release.html", url))
    assert article.title == "스마트도시 해외 진출 지원 협의체 출범"
    assert article.body.startswith("국토교통부는 스마트도시 기업의")
    assert "URL복사" not in article.body


def test_same_story_from_two_urls_has_one_content_key() -> None:
    first = extract_article(fetched("ndsoft_article.html"))
    second = extract_article(
        fetched("ndsoft_article.html", "https://m.other.example/news/articleView.html?idxno=9")
    )
    assert first.url_key != second.url_key
    assert first.content_key == second.content_key


# ---------------------------------------------------------------- rejections


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (dict(name="empty.html"), "empty"),
        (dict(name="soft_404.html"), "soft 404"),
        (dict(name="press_release.pdf", content_type="application/pdf"), "not HTML"),
        (dict(name="press_release.pdf", content_type="text/html"), "not HTML"),
        (dict(name="ndsoft_article.html", status=404), "HTTP status 404"),
        (dict(name="ndsoft_article.html", status=302), "HTTP status 302"),
        (dict(name="ndsoft_article.html", content_type="image/jpeg"), "not HTML"),
    ],
)
def test_bad_pages_are_rejected_with_a_reason(page: dict[str, object], reason: str) -> None:
    with pytest.raises(ExtractionError, match=reason):
        extract_article(fetched(**page))  # type: ignore[arg-type]


def test_feed_document_is_not_an_article() -> None:
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    with pytest.raises(ExtractionError, match="not HTML"):
        extract_article(fetched("empty.html", content_type="text/xml", body=feed))


def short_page(text: str) -> bytes:
    return (
        "<html><head><title>짧은 기사</title></head><body><div class='article'>"
        f"<p>{text}</p></div></body></html>"
    ).encode()


def test_too_short_body_is_rejected() -> None:
    with pytest.raises(ExtractionError, match="too short"):
        extract_article(fetched("empty.html", body=short_page("사진 한 장으로 보는 오늘.")))


def test_feed_summary_stands_in_for_a_short_body() -> None:
    summary = (
        "<p>경기도가 공공 와이파이를 버스 정류장 천 곳에 새로 설치한다. "
        "설치는 상반기에 마무리되며, 이용자는 별도 인증 없이 접속할 수 있다. "
        "도는 접속 기록을 분석해 추가 설치 지역을 고른다.</p>"
    )
    entry = FeedEntry(url=NDSOFT_URL, title="공공 와이파이 확대", summary=summary)
    article = extract_article(
        fetched("empty.html", body=short_page("사진 한 장으로 보는 오늘."), entry=entry)
    )
    assert article.body.startswith("경기도가 공공 와이파이를")
    assert "<p>" not in article.body


def test_feed_entry_fills_missing_title_author_and_date() -> None:
    body = (
        "<html><body><div><p>"
        + "도시 데이터를 모아 교통 신호를 바꾸는 실험이 시작됐다. " * 6
        + "</p></div></body></html>"
    ).encode()
    entry = FeedEntry(
        url=NDSOFT_URL,
        title="교통 신호 실험 시작",
        author="스마트도시신문=정하늘 기자",
        published_at=utc(2024, 11, 8, 1, 0),
    )
    article = extract_article(fetched("empty.html", body=body, entry=entry))
    assert article.title == "교통 신호 실험 시작"
    assert article.author == "정하늘 기자"
    assert article.published_at == utc(2024, 11, 8, 1, 0)


@pytest.mark.parametrize(
    "body",
    [
        b"\x00\x01\x02" * 100,
        b"<html><body>" + b"<div>" * 5000 + b"</body></html>",
        b"<<<>>>&&&;;;" * 50,
        b"<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
        "<html><body><p>깨진 태그 <b><i>".encode() + bytes(range(0x80, 0x100)),
    ],
)
def test_hostile_input_only_ever_raises_extraction_error(body: bytes) -> None:
    with pytest.raises(ExtractionError):
        extract_article(fetched("empty.html", body=body, content_type="text/html"))


# ---------------------------------------------------------------- cleanup families

LEAD = (
    "서울시가 교통 데이터를 공개하는 누리집을 새로 열었다고 밝혔다. 시민 누구나 내려받을 수 있다."
)


@pytest.mark.parametrize(
    "tail",
    [
        "저작권자 © 스마트도시신문 무단전재 및 재배포 금지",
        "저작권자 ⓒ 스마트도시신문 무단 전재 및 재배포 금지",
        "<저작권자(C)대전일보사. 무단전재-재배포금지>",
        "[ⓒ 매일경제 & mk.co.kr, 무단전재 및 재배포 금지]",
        "Copyright © 뉴스원. All rights reserved. 무단 전재 및 재배포 금지.",
        "Copyrights ⓒ 스포츠조선. 무단 전재 및 재배포 금지",
        "(c) 동방타임스 무단 복제 및 재배포 금지",
        "ⓒ 한국경제 & hankyung.com, 무단전재 및 재배포 금지",
    ],
)
def test_copyright_tails_are_removed(tail: str) -> None:
    assert clean_body(f"{LEAD}\n{tail}").body == LEAD


def test_copyright_glued_to_the_last_paragraph_is_cut() -> None:
    assert clean_body(f"{LEAD} 저작권자 © 한빛일보 무단전재 및 재배포 금지").body == LEAD


def test_reporter_sign_off_becomes_the_author() -> None:
    cleaned = clean_body(f"{LEAD}\n홍길동 기자 hong@example.com")
    assert cleaned.body == LEAD
    assert cleaned.authors == ["홍길동 기자"]


@pytest.mark.parametrize(
    ("opening", "author"),
    [
        ("[시사타임즈 = 탁경선 기자] ", "탁경선 기자"),
        ("(서울=국제뉴스) 박종진 기자 = ", "박종진 기자"),
        ("【서울=뉴시스】김아람 기자 = ", "김아람 기자"),
        ("(세종=연합뉴스) ", ""),
    ],
)
def test_dateline_openings_stay_in_the_lead_and_give_the_reporter(
    opening: str, author: str
) -> None:
    cleaned = clean_body(opening + LEAD)
    assert cleaned.body == (opening + LEAD).strip()
    assert cleaned.authors == ([author] if author else [])


def test_reaction_counters_and_font_controls_are_removed() -> None:
    noise = (
        "좋아요0\n화나요0\n슬퍼요0\n추가취재 원해요0\n가장작게 작게 기본 크게 가장크게\n인쇄 공유"
    )
    assert clean_body(f"{LEAD}\n{noise}").body == LEAD


@pytest.mark.parametrize(
    "heading", ["주요 뉴스", "관련기사", "많이 본 뉴스", "오늘의 상승종목", "실시간 암호화폐 시세"]
)
def test_lists_after_a_heading_are_cut(heading: str) -> None:
    text = f"{LEAD}\n{heading}\n다른 기사 제목 하나\n다른 기사 제목 둘"
    assert clean_body(text).body == LEAD


def test_ticker_numbers_and_promo_lines_are_removed() -> None:
    text = f"{LEAD}\n12,340\n+3.2%\n▶ 지금 구독하고 선물 받기\n☞ 제보는 카카오톡으로"
    assert clean_body(text).body == LEAD


def test_naver_section_footer_is_removed() -> None:
    footer = "기사의 섹션 정보는 해당 언론사의 분류를 따르고 있습니다."
    assert clean_body(f"{LEAD}\n{footer}\n언론사는 개별 기사를 분류할 수 있습니다.").body == LEAD


def test_photo_captions_with_a_triangle_stay() -> None:
    caption = "▲ 새 누리집 첫 화면. (사진=서울시 제공)"
    assert clean_body(f"{caption}\n{LEAD}").body == f"{caption}\n{LEAD}"


def test_related_heading_at_the_top_does_not_eat_the_article() -> None:
    assert clean_body(f"관련기사\n{LEAD}").body == LEAD


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("스포츠조선=선수민 기자", "선수민 기자"),
        ("경향신문; 네이버", ""),
        ("홍길동 기자 hong@example.com", "홍길동 기자"),
        ("홍길동기자, 김철수 특파원", "홍길동 기자, 김철수 특파원"),
        ("한다온 기자 / 한다온 기자", "한다온 기자"),
        ("오하람", "오하람"),
        ("Jane Doe", "Jane Doe"),
        ("", ""),
    ],
)
def test_normalize_author(raw: str, expected: str) -> None:
    assert normalize_author(raw) == expected


def test_slash_sign_off_and_end_mark_are_removed() -> None:
    cleaned = clean_body(f"{LEAD} /정하늘 기자\n(끝)")
    assert cleaned.body == LEAD
    assert cleaned.authors == ["정하늘 기자"]


def test_oversized_page_is_cut_without_breaking_korean_text() -> None:
    paragraph = "<p>" + "스마트시티 수출 협약이 체결됐다. " * 40 + "</p>\n"
    head = "<html><head><title>큰 문서</title></head><body><div class='article'>"
    body = (head + paragraph * 3).encode() + ("<p>" + "가" * 1000 + "</p>\n").encode() * 6000
    assert len(body) > 5_000_000
    article = extract_article(fetched("empty.html", body=body))
    assert "\ufffd" not in article.body
    assert article.body.startswith("스마트시티 수출 협약이 체결됐다.")


def test_an_article_about_piracy_keeps_its_last_paragraph() -> None:
    last = "업계는 웹툰 무단 복제 사이트 적발 건수가 해마다 늘고 있다고 설명했다."
    assert clean_body(f"{LEAD}\n{last}").body == f"{LEAD}\n{last}"


def test_a_utc_page_time_is_not_read_as_kst() -> None:
    """Regression: htmldate's date lost its offset and was read as KST, nine hours early."""
    from datetime import UTC, datetime

    from scwatch.core.extract.article import extract_article
    from scwatch.core.models import FetchedPage

    sentence = "가온시는 스마트시티 통합관제센터를 새로 열고 교통 신호 데이터를 실시간으로 분석하기 시작했다고 밝혔다. "
    html = ('<html><head><title>가온시 통합관제</title></head><body><article><h1>가온시 통합관제</h1>'
            f'<time datetime="2025-03-02T23:30:00Z">3월 2일</time><p>{sentence * 4}</p>'
            '</article></body></html>')
    page = FetchedPage("t", "https://x.example.com/a/1", "https://x.example.com/a/1", 200,
                       {"content-type": "text/html; charset=utf-8"}, html.encode(),
                       datetime.now(UTC))
    assert extract_article(page).published_at == datetime(2025, 3, 2, 23, 30, tzinfo=UTC)
