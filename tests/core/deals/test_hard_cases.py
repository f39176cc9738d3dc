"""The classes fixed in the hard-case round (docs/deals.md, "Hard-case round (f.jsonl)").

Each test pairs a sentence with one where the same words mean the opposite. Invented
sentences, not items of the labelled set."""

from __future__ import annotations

from datetime import date

from scwatch.core.deals import extract_deals
from scwatch.core.deals.genre import is_policy_headline
from scwatch.core.deals.models import Deal

DAY = date(2025, 6, 10)


def _main(title: str, body: str = "") -> Deal:
    return extract_deals(title, body, DAY)[0]


def test_a_mission_sent_on_a_day_is_planned_but_a_signing_on_a_day_is_scheduled() -> None:
    mission = "(창원=뉴스1) 경남도는 오는 20일 베트남 하노이에 스마트시티 수주지원단을 보낸다고 8일 밝혔다."
    signing = "(창원=뉴스1) 경남도는 오는 20일 베트남 하노이시와 스마트시티 업무협약을 체결한다고 8일 밝혔다."
    assert _main("경남도, 베트남 하노이에 수주지원단", mission).status == "planned"
    assert _main("경남도, 베트남 하노이시와 스마트시티 협약", signing).status == "scheduled"


def test_firms_that_want_to_win_orders_are_a_policy_not_an_order() -> None:
    support = "국토부는 해외 스마트시티 사업을 수주하려는 중소기업에 보증을 제공한다고 밝혔다."
    won = "누리시티텍은 해외 스마트시티 사업을 수주하려는 노력 끝에 하노이 관제센터 사업을 따냈다."
    assert all(d.status == "none" for d in extract_deals("", support, DAY))
    assert _main("", won).status == "done"


def test_a_market_share_of_orders_is_a_statistic() -> None:
    share = "아세안 스마트시티 시장에서 한국 기업의 수주 점유율은 2%에 그친다는 분석이 나왔다."
    order = "누리시티텍은 하노이 관제센터 사업을 수주해 현지 점유율을 높였다."
    assert all(d.status == "none" for d in extract_deals("", share, DAY))
    assert _main("", order).status == "done"


def test_a_contract_still_to_be_negotiated_is_planned() -> None:
    title = "유니온ICT, 케냐 나이로비시와 교통관제 계약"
    talks = "유니온ICT가 나이로비시와 교통관제 시스템 공급 계약을 맺기 위한 최종 협상에 들어갔다고 19일 밝혔다."
    signed = "유니온ICT가 교통관제 시스템을 공급하기 위한 계약을 나이로비시와 맺었다고 19일 밝혔다."
    assert _main(title, talks).status == "planned"
    assert _main(title, signed).status == "done"


def test_a_planned_word_in_another_headline_segment_does_not_plan_the_mou() -> None:
    lead = "평택시는 하이즈엉성과 스마트시티 양해각서를 맺고 스마트 산단을 함께 추진하기로 했다고 27일 밝혔다."
    assert _main("평택시, 하이즈엉성과 스마트시티 MOU…스마트 산단 공동 추진", lead).status == "done"
    assert _main("평택시, 하이즈엉성과 스마트시티 MOU 추진").status == "planned"


def test_an_agreement_to_do_something_is_done_but_agreeing_to_sign_is_planned() -> None:
    made = "평택시는 하이즈엉성과 스마트시티 협약을 맺고 공동 사업을 추진하기로 했다."
    to_make = "평택시는 하이즈엉성과 스마트시티 협약을 맺기로 했다."
    assert _main("", made).status == "done"
    assert _main("", to_make).status == "planned"


def test_an_expression_of_interest_to_bid_is_a_bid_not_an_mou() -> None:
    bid = "도도마 신행정수도 설계 입찰에는 6개 컨소시엄이 참여 의향서를 냈다."
    loi = "세움시티는 도도마시와 스마트시티 개발 협력 의향서를 교환했다."
    assert (_main("", bid).kind, _main("", bid).status) == ("export", "planned")
    assert (_main("", loi).kind, _main("", loi).status) == ("mou", "done")


