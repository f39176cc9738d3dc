"""The signals of stories round eight (docs/stories.md), each with its opposite case: what a
title reports (a follow-up meeting, a call, an interview, a denial, an MOU against the main
contract), who signs with whom in the headline, and across languages a city, its country
and its romanised name counted once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scwatch.core.deals import extract_deals
from scwatch.core.stories import decide
from scwatch.core.stories import facts_of as _plain_facts
from scwatch.core.stories.codec import (
    StoryState,
    grown,
    signature_dict,
    signature_from,
    state_of,
)
from scwatch.core.stories.counterparts import pair_of, pairs_clash
from scwatch.core.stories.genre import genres_clash, genres_of
from scwatch.core.stories.models import ArticleFacts

AT = datetime(2026, 6, 10, 1, 0, tzinfo=UTC)


def facts_of(title: str, body: str, at: datetime) -> ArticleFacts:
    """As ingest computes them: with the deal extractor's parties."""
    return _plain_facts(title, body, at, extract_deals(title, body, at))


def _story(title: str, body: str, at: datetime = AT) -> tuple[ArticleFacts, StoryState]:
    facts = facts_of(title, body, at)
    return facts, state_of([(facts, at)])


def test_title_markers_name_the_kind_of_event_and_a_venue_is_no_meeting() -> None:
    assert genres_of("수공, 라오스 비엔티안 상수도 사업 착수보고회 개최") == {"meeting"}
    assert "meeting" not in genres_of("간담회서 라오스 비엔티안과 상수도 MOU 체결")
    assert genres_of("세종시, 자율주행 셔틀 운영사 공모") == {"call"}
    assert "call" not in genres_of("스마트시티 예산, 지자체 공모 줄이고 수출로")
    assert "call" not in genres_of("K-시티 네트워크 공모 선정 결과 발표")
    assert "interview" in genres_of('[인터뷰] 해외사업본부장 "이제 시작"')
    assert "denial" in genres_of('도화엔지니어링 "몽골 수주설 사실 아냐"')
    assert genres_of("K-스마트시티 로드쇼, 상담 90건·MOU 5건 성과") & {"mou"} == frozenset()


def test_a_kick_off_meeting_naming_the_contract_day_is_not_the_contract() -> None:
    contract = facts_of(
        "한국수자원공사, 라오스 비엔티안 스마트 상수도 계약 체결",
        "한국수자원공사는 2일 라오스 비엔티안에서 비엔티안 수도공사와 스마트 상수도 구축 "
        "계약을 체결했다고 3일 밝혔다. 사업비는 410억 원이다.",
        AT,
    )
    story = state_of([(contract, AT)]).facts(1)
    meeting = facts_of(
        "수자원공사, 비엔티안 스마트 상수도 사업 착수보고회 개최",
        "한국수자원공사는 9일 비엔티안에서 착수보고회를 열었다. 이번 사업은 지난 2일 계약한 "
        "것으로, 비엔티안 수도공사와 현장 조사 일정을 논의했다.",
        AT + timedelta(days=7),
    )
    assert decide(meeting, [story], AT).story_id is None
    rewrite = facts_of(
        "수공, 라오스 수도 비엔티안 상수도 410억 수주",
        "한국수자원공사가 라오스 비엔티안 수도공사와 410억원 규모 스마트 상수도 계약을 "
        "맺었다고 3일 밝혔다.",
        AT + timedelta(hours=2),
    )
    assert decide(rewrite, [story], AT).story_id == 1


def test_a_follow_up_every_title_names_against_a_signing_either_way_round() -> None:
    call = genres_of("부산시, 스마트빌리지 운영사 공모")
    result = genres_of("스마트빌리지 운영사에 KT 컨소시엄 선정")
    assert genres_clash(call, call, result, result)
    assert genres_clash(result, result, call, call)
    # One rewrite of a story without the marker: the story still holds its call.
    plain = genres_of("부산 스마트빌리지 운영, 다음 달 접수 마감")
    assert not genres_clash(plain, plain, call, call & plain)
    mou, contract = genres_of("LH, 케냐 도로청과 MOU"), genres_of("LH, 케냐 도로청과 본계약")
    assert genres_clash(mou, mou, contract, contract)
    assert not genres_clash(mou, mou, mou, mou)


