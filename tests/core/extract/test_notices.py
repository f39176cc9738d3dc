"""Notices inside the article container are removed, and every rule keeps an article
sentence that uses the same words (a story about tip-offs, helplines or a reporter)."""

from __future__ import annotations

import pytest

from scwatch.core.extract.cleanup import clean_body, normalize_author

LEAD = (
    "경기 화성시가 동탄 신도시 교차로 40곳에 인공지능 신호 제어를 도입한다. 시는 출퇴근 시간 "
    "정체가 평균 18% 줄어들 것으로 내다봤다."
)


@pytest.mark.parametrize(
    ("notice", "article_sentence"),
    [
        (
            "연합뉴스TV 기사문의 및 제보 : 카톡/라인 jebo23",
            "주민들의 제보가 카카오톡 단체방을 타고 퍼지면서 시청에도 문의가 이어졌다.",
        ),
        (
            "※ '당신의 제보가 뉴스가 됩니다' [카카오톡] 가상방송 검색해 채널 추가 [전화] 02-123-4567",
            "방송사는 시청자 제보를 받는 전화 상담 창구를 늘리기로 했다고 밝혔다.",
        ),
        ("제보하기", "경찰은 제보하기 어려운 분위기를 바꾸겠다고 말했다."),
        (
            "※ 우울감 등 말하기 어려운 고민이 있는 경우 자살예방 상담전화 ☎109에서 24시간 "
            "전문가의 상담을 받을 수 있습니다.",
            "정부는 올해부터 자살예방 상담전화 번호를 109 하나로 통합해 운영하고 있다.",
        ),
        (
            "홍길동 기자의 다른 기사",
            "그는 기자의 다른 기사까지 찾아 읽으며 사실관계를 확인했다고 한다.",
        ),
        ("이 기자의 기사 더보기", "시민기자단은 이 기자의 기사 더보기 기능이 불편하다고 지적했다."),
        (
            "촬영기자 : 오세진",
            "촬영기자 : 오세진 씨는 사고 현장을 끝까지 지켰다고 동료들은 전했다.",
        ),
        ("영상편집 : 김하나, 이도윤", "영상편집 : 김하나 작가의 작품이 전시장 입구에 걸렸다."),
    ],
)
def test_notice_is_removed_but_a_sentence_with_its_words_stays(
    notice: str, article_sentence: str
) -> None:
    body = clean_body(f"{LEAD}\n{article_sentence}\n{notice}").body
    assert body == f"{LEAD}\n{article_sentence}"


def test_interview_rights_sentence_goes_and_the_request_after_it_stays() -> None:
    line = (
        "인터뷰 자료의 저작권은 가상 라디오에 있습니다. 인용 보도 시 프로그램명을 밝혀주시기 "
        "바랍니다."
    )
    story = '음악 저작권 단체는 "이 곡의 저작권은 작곡가에게 있습니다."라고 반박했다.'
    body = clean_body(f"{LEAD}\n{story}\n{line}").body
    assert body == f"{LEAD}\n{story}\n인용 보도 시 프로그램명을 밝혀주시기 바랍니다."


def test_interview_transcript_turns_are_kept_while_promo_arrows_go() -> None:
    turns = "▷진행자 : 도입 효과는 언제 나타납니까?\n▶김하늘 : 석 달이면 통계로 보일 겁니다."
    body = clean_body(f"{LEAD}\n{turns}\n▶ 가상뉴스 구독하고 경품 받기").body
    assert body == f"{LEAD}\n{turns}"


@pytest.mark.parametrize("role", ["기자", "특파원", "앵커", "PD"])
def test_sign_off_with_any_role_gives_the_author(role: str) -> None:
    cleaned = clean_body(f"{LEAD}\n방주원 {role} (joo@example.kr)")
    assert cleaned.body == LEAD
    assert cleaned.authors == [f"방주원 {role}"]


@pytest.mark.parametrize(
    "opening", ["(서울=연합뉴스) 홍길동 김철수 기자 = ", "(서울=연합뉴스) 홍길동·김철수 기자 = "]
)
def test_joint_dateline_keeps_every_reporter(opening: str) -> None:
    cleaned = clean_body(opening + LEAD)
    assert cleaned.body == (opening + LEAD).strip()
    assert cleaned.authors == ["홍길동 기자", "김철수 기자"]


def test_joint_byline_gives_each_reporter_the_role() -> None:
    assert normalize_author("홍길동·김철수 기자") == "홍길동 기자, 김철수 기자"