def test_a_plan_to_export_is_not_an_export() -> None:
    plan = "서울시는 2030년까지 스마트도시 솔루션 30개를 해외 도시에 수출한다는 계획을 세웠다."
    sale = "트윈스케이프는 도시 디지털트윈 플랫폼을 싱가포르에 수출한다고 21일 밝혔다."
    assert _main("", plan).status != "done"
    assert _main("", sale).status == "done"


def test_plans_on_paper_and_apartment_sales_are_no_deal_titles() -> None:
    assert is_policy_headline("서울시, '스마트시티 해외 진출 5개년 계획' 발표")
    assert is_policy_headline("현대건영, '청라 스마트시티 센트럴' 1천20가구 분양")
    assert not is_policy_headline("서울시, 헬싱키와 스마트시티 MOU 체결 계획")
    body = "회사는 앞서 인천도시공사와 단지 내 공공시설 기부채납 협약을 맺었다."
    assert _main("현대건영, '청라 스마트시티 센트럴' 1천20가구 분양", body).status == "none"


def test_an_event_opens_but_an_office_opening_cites_the_record() -> None:
    aside = "One exhibitor, Seoul-based GridNova, signed a memorandum with a Lisbon agency."
    assert is_policy_headline("Smart City Expo opens in Barcelona with record Korean pavilion")
    assert not is_policy_headline("Korean smart parking firm Nuvia opens Jakarta office")
    body = (
        "SEOUL, Aug. 8 -- Nuvia, a Korean smart parking firm, opened a regional office in Jakarta.\n"
        "The company last year won a contract to install parking sensors in Bandung."
    )
    assert (
        _main("Korean smart parking firm Nuvia opens Jakarta office", body).status == "background"
    )
    assert _main("Smart City Expo opens in Barcelona", aside).status == "none"


def test_a_pilot_agreed_on_in_an_mou_is_not_a_pilot_won() -> None:
    agreed = "Daejeon signed an agreement with Brno, agreeing to share data and run joint pilot projects."
    won = "Daejeon firm CityMesh won a pilot project for smart parking in Brno."
    deals = extract_deals("", agreed, DAY)
    assert not any(d.kind == "pilot" and d.status == "done" for d in deals)
    assert (_main("", won).kind, _main("", won).status) == ("pilot", "done")


def test_a_city_management_system_is_smart_city_but_zoning_is_not() -> None:
    system = (
        "LX는 사마르칸트주 정부와 디지털 도시관리 정보시스템 구축 계약을 체결했다고 8일 밝혔다."
    )
    zoning = "화성시는 토지주택공사와 도시관리계획 변경 협약을 체결했다고 8일 밝혔다."
    assert _main("LX, 사마르칸트주와 도시관리 시스템 구축 계약", system).smartcity
    assert not _main("화성시, 도시관리계획 변경 협약", zoning).smartcity


def test_next_month_without_a_day_is_planned_with_a_day_scheduled() -> None:
    vague = "유니온ICT는 다음달 나이로비시와 본계약을 체결할 계획이라고 19일 밝혔다."
    fixed = "유니온ICT는 다음달 10일 나이로비시와 업무협약을 체결할 계획이라고 19일 밝혔다."
    assert _main("", vague).status == "planned"
    assert _main("", fixed).status == "scheduled"


def test_an_order_in_sight_is_planned_though_its_verb_is_past() -> None:
    title = "누리시티텍, 페낭 교통관제 수주 초읽기"
    lead = "누리시티텍이 페낭주 교통관제센터 구축 사업 수주를 눈앞에 뒀다."
    assert _main(title, lead).status == "planned"
    assert _main("", lead).status == "planned"
    assert _main("", "누리시티텍이 페낭주 교통관제센터 구축 사업을 수주했다.").status == "done"


