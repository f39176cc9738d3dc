"""Body cleanup: copyright tails, reporters into the author field, related lists, counters,
tickers, bylines, contacts."""

from __future__ import annotations

import pytest

from scwatch.core.extract.cleanup import clean_body, normalize_author

STORY = (
    "가상시는 도심 버스정류장 120곳에 냉난방 쉼터를 설치했다고 19일 밝혔다. 쉼터에는 도착 안내 화면과 충전기가 있다.\n"
    "시는 내년에는 태양광 패널을 단 모델을 시범 설치할 예정이다."
)


@pytest.mark.parametrize(
    "tail",
    [
        "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>",
        "ⓒ 경향신문 & 경향닷컴(www.khan.co.kr), 무단전재 및 재배포 금지",
        "ⓒ dongA.com. All rights reserved. 무단 전재, 재배포 및 AI학습 이용 금지",
        "ⓒ중앙일보(https://www.joongang.co.kr), 무단 전재 및 재배포 금지",
        "Copyright ⓒ 한결경제. All rights reserved. 무단 전재 및 재배포 금지.",
        "<저작권자 ⓒ 남도경제신문 무단전재-재배포 금지>",
    ],
)
def test_copyright_tails_of_the_major_outlets_are_cut(tail: str) -> None:
    cleaned = clean_body(STORY + "\n" + tail)
    assert cleaned.body == STORY


@pytest.mark.parametrize(
    ("sign_off", "author"),
    [
        ("송지후 기자 jihu@suwon.example", "송지후 기자"),
        ("/송지후 기자 jihu@suwon.example", "송지후 기자"),
        ("송지후 기자 (jihu@suwon.example)", "송지후 기자"),
        ("[가상경제 송지후 기자]", "송지후 기자"),
        ("jihu@suwon.example", ""),
    ],
)
def test_reporter_and_mail_leave_the_body_for_the_author_field(sign_off: str, author: str) -> None:
    cleaned = clean_body(STORY + "\n" + sign_off)
    assert cleaned.body == STORY
    assert normalize_author(", ".join(cleaned.authors)) == author


@pytest.mark.parametrize(
    "noise",
    [
        "제보는 카카오톡 okjebo",
        "HOME > 뉴스 > 경제",
        "담당 부서 : 국토교통부 도시경제과 (044-000-0000)",
        "연하준 기자 | 기사입력 : 2013-02-14 오전 9:05 | 최종편집 : 2013-02-14 오전 11:40",
        "인쇄 | 글자크게 | 메일보내기",
        "좋아요 7 화나요 0 슬퍼요 0",
        "▲ 1.25% ▼ 0.40%",
    ],
)
def test_bylines_contacts_counters_and_tickers_are_not_body(noise: str) -> None:
    assert clean_body(STORY + "\n" + noise).body == STORY
    assert clean_body(noise + "\n" + STORY).body == STORY


def test_related_list_after_the_story_is_cut() -> None:
    text = (
        STORY + "\n관련기사\n세종시, 자율주행 수요응답 버스 3개 노선으로 확대\n수출 7개월 연속 증가"
    )
    assert clean_body(text).body == STORY


def test_byline_line_gives_its_reporter() -> None:
    cleaned = clean_body("연하준 기자 | 기사입력 : 2013-02-14 오전 9:05\n" + STORY)
    assert cleaned.authors == ["연하준 기자"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("정하람 기자, 윤태오 기자", "정하람 기자, 윤태오 기자"),
        ("기자명 정하람 기자", "정하람 기자"),
        ("한결경제=정하람 기자 (haram@hangyeoleco.example)", "정하람 기자"),
        ("한결경제; 네이버", ""),
        ("정하람 특파원", "정하람 특파원"),
    ],
)
def test_author_normalisation(raw: str, expected: str) -> None:
    assert normalize_author(raw.removeprefix("기자명 ")) == expected
