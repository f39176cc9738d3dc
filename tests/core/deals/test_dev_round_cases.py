"""The classes fixed in the dev round of 2026-12-07 (docs/deals.md, "Dev round (k–n)").

Each test pairs a sentence with one where the same words mean the opposite, or states the
class on a sentence of its own. Invented sentences, not items of the labelled set."""

from __future__ import annotations

from datetime import date

from scwatch.core.deals import extract_deals
from scwatch.core.deals.models import Deal

DAY = date(2026, 6, 10)


def _main(title: str, body: str = "") -> Deal | None:
    deals = extract_deals(title, body, DAY)
    return deals[0] if deals else None


def _read(title: str, body: str = "") -> tuple[str | None, str]:
    deal = _main(title, body)
    return (deal.kind, deal.status) if deal else (None, "none")


def test_signing_words_name_a_deal() -> None:
    assert _read("", "세움ICT는 하노이시와 관제 플랫폼 구축 계약서에 도장을 찍었다.") == (
        "export",
        "done",
    )
    assert _read("", "한길ITS가 다낭시 교통신호 사업의 사업권을 획득했다.") == ("export", "done")
    assert _read("", "시티랩이 제다 신도시 데이터 플랫폼 공급사로 최종 선정됐다.") == (
        "export",
        "done",
    )
    assert _read("", "울산시와 스타방에르시는 스마트 에너지 협력 합의서에 서명했다.") == (
        "mou",
        "done",
    )
    assert _read("Busan, Tallinn ink smart city memorandum") == ("mou", "done")


def test_a_pilot_operator_selected_is_a_pilot_not_an_order() -> None:
    assert _read("기업 3곳, 스마트시티 해외실증 사업자로 선정") == ("pilot", "done")
    assert _read("시티웍스, 신도시 관제 사업자로 선정") == ("export", "done")


def test_a_done_connective_before_a_plan_keeps_the_signing_done() -> None:
    exchanged = (
        "진주시는 기타큐슈시와 스마트시티 양해각서를 교환하고 공동 연구에 나선다고 24일 밝혔다."
    )
    only_plan = "진주시는 기타큐슈시와 스마트시티 양해각서를 교환할 계획이라고 24일 밝혔다."
    assert _read("", exchanged) == ("mou", "done")
    assert _read("", only_plan) == ("mou", "planned")


def test_a_headline_verb_won_is_done() -> None:
    assert _read("[단독] 이지맵, 페낭 3D 도시 플랫폼 따냈다") == ("export", "done")


def test_a_deal_as_purpose_or_hope_is_not_a_deal_made() -> None:
    purpose = "LH가 누산타라 스마트시티 사업 수주를 위해 현지 조사에 나섰다."
    won = "LH가 누산타라 스마트시티 사업을 수주해 현지 조사에 나섰다."
    assert _read("", purpose) == ("export", "planned")
    assert _read("", won) == ("export", "done")
    hope = '시장은 "다낭시와의 교류가 기업의 수주로 이어지길 바란다"고 말했다.'
    assert _read("", hope)[1] == "none"


def test_counts_and_experience_of_deals_are_no_deal() -> None:
    count = "지자체가 해외 도시와 맺은 양해각서가 120건에 이르지만 실제 사업은 드물었다."
    signed = "경북도는 해외 4개 도시와 업무협약 4건을 체결했다."
    assert _read("", count)[1] == "none"
    assert _read("", signed) == ("mou", "done")
    assert _read("", "해외 수주 경험이 많은 기업 40곳이 박람회에 참가한다.")[1] == "none"


def test_the_prospect_of_a_deal_is_planned() -> None:
    assert _read("인천시, 시애틀과 스마트시티 MOU 체결 가능성") == ("mou", "planned")
    assert _read("도원엔지니어링, 네옴 추가 패키지 수주 도전") == ("export", "planned")


def test_a_headline_trigger_that_names_results_is_not_a_statistic() -> None:
    results = "스마트시티 수출 로드쇼, 상담 실적 1억 달러"
    statistic = "스마트시티 수출 통계…상반기 상담 1억 달러"
    assert _read(results) == ("consultation", "done")
    assert _read(statistic)[1] == "none"


def test_an_earlier_time_before_a_deal_in_the_lead_is_the_record() -> None:
    record = "그가 이끈 팀은 2023년에는 쿠웨이트 정부와 스마트시티 양해각서를 맺었다."
    news = "대구시는 2026년 스마트시티 협력을 위해 호찌민시와 양해각서를 맺었다."
    assert _read("[사람들] 박서진 본부장", record) == ("mou", "background")
    assert _read("대구시-호찌민시 스마트시티 협약", news) == ("mou", "done")
    two_years = "이번 파견은 두 도시가 2년 전 체결한 스마트시티 협약에 따른 것이다."
    assert _read("", two_years) == ("mou", "background")


def test_a_visit_headline_reports_the_signing_made_on_the_visit() -> None:
    signed = "강릉시장이 오울루시를 방문해 오울루시와 스마트시티 업무협약을 체결했다고 12일 밝혔다."
    cited = "강릉시장이 오울루시를 방문해 교통센터를 둘러봤다. 두 도시는 협력을 논의했다."
    assert _read("강릉시장, 핀란드 오울루 방문", signed) == ("mou", "done")
    assert _read("강릉시장, 핀란드 오울루 방문", cited)[1] == "none"


def test_english_negation_is_no_deal() -> None:
    assert _read("", "No agreement was signed at the ministers' meeting on Monday.")[1] == "none"
    assert _read("", "An agreement was signed at the ministers' meeting on Monday.")[1] == "done"


def test_the_size_of_a_contract_told_after_talks_is_not_a_contract_signed() -> None:
    talks = (
        "한빛데이터가 말레이시아 정부와 플랫폼 공급 계약을 연내 체결하는 것을 목표로 협상하고 있다.\n"
        "계약 규모는 500억원대로 알려졌다."
    )
    assert _read("한빛데이터, 말레이 정부와 막바지 협상", talks) == ("export", "planned")