def test_a_contract_under_negotiation_is_planned_a_concluded_one_done() -> None:
    talks = "트윈맵은 리야드시와 디지털트윈 구축 계약을 협상하고 있다."
    concluded = "트윈맵은 리야드시와 디지털트윈 구축 계약 협상을 마무리했다."
    assert (_main("", talks).kind, _main("", talks).status) == ("export", "planned")
    assert _main("", concluded).status != "planned"


def test_nearing_a_deal_is_planned_sealing_it_done() -> None:
    assert _main("Korean consortium nears deal for Hanoi traffic system").status == "planned"
    assert _main("Korean consortium seals deal for Hanoi traffic system").status == "done"


def test_an_order_won_and_run_since_is_background_after_the_lead() -> None:
    body = (
        "세움ICT가 AI 신호제어기를 출시했다고 2일 밝혔다.\n"
        "신제품은 처리 속도가 세 배 빠르다.\n"
        "세움ICT는 앞서 하노이 신호 제어 사업을 수주해 운영하고 있다."
    )
    deals = extract_deals("세움ICT, AI 신호제어기 출시", body, DAY)
    assert deals[0].status == "background"
    should = "회사는 해외 사업을 더 수주해야 한다고 밝혔다."
    assert all(d.status != "done" for d in extract_deals("", should, DAY))


def test_an_opinion_piece_reports_no_deal_even_when_it_names_one() -> None:
    assert is_policy_headline("[사설] 스마트시티 수출, MOU보다 본계약이 중요하다")
    assert not is_policy_headline("[단독] 누리맵, 수라바야시와 스마트시티 MOU 체결")


def test_a_contract_brought_off_is_done_one_hoped_for_is_planned() -> None:
    assert _main("누리시티텍, 리마 관제 계약 성사").status == "done"
    assert _main("누리시티텍, 리마 관제 계약 성사 기대").status == "planned"


def test_a_bid_submitted_is_planned_a_bidding_strategy_is_no_deal() -> None:
    bid = "누리맵이 방콕시가 발주한 디지털트윈 사업 입찰에 제안서를 제출했다고 3일 밝혔다."
    joins = "세움건설이 도도마 신행정수도 설계 국제입찰에 참여한다고 9일 밝혔다."
    advice = "보고서는 한국 기업이 현지 기업과 손잡고 입찰에 참여하는 전략이 필요하다고 지적했다."
    assert (_main("", bid).kind, _main("", bid).status) == ("export", "planned")
    assert (_main("", joins).kind, _main("", joins).status) == ("export", "planned")
    assert all(d.status == "none" for d in extract_deals("", advice, DAY))


def test_support_from_finding_to_winning_is_policy_winning_found_work_is_done() -> None:
    support = "국토부는 해외 사업을 발굴부터 수주까지 한 번에 지원한다고 17일 밝혔다."
    won = "세움ICT는 직접 발굴한 하노이 교통관제 사업을 수주했다고 17일 밝혔다."
    assert all(d.status == "none" for d in extract_deals("", support, DAY))
    assert _main("", won).status == "done"
    assert is_policy_headline("정부, 스마트시티 수출 '원스톱 지원' 체계 구축")


def test_a_day_and_a_venue_fix_a_signing_but_a_past_day_does_not() -> None:
    coming = "인천시는 16일 송도 G타워에서 주롱타운공사와 스마트 산업단지 협력 협약식을 연다고 14일 밝혔다."
    past = "인천시는 지난 16일 송도 G타워에서 주롱타운공사와 스마트 산업단지 협력 협약식을 열었다고 밝혔다."
    assert _main("", coming).status == "scheduled"
    assert _main("", past).status == "done"


def test_a_smart_industrial_complex_named_twice_is_the_subject_once_is_not() -> None:
    lead = "인천시는 싱가포르 주롱타운공사와 스마트 산업단지 협력 협약을 맺었다고 14일 밝혔다."
    assert _main("인천시-주롱타운공사, 스마트산단 협약", lead).smartcity
    assert not _main("인천시-주롱타운공사, 물류 협약", lead).smartcity