def test_one_party_with_two_partners_clashes_and_two_spellings_of_one_do_not() -> None:
    assert pair_of("KT, 방콕시와 AI 교통신호 MOU") == {"kt|방콕시"}
    assert pair_of("[포토] 수공-라오스 수도공사 협약식") == {"수공|라오스수도공사"}
    assert pair_of("Hanoi signs metro pact with Seoul Metro on Monday") == {"hanoi|seoulmetro"}
    assert pair_of("수원, 스마트시티 수출에 속도") == frozenset()
    two_partners = pair_of("LH, 케냐 도로청과 스마트 도로 MOU")
    assert pairs_clash(two_partners, pair_of("LH, 케냐 주택부와 신도시 MOU"))
    assert not pairs_clash(
        pair_of("LH, 인도네시아 서부자바주와 MOU"), pair_of("LH, 인니 서부자바주와 협약")
    )
    assert not pairs_clash(pair_of("LH, 케냐 정부와 손잡아"), two_partners)  # a loose partner
    # A city with and without its ending and its country: one partner.
    assert not pairs_clash(
        pair_of("세종시-다낭시, 데이터 허브 맞손"), pair_of("세종시, 베트남 다낭과 협약")
    )
    assert pairs_clash(
        pair_of("세종시-후에시, 데이터 허브 맞손"), pair_of("세종시, 베트남 다낭과 협약")
    )
    # An acronym and its body are one party ("bpa=부산항만공사").
    bpa, ours = pair_of("BPA, 두바이 DP월드와 손잡아"), pair_of("부산항만공사, DP월드와 협약")
    assert not pairs_clash(bpa, ours, frozenset({"bpa=부산항만공사"}))
    assert pairs_clash(bpa, ours)


def test_two_korean_partners_of_one_city_hall_on_one_day_stay_apart() -> None:
    _, state = _story(
        "서울교통공사, 하노이시와 도시철도 운영 협약",
        "서울교통공사는 4일 베트남 하노이에서 하노이시와 도시철도 운영 협약을 맺었다고 밝혔다.",
    )
    other = facts_of(
        "KT, 하노이시와 AI 교통신호 MOU",
        "KT는 4일 베트남 하노이에서 하노이시와 AI 교통신호 양해각서를 체결했다고 밝혔다.",
        AT + timedelta(hours=1),
    )
    assert decide(other, [state.facts(1)], AT).story_id is None
    rewrite = facts_of(
        "서울교통공사, 하노이시와 손잡고 지하철 운영 노하우 전수",
        "서울교통공사가 4일 하노이시와 협약을 맺고 도시철도 운영 노하우를 전한다.",
        AT + timedelta(hours=2),
    )
    assert decide(rewrite, [state.facts(1)], AT).story_id == 1


def test_across_languages_a_city_and_its_country_are_one_name() -> None:
    _, state = _story(
        "KT, 하노이시와 AI 교통신호 MOU",
        "KT는 4일 베트남 하노이에서 하노이시와 AI 교통신호 양해각서를 체결했다고 밝혔다.",
    )
    # Hanoi, Vietnam and "hanoi" (하노이시 romanised): one place, and nothing else shared.
    other = facts_of(
        "Seoul Metro to train Hanoi rail staff",
        "HANOI -- Seoul Metro will train light rail staff in Hanoi, Vietnam, the city said.",
        AT + timedelta(hours=5),
    )
    assert decide(other, [state.facts(1)], AT).story_id is None
    same = facts_of(
        "KT to test AI traffic lights in Hanoi",
        "HANOI -- KT signed a memorandum with Hanoi city to test AI signal control in Hanoi, "
        "Vietnam.",
        AT + timedelta(hours=5),
    )
    assert decide(same, [state.facts(1)], AT).story_id == 1


def test_the_new_signature_keys_survive_the_story_state_and_older_states_read_as_none() -> None:
    first = facts_of("LH, 케냐 도로청과 MOU", "LH는 케냐 도로청(KeNHA)과 MOU를 맺었다.", AT)
    later = facts_of("LH-케냐 도로청 협약식", "LH와 케냐 도로청이 협약서에 서명하고 있다.", AT)
    state = grown(state_of([(first, AT)]), later, AT)
    signature = state.signature
    assert signature_from(signature_dict(signature)) == signature
    assert signature.genres_all == first.signature.genres & later.signature.genres
    assert signature.pairs == {"lh|케냐도로청"}
    older = {k: v for k, v in signature_dict(signature).items() if k not in ("pairs", "genres")}
    assert signature_from(older).pairs == frozenset()
