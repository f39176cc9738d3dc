"""The signals of stories round six (docs/stories.md): two deals of one city at one expo
whose titles name other countries, an announcement that arrives after the report of the
signing, an English version whose dollar figure sits a few per cent off the won figure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scwatch.core.stories import decide, facts_of
from scwatch.core.stories.codec import state_of

EXPO_DAY = datetime(2025, 11, 5, 18, 0, tzinfo=UTC)


def test_two_deals_of_one_city_at_one_expo_stay_apart_but_a_venue_title_still_joins() -> None:
    first = facts_of(
        "광주시, 체코 브르노시와 스마트 모빌리티 협약",
        "광주시는 스페인 바르셀로나에서 열린 스마트시티 엑스포 월드 콩그레스에서 4일 체코 "
        "브르노시와 스마트 모빌리티 협약을 맺었다고 5일 밝혔다. 두 도시는 전기버스 운영 "
        "경험을 나누기로 했다.",
        EXPO_DAY,
    )
    story = state_of([(first, EXPO_DAY)]).facts(1)
    second = facts_of(
        "광주시, 스페인 빌바오와 데이터 협력 MOU",
        "광주시는 바르셀로나 스마트시티 엑스포 월드 콩그레스에서 5일 스페인 빌바오시와 "
        "도시데이터 협력 양해각서를 맺었다고 6일 밝혔다. 두 도시는 대기질 자료를 공유한다.",
        EXPO_DAY + timedelta(days=1),
    )
    assert decide(second, [story], EXPO_DAY).story_id is None
    venue_title = facts_of(
        "광주시, 바르셀로나서 체코 브르노와 손잡아",
        "광주시가 스페인 바르셀로나 스마트시티 엑스포 현장에서 체코 브르노시와 스마트 "
        "모빌리티 협약을 체결했다. 전기버스 운영 경험을 공유한다.",
        EXPO_DAY + timedelta(hours=5),
    )
    assert decide(venue_title, [story], EXPO_DAY).story_id == 1


def test_an_announcement_arriving_after_the_signing_report_is_another_story() -> None:
    signed_at = datetime(2025, 9, 10, 9, 0, tzinfo=UTC)
    report = facts_of(
        "수자원공사 물관리 기술 라오스 간다…비엔티안 상수도 협력",
        "한국수자원공사는 라오스 공공사업교통부와 비엔티안 상수도 관리 협력 양해각서를 "
        "맺고 누수 감지 체계 도입을 검토하기로 했다고 10일 밝혔다.",
        signed_at,
    )
    story = state_of([(report, signed_at)]).facts(1)
    announced_at = signed_at - timedelta(days=5)
    announcement = facts_of(
        "수자원공사, 라오스와 물관리 MOU 맺는다…사장 7일 출국",
        "한국수자원공사는 사장이 오는 7일 라오스를 방문해 공공사업교통부와 상수도 관리 "
        "협력 양해각서를 체결할 예정이라고 5일 밝혔다.",
        announced_at,
    )
    assert announcement.signature.cue == "planned"
    assert decide(announcement, [story], announced_at).story_id is None


def test_an_english_version_with_a_converted_dollar_figure_joins_the_korean_story() -> None:
    at = datetime(2025, 8, 20, 1, 0, tzinfo=UTC)
    korean = facts_of(
        "현대건설, 카타르 도하 스마트시티 설계 3200억 수주",
        "현대건설은 카타르 도하 북부 스마트시티 설계 용역을 3200억원에 수주했다고 20일 "
        "밝혔다. 설계 기간은 30개월이다.",
        at,
    )
    story = state_of([(korean, at)]).facts(1)
    english = facts_of(
        "Hyundai E&C wins US$230 mln design deal for Doha smart city",
        "Hyundai Engineering & Construction said Wednesday it had won a US$230 million "
        "contract to design a smart city in northern Doha, Qatar.",
        at + timedelta(hours=6),
    )
    assert decide(english, [story], at).story_id == 1