def test_an_order_won_in_an_earlier_year_and_built_since_is_background() -> None:
    record = "세움ICT는 2023년 하노이 교통관제 사업을 수주해 지난해 준공했다."
    news = "세움ICT는 하노이 교통관제 사업을 수주해 이달 착공했다."
    assert _main('세움ICT 대표 "동남아로 넓힌다"', record).status == "background"
    assert _main('세움ICT 대표 "동남아로 넓힌다"', news).status == "done"


def test_a_question_headline_is_an_open_outcome_a_strategy_headline_no_deal() -> None:
    assert _main("국산 스마트 가로등, 중동 수출길 열리나").status == "planned"
    assert _main("국산 스마트 가로등, 중동 수출길 확대 전략").status == "none"


def test_an_english_weekday_fixes_a_signing() -> None:
    friday = "Daegu will sign a smart city memorandum with Almaty on Friday, officials said."
    later = "Daegu will sign a smart city memorandum with Almaty later this year, officials said."
    assert _main("", friday).status == "scheduled"
    assert _main("", later).status == "planned"


def test_obstacles_and_setbacks_to_orders_are_no_order() -> None:
    obstacle = "기업의 절반이 해외 수주의 가장 큰 걸림돌로 현지 정보 부족을 꼽았다."
    assert all(d.status == "none" for d in extract_deals("", obstacle, DAY))
    assert _main("사우디 네옴 지연…한국 기업 수주 차질 우려").status == "none"
    assert _main("한국 기업, 사우디 네옴 스마트시티 수주 성공").status == "done"


def test_a_platform_sold_to_a_city_is_an_export_tickets_sold_are_not() -> None:
    sale = "TwinGrid said it had sold a digital twin platform to the Riyadh municipality for $6 million."
    assert (_main("", sale).kind, _main("", sale).status) == ("export", "done")
    assert extract_deals("", "The expo sold 5,000 tickets on its first day.", DAY) == ()


def test_signal_optimisation_and_smart_life_week_name_smart_city() -> None:
    lead = (
        "씨티브레인이 카타르 교통부가 발주한 도하 교차로 신호 최적화 사업을 수주했다고 13일 밝혔다."
    )
    assert _main("씨티브레인, 도하 AI 교통신호 최적화 사업 수주", lead).smartcity
    week = "서울시는 행사 기간 수출상담 1천200억원의 성과를 거뒀다고 20일 밝혔다."
    assert _main("스마트라이프 위크 폐막…수출상담 1천200억원", week).smartcity
    assert not _main("서울국제도서전 폐막…수출상담 1천200억원", week).smartcity


def test_an_order_succeeded_is_done_one_hoped_to_succeed_planned() -> None:
    assert _main("세움ICT, 사우디 네옴 스마트시티 수주 성공").status == "done"
    assert _main("세움ICT, 사우디 네옴 스마트시티 수주 성공 기대").status == "planned"


def test_an_order_won_early_this_year_is_the_record_of_an_earnings_story() -> None:
    body = (
        "이노폴은 3분기 영업이익이 52억원으로 사상 최대를 기록했다고 14일 공시했다.\n"
        "회사는 올해 초 사우디 네옴 스마트 가로등 공급 계약을 따낸 효과라고 설명했다."
    )
    assert _main("이노폴 3분기 영업이익 52억…사상 최대", body).status == "background"
    news = "이노폴은 사우디 네옴 스마트 가로등 공급 계약을 따냈다고 14일 밝혔다."
    assert _main("이노폴, 네옴 스마트 가로등 계약", news).status == "done"


def test_a_city_information_system_named_twice_is_the_subject_once_is_not() -> None:
    lead = "LX는 볼리비아 공공사업부와 디지털 지적 및 도시정보 시스템 구축 계약을 체결했다고 3일 밝혔다."
    assert _main("LX, 볼리비아 도시정보 구축 계약", lead).smartcity
    assert not _main("LX, 볼리비아 지적 측량 계약", lead).smartcity
