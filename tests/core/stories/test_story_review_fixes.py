"""Fixes after the review of stories round eight, each with its opposite case: title markers
that misread Korean (MOU before a particle, 부인 the wife, "significant"), a story stored
before titles were read, and an English weekday in a sentence about the future."""

from __future__ import annotations

from datetime import UTC, date, datetime

from scwatch.core.stories import facts_of
from scwatch.core.stories.codec import signature_dict, signature_from
from scwatch.core.stories.days import event_days
from scwatch.core.stories.genre import UNKNOWN, genres_clash, genres_of

AT = datetime(2026, 6, 10, 1, 0, tzinfo=UTC)


def test_mou_before_a_particle_is_an_mou_stage() -> None:
    assert {"mou", "deal"} <= genres_of("LH, 사우디 주택부와 MOU를 체결")
    assert "mou" in genres_of("수자원공사-인니 수도청 MOU체결")
    assert "mou" not in genres_of("Famous amount of orders for smart city firms")


def test_the_presidents_wife_is_no_denial_but_a_denied_report_is() -> None:
    assert "denial" not in genres_of("대통령 부인 김○○ 여사, 스마트시티 협약식 참석")
    assert "denial" in genres_of("A사, 베트남 신도시 수주설 부인")
    assert "denial" in genres_of("시공사, 계약 해지설 부인…\"협의 중\"")
    assert "denial" in genres_of("국토부, 사우디 사업 지연 보도 부인했다")


def test_english_words_that_only_begin_like_a_deal_are_no_deal() -> None:
    assert "deal" not in genres_of("Significant signal delays in the city's traffic centre")
    assert "meeting" in genres_of("Significant contractor roundtable in Riyadh")
    assert "deal" in genres_of("Seoul signs smart city pact with Riyadh")
    assert "contract" in genres_of("K-water wins contracts in Jakarta")


def test_a_story_stored_before_titles_were_read_holds_no_follow_up_against_anyone() -> None:
    new = facts_of("LH, 케냐 도로청과 MOU", "LH는 케냐 도로청과 MOU를 맺었다.", AT, [])
    keys = signature_dict(new.signature).items()
    stored = signature_from({k: v for k, v in keys if k not in ("genres", "genres_all")})
    assert stored.genres == UNKNOWN and stored.genres_all == UNKNOWN
    interview = genres_of("[인터뷰] 해외사업본부장 \"사우디 수주 이제 시작\"")
    assert not genres_clash(interview, interview, stored.genres, stored.genres_all)
    assert genres_clash(interview, interview, frozenset(), frozenset())


def test_an_english_weekday_about_the_future_is_the_next_one() -> None:
    monday = datetime(2024, 6, 3, 1, 0, tzinfo=UTC)
    friday_after, friday_before = date(2024, 6, 7).toordinal(), date(2024, 5, 31).toordinal()
    planned = event_days("Seoul will sign the pact with Riyadh on Friday.", monday)
    assert planned == {friday_after}
    signed = event_days("Seoul signed the pact with Riyadh on Friday.", monday)
    assert signed == {friday_before}
