"""Causes of default-rule errors other than the status (docs/deals.md, "Rule errors beside
the status"): the kind an English headline's `deal` stands for, energy deals read as smart
city, solution words (waste, flood forecasting), and the MOUs counted in an expo's results.

Each test pairs a story with one where the same words mean the other thing. Invented
sentences, not items of the labelled set."""

from __future__ import annotations

from datetime import date

from scwatch.core.deals import extract_deals
from scwatch.core.deals.models import Deal
from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, compile_rules

DAY = date(2026, 6, 10)
RULES = compile_rules(DEFAULT_RULES, DEFAULT_ALIASES)


def _main(title: str, body: str) -> Deal:
    deals = extract_deals(title, body, DAY)
    assert deals, title
    return deals[0]


def _fired(title: str, body: str) -> set[str]:
    deals = extract_deals(title, body, DAY)
    return {match.rule for match in RULES.match(title, body, deals=deals)}


def test_an_english_headline_deal_takes_the_kind_of_its_lead() -> None:
    mou = _main(
        "Gimhae, Hue sign smart city deal",
        "Gimhae and the Vietnamese city of Hue signed a memorandum of understanding on "
        "smart city cooperation on Monday, officials said.",
    )
    assert (mou.kind, mou.status) == ("mou", "done")
    order = _main(
        "Daejeon firm wins smart city deal in Jakarta",
        "Sejin Systems signed a $12 million contract to build the traffic control centre of "
        "Jakarta, the company said.",
    )
    assert (order.kind, order.status) == ("export", "done")


def test_a_grid_deal_of_a_utility_is_not_a_smart_city_mou() -> None:
    grid = (
        "남부발전, 베트남 전력공사와 스마트그리드 협력 MOU",
        "한국남부발전은 베트남 전력공사와 스마트그리드 기술 협력 양해각서를 체결했다고 2일 "
        "밝혔다. 양측은 배전망 자동화 사업을 함께 찾기로 했다.",
    )
    assert _main(*grid).smartcity is False
    assert "smart-city MOU" not in _fired(*grid)
    energy_city = (
        "전주시-오르후스시, 스마트 에너지도시 협력 협약",
        "전주시는 덴마크 오르후스시와 스마트 에너지 도시 조성을 위한 협력 협약을 체결했다고 "
        "9일 밝혔다. 두 도시는 지역난방과 스마트그리드 운영 경험을 나눈다.",
    )
    assert _main(*energy_city).smartcity is True
    assert "smart-city MOU" in _fired(*energy_city)
    # 전력을 다하기로 is an effort (全力), not power: the deal stays a smart-city one.
    effort = _main(
        "",
        "세종시는 카자흐스탄 알마티시와 교통관제·디지털트윈 협력 양해각서를 체결하고 사업 "
        "발굴에 전력을 다하기로 했다고 3일 밝혔다.",
    )
    assert (effort.kind, effort.smartcity) == ("mou", True)


def test_waste_and_flood_forecasting_pilots_abroad_are_smart_city() -> None:
    waste = (
        "그린빈랩, 자카르타 스마트 쓰레기통 해외실증 선정",
        "폐기물 스타트업 그린빈랩이 인도네시아 자카르타시의 스마트 폐기물 수거 실증사업에 "
        "선정됐다.",
    )
    assert "smart-city export" in _fired(*waste)
    flood = (
        "하늘데이터, 세부서 침수예측 시스템 해외실증",
        "하늘데이터가 필리핀 세부시 해외실증 대상 기업으로 선정됐다.",
    )
    assert "smart-city export" in _fired(*flood)
    # A bin alone, with no smart-city service, is still only a product.
    bins = (
        "그린빈랩, 자카르타 압축 쓰레기통 해외실증 선정",
        "그린빈랩이 인도네시아 자카르타시의 압축 쓰레기통 실증사업에 선정됐다.",
    )
    assert "smart-city export" not in _fired(*bins)


def test_the_mous_of_an_expo_tally_are_its_results_not_mou_alerts() -> None:
    tally = (
        "부산 스마트시티 로드쇼 폐막…수출상담 3천억원, 현장 협약 15건",
        "부산시는 쿠알라룸푸르에서 열린 스마트시티 로드쇼에서 수출상담액 3천억원을 기록했다고 "
        "20일 밝혔다. 행사 기간 기업과 현지 정부 간 업무협약은 15건이 체결됐다. 이 가운데 "
        "한빛시티는 쿠알라룸푸르시와 스마트시티 협력 협약을 맺었다.",
    )
    assert _fired(*tally) == {"smart-city export"}
    own_story = (
        "한빛시티, 쿠알라룸푸르시와 스마트시티 협력 협약",
        "한빛시티는 쿠알라룸푸르시와 스마트시티 교통 데이터 협력 협약을 맺었다고 20일 밝혔다.",
    )
    assert _fired(*own_story) == {"smart-city MOU"}
