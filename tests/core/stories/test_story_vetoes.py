"""The vetoes of round five (docs/stories.md): event days that lie apart, counts of an
event's scale that disagree, an announcement whose day has passed, English provinces."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from scwatch.core.stories import decide, facts_of
from scwatch.core.stories.areas import areas_in
from scwatch.core.stories.codec import state_from_json, state_json, state_of
from scwatch.core.stories.days import event_days

KST = UTC  # the day arithmetic only needs one zone
MOU_DAY = datetime(2025, 5, 13, 18, 0, tzinfo=KST)


def days(text: str, at: datetime) -> set[date]:
    return {date.fromordinal(d) for d in event_days(text, at)}


def test_event_days_resolve_against_the_publication_date() -> None:
    at = datetime(2024, 6, 3, 10, 0, tzinfo=KST)
    assert days("지난달 29일 협약 체결 직후 열린 회의에서", at) == {date(2024, 5, 29)}
    assert days("오는 12일 현지에서 서명한다", at) == {date(2024, 6, 12)}
    assert days("협약식은 지난 1일 열렸다", at) == {date(2024, 6, 1)}
    assert days("5월 31일 공고를 냈다", at) == {date(2024, 5, 31)}
    assert days("signed the pact on May 29 in Almaty", at) == {date(2024, 5, 29)}


def test_the_day_an_article_is_reported_is_not_the_event_day() -> None:
    at = datetime(2024, 6, 3, 10, 0, tzinfo=KST)
    assert days("양해각서를 체결했다고 3일 밝혔다", at) == set()
    assert days("3일 국토부에 따르면 조사가 시작됐다", at) == set()
    assert days("15일간 이어지는 전시", at) == set()


TASHKENT_MOU = (
    "국토교통부는 제1차관이 13일(현지시간) 우즈베키스탄 타슈켄트에서 현지 건설부 장관과 "
    "신도시 개발 협력 양해각서를 맺었다고 밝혔다. 양측은 공동위원회를 꾸리기로 했다."
)
TASHKENT_STUDY = (
    "국토교통부는 16일 서울에서 우즈베키스탄 타슈켄트 교통 타당성조사 착수보고회를 "
    "열었다고 밝혔다. 조사는 도심 간선급행버스 노선과 신호 체계를 살핀다."
)


def test_the_same_parties_days_apart_are_two_events() -> None:
    mou = facts_of("국토부, 우즈벡 타슈켄트 신도시 협력 MOU", TASHKENT_MOU, MOU_DAY)
    study = facts_of(
        "국토부, 타슈켄트 교통 타당성조사 착수", TASHKENT_STUDY, MOU_DAY + timedelta(days=3)
    )
    story = state_of([(mou, MOU_DAY)]).facts(1)
    assert decide(study, [story], MOU_DAY).story_id is None
    rewrite = facts_of(
        "한-우즈벡 타슈켄트 신도시 밑그림 MOU",
        "국토부 제1차관이 13일 타슈켄트를 찾아 신도시 개발 협력 양해각서를 맺었다.",
        MOU_DAY + timedelta(hours=14),
    )
    assert decide(rewrite, [story], MOU_DAY).story_id == 1


def test_households_that_disagree_are_two_move_ins() -> None:
    at = datetime(2025, 11, 27, 11, 0, tzinfo=KST)
    first = facts_of(
        "세종 시범도시 첫 입주",
        "세종 5-1생활권 시범도시 공동주택 1천80가구 입주가 시작된다.",
        at,
    )
    other = facts_of(
        "세종 시범도시 첫 입주", "세종 5-1생활권 시범도시에서 1200가구가 입주한다.", at
    )
    same = facts_of("세종 시범도시 입주", "세종 5-1생활권 1080가구 입주가 시작됐다.", at)
    story = state_of([(first, at)]).facts(4)
    assert decide(other, [story], at).story_id is None
    assert decide(same, [story], at).story_id == 4


def test_an_announcement_whose_day_passed_does_not_take_the_later_report() -> None:
    at = datetime(2024, 5, 27, 10, 0, tzinfo=KST)
    planned = facts_of(
        "LH, 29일 알마티시와 신도시 MOU 체결 예정",
        "LH는 오는 29일 카자흐스탄 알마티시와 잘린 신도시 협력 양해각서를 체결할 예정이다.",
        at,
    )
    later = facts_of(
        "알마티 잘린 신도시 사업비 추산…LH, 타당성조사 착수",
        "LH와 알마티시가 지난달 29일 협약한 잘린 신도시 사업의 타당성조사가 시작된다.",
        at + timedelta(days=7),
    )
    story = state_from_json(state_json(state_of([(planned, at)]))).facts(2)
    assert decide(later, [story], at).story_id is None


def test_english_provinces_are_areas_compared_within_one_script() -> None:
    assert areas_in("LH signs a deal with Vietnam's northern Quang Ninh province") == {
        "quangninh"
    }
    assert areas_in("the province will handle land") == set()
