"""The signals of stories round seven (docs/stories.md), each with its opposite case: a
body's acronym as a second name, deal parties under the gazetteer's name, a programme's
rounds in the titles, more words for a signing that happened, the event's day as evidence
and as the lookup key of an article that has no other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scwatch.core.stories import decide, facts_of
from scwatch.core.stories.aliases import acronyms, party_keys
from scwatch.core.stories.codec import signature_dict, signature_from, state_of
from scwatch.core.stories.cues import strong_status
from scwatch.core.stories.days import event_days
from scwatch.core.stories.romanise import latin_words, romanised, romanised_names, shared_latin
from scwatch.core.stories.signature import lookup_keys, rounds_in, story_keys

AT = datetime(2026, 3, 4, 1, 0, tzinfo=UTC)


def test_an_acronym_after_a_body_is_its_second_name_but_a_term_is_not() -> None:
    text = "인천항만공사(IPA)는 싱가포르 항만청(MPA)과 지능형교통체계(ITS) 양해각서(MOU)를 맺었다."
    assert acronyms(text) == {"ipa", "mpa"}
    assert acronyms("Incheon Port Authority (IPA) and the Port of Oakland") == {"ipa"}
    assert acronyms("도심항공교통(UAM)과 디지털트윈(DT) 기술") == set()


def test_a_rewrite_naming_a_body_by_its_acronym_joins_and_another_body_does_not() -> None:
    release = facts_of(
        "인천항만공사, 싱가포르 항만청과 스마트 항만 협력 양해각서",
        "인천항만공사(IPA)는 3일 싱가포르에서 싱가포르 항만청(MPA)과 자동화 터미널 운영 "
        "협력 양해각서를 체결했다고 4일 밝혔다. 양측은 하역 장비 데이터를 공유한다.",
        AT,
    )
    story = state_of([(release, AT)]).facts(1)
    rewrite = facts_of(
        "IPA, 싱가포르 MPA와 자동화 터미널 손잡아",
        "IPA가 싱가포르 MPA와 자동화 터미널 운영 경험을 나눈다. 협약은 3일 싱가포르에서 맺었다.",
        AT + timedelta(hours=3),
    )
    assert decide(rewrite, [story], AT).story_id == 1
    other_body = facts_of(
        "BPA, 싱가포르 PSA와 친환경 장비 손잡아",
        "BPA가 싱가포르 PSA와 친환경 항만 장비 실증에 나선다. 협약은 3일 싱가포르에서 맺었다.",
        AT + timedelta(hours=4),
    )
    assert decide(other_body, [story], AT).story_id is None


def test_a_deal_party_takes_the_gazetteer_name_only_when_the_whole_name_is_known() -> None:
    assert party_keys("국토부") == {"국토교통부"}
    assert party_keys("쿠웨이트 공공주택청(PAAET)") == {"쿠웨이트공공주택청", "paaet"}
    # A city inside a body's name is not the body: 부산항만공사 stays itself.
    assert party_keys("부산항만공사") == {"부산항만공사"}


def test_titles_of_two_rounds_of_one_programme_keep_them_apart() -> None:
    assert rounds_in("해외실증 지원사업 1차 선정…9개 기업") == frozenset({"1차"})
    assert rounds_in("2단계 사업 수주, 제3회 포럼") == frozenset({"2단계", "3회"})
    assert rounds_in("2차전지 소재 공장 수주") == frozenset()
    results = facts_of(
        "국토부, 스마트도시 해외실증 1차 선정…8개 기업",
        "국토교통부는 스마트도시 해외실증 지원사업 1차 공모에서 8개 기업을 골랐다. 기업당 "
        "최대 3억 원을 지원한다.",
        AT,
    )
    story = state_of([(results, AT)]).facts(1)
    second_call = facts_of(
        "국토부, 스마트도시 해외실증 2차 공모…기업당 최대 3억",
        "국토교통부는 스마트도시 해외실증 지원사업 2차 공모를 시작한다. 1차 공모에서는 8개 "
        "기업을 골랐다. 기업당 최대 3억 원을 지원한다.",
        AT + timedelta(days=6),
    )
    assert decide(second_call, [story], AT).story_id is None
    rewrite = facts_of(
        "스마트도시 기업 8곳 해외서 실증…최대 3억 지원",
        "국토교통부가 스마트도시 해외실증 지원사업 대상으로 8개 기업을 골랐다. 기업당 최대 "
        "3억 원을 지원한다.",
        AT + timedelta(hours=5),
    )
    assert decide(rewrite, [story], AT).story_id == 1


def test_rounds_survive_the_story_state_and_an_old_state_reads_as_none() -> None:
    signature = facts_of("1차 선정 결과", "국토교통부가 1차 결과를 냈다.", AT).signature
    assert signature_from(signature_dict(signature)).rounds == frozenset({"1차"})
    old = {k: v for k, v in signature_dict(signature).items() if k != "rounds"}
    assert signature_from(old).rounds == frozenset()


def test_a_caption_or_a_broadcast_of_the_signing_says_done_and_a_plan_still_planned() -> None:
    caption = "김 사장(왼쪽)이 12일 현지 장관과 협력 양해각서에 서명한 뒤 악수하고 있다."
    assert strong_status("[포토] 협약식", caption) == "done"
    broadcast = "[앵커] 우리 기술이 발판을 마련했습니다. 공사가 현지 정부와 손을 잡았습니다."
    assert strong_status("한국형 신도시 간다", broadcast) == "done"
    rewrite = "공사는 지난 12일 현지 주정부와 협력 양해각서를 맺고 신도시를 함께 짜기로 했다."
    assert strong_status("신도시 개발 첫발", rewrite) == "done"
    plan = "공사는 오는 12일 현지 주정부와 협력 양해각서를 체결한 뒤 공장을 세울 계획이다."
    assert strong_status("신도시 개발 나선다", plan) is None
    announced = "공사는 오는 12일 현지 주정부와 협력 양해각서를 체결할 예정이다."
    assert strong_status("신도시 개발 나선다", announced) == "planned"


POLICY_DAY = datetime(2026, 11, 17, 2, 0, tzinfo=UTC)


def _policy() -> tuple[object, object]:
    release = facts_of(
        "스마트도시법 시행령 개정안 국무회의 통과…규제특례 최대 6년",
        "스마트도시 규제 샌드박스의 실증 특례 기간을 최대 6년으로 늘리는 시행령 개정안이 "
        "17일 국무회의를 통과했다. 개정 시행령은 12월 1일부터 시행된다.",
        POLICY_DAY,
    )
    broadcast = facts_of(
        "스마트도시 규제특례 최대 6년으로",
        "[앵커] 스마트도시 신기술을 시험하는 기간이 길어집니다. [기자] 국무회의를 통과한 "
        "스마트도시법 시행령 개정안은 실증 특례 기간을 최대 6년으로 늘렸습니다. 개정안은 "
        "다음 달 1일부터 시행됩니다.",
        POLICY_DAY + timedelta(hours=7),
    )
    return release, broadcast


def test_an_article_with_no_other_key_is_looked_up_by_its_event_day() -> None:
    release, broadcast = _policy()
    assert broadcast.signature.days and broadcast.signature.days <= release.signature.days
    assert lookup_keys(broadcast.signature) == {f"d:{d}" for d in broadcast.signature.days}
    assert {f"d:{d}" for d in broadcast.signature.days} <= story_keys(release.signature)
    story = state_of([(release, POLICY_DAY)]).facts(1)
    assert decide(broadcast, [story], POLICY_DAY).story_id == 1


def test_an_article_with_parties_is_not_looked_up_by_its_day_nor_joins_another_day() -> None:
    release, _ = _policy()
    with_party = facts_of(
        "LH, 베트남 하노이와 스마트시티 협약",
        "LH는 17일 하노이에서 스마트시티 협력 협약을 맺었다.",
        POLICY_DAY,
    )
    assert not any(key.startswith("d:") for key in lookup_keys(with_party.signature))
    story = state_of([(release, POLICY_DAY)]).facts(1)
    later = facts_of(
        "스마트도시 규제특례 최대 6년으로",
        "[앵커] 스마트도시 신기술을 시험하는 기간이 길어집니다. [기자] 국무회의를 통과한 "
        "스마트도시법 시행령 개정안은 실증 특례 기간을 최대 6년으로 늘렸습니다. 개정안은 "
        "다음 달 20일부터 시행됩니다.",
        POLICY_DAY + timedelta(hours=7),
    )
    assert decide(later, [story], POLICY_DAY).story_id is None


def test_an_english_day_is_read_in_wire_style_but_not_from_the_dateline() -> None:
    at = datetime(2026, 12, 5, 0, 0, tzinfo=UTC)  # a Saturday
    dec3 = datetime(2026, 12, 3).toordinal()
    assert event_days("signed the MoU on Dec. 3 in Dubai", at) == {dec3}
    assert event_days("signed the MoU on 3 December", at) == {dec3}
    assert event_days("signed the MoU on Thursday", at) == {dec3}
    assert event_days("SEOUL, Dec. 5 (Yonhap) -- The city said Thursday", at) == frozenset()


def test_a_hyphenated_dollar_figure_is_read_whole_and_a_tiny_amount_is_none() -> None:
    at = datetime(2027, 2, 9, 6, 0, tzinfo=UTC)
    english = facts_of("Agency signs $43-M water deal", "It signed a $43-M contract.", at)
    korean = facts_of("물관리 사업 계약", "사업비는 4,300만 달러(약 580억 원)다.", at)
    assert english.signature.amounts == korean.signature.amounts
    fare = facts_of("셔틀 유료 운행", "요금은 1회 1천 원이다.", at)
    assert fare.signature.amounts == frozenset()


def test_a_korean_name_meets_its_romanised_spelling_and_a_company_does_not() -> None:
    assert romanised("경기") == "gyeonggi" and romanised("대전") == "daejeon"
    korean = romanised_names({"경기도", "대전광역시"})
    assert {"r:gyeonggi", "r:daejeon"} <= korean
    english = latin_words("Binh Duong signed a deal with Gyeonggi province on June 9")
    assert shared_latin(frozenset(korean), frozenset(english)) == {"gyeonggi"}
    assert (
        shared_latin(
            frozenset(romanised_names({"현대건설"})),
            frozenset(latin_words("Hyundai Engineering & Construction won the deal")),
        )
        == set()
    )
