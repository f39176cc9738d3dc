"""House styles and story kinds of the e round (docs/deals.md, "House-style round").

Invented sentences, not items of the labelled set."""

from __future__ import annotations

from datetime import date

from scwatch.core.deals import extract_deals
from scwatch.core.deals.boilerplate import is_boilerplate
from scwatch.core.deals.genre import is_policy_headline, is_record_story

DAY = date(2025, 6, 10)


def test_captions_and_tails_are_boilerplate() -> None:
    assert is_boilerplate("[사진=광주시 제공] 시장(오른쪽)이 협약을 맺은 뒤 기념촬영을 하고 있다.")
    assert is_boilerplate("양측 대표가 협약서에 서명한 뒤 기념촬영을 하고 있다.")
    assert is_boilerplate("ⓒ 뉴스1 무단전재 및 재배포 금지")
    assert is_boilerplate("붙임 1. 협약식 사진")
    assert not is_boilerplate("광주시는 9일 하노이시와 스마트시티 업무협약을 체결했다고 밝혔다.")


def test_a_caption_does_not_give_the_main_deal_its_tense() -> None:
    body = (
        "[사진=광주시 제공] 광주시장과 자카르타 부지사가 9일 협약을 체결한 뒤 기념촬영을 하고 있다.\n"
        "광주시가 자카르타와 스마트시티 협력 업무협약(MOU)을 맺고 기업 진출 지원에 나섰다.\n"
        "양 도시는 교통과 안전 분야에서 협력한다."
    )
    main = extract_deals("광주시, 자카르타와 스마트시티 동맹", body, DAY)[0]
    assert (main.kind, main.status) == ("mou", "done")


def test_an_event_name_in_quotes_makes_a_signing_scheduled() -> None:
    main = extract_deals("광주시, 'GITEX 2025'서 두바이와 스마트시티 MOU 맺는다", "", DAY)[0]
    assert main.status == "scheduled"


def test_visits_analyses_and_records() -> None:
    assert is_policy_headline("자카르타 부지사 일행, 광주 방문…스마트시티 협력 논의")
    assert is_policy_headline("[분석] 스마트시티 해외진출, 솔루션이 답")
    assert not is_policy_headline("광주시, 자카르타 방문해 스마트시티 MOU 체결")
    assert is_record_story("누리관제, 3분기 영업이익 52억…해외 매출 반영", "")
    assert is_record_story("국토부 도시정책관에 새 국장", "국토교통부가 국장급 인사를 단행했다.")
    assert not is_record_story("코스닥 상장사 누리관제, 하노이 관제센터 계약", "")


def test_an_earnings_story_cites_its_orders_as_background() -> None:
    body = (
        "누리관제가 3분기 호실적을 냈다.\n"
        "누리관제는 3분기 영업이익 52억원을 기록했다고 공시했다.\n"
        "지난해 수주한 자카르타 스마트시티 관제센터 사업의 매출이 반영됐다."
    )
    main = extract_deals("누리관제, 3분기 영업이익 52억…해외 매출 반영", body, DAY)[0]
    assert main.status == "background"


def test_a_quoted_view_after_the_lead_is_no_deal() -> None:
    body = (
        "광주시가 자카르타와 스마트시티 협약 체결을 추진한다.\n"
        "광주시는 연내 협약을 맺는 것을 목표로 하고 있다고 밝혔다.\n"
        "양측은 실무 협의를 이어 갈 계획이다.\n"
        '시 관계자는 "협약이 성사되면 기업 진출에 도움이 될 것"이라고 말했다.'
    )
    deals = extract_deals("광주시, 자카르타와 스마트시티 협약 추진", body, DAY)
    assert deals[0].status == "planned"
    assert all(deal.status != "done" for deal in deals)


def test_preferred_bidder_in_english_is_planned() -> None:
    title = "Korean consortium named preferred bidder for Cebu smart city plan"
    main = extract_deals(title, "", DAY)[0]
    assert (main.kind, main.status) == ("export", "planned")


def test_passing_an_evaluation_round_is_not_a_selection() -> None:
    body = "누리센싱은 국토부 해외실증 지원사업 1차 서면평가를 통과했다고 밝혔다."
    main = extract_deals("누리센싱, 해외실증 1차 평가 통과", body, DAY)[0]
    assert main.status == "planned"
