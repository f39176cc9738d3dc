"""deal_line(): the one-line form every alert shows."""

from __future__ import annotations

from scwatch.core.deals import extract_deals
from scwatch.core.deals.models import Amount, Deal, Party
from scwatch.core.deals.summary import deal_line


def test_sides_kind_place_project_amount_status() -> None:
    deal = Deal(
        "export",
        "done",
        parties=(Party("LH", "korean", "public_body"), Party("쿠웨이트 PAAET", "foreign")),
        country="쿠웨이트",
        city="쿠웨이트시티",
        amount=Amount(230_000_000, "USD", 335_000_000_000, "2억3천만 달러"),
        project="압둘라 신도시 설계 PM 용역",
    )
    assert deal_line(deal) == (
        "LH ↔ 쿠웨이트 PAAET · 수주 · 쿠웨이트시티 · 압둘라 신도시 설계 PM 용역"
        " · 3,350억원 (2억3천만 달러) (done)"
    )


def test_unknown_sides_fill_the_empty_side_and_aliases_collapse() -> None:
    deal = Deal(
        "mou",
        "done",
        parties=(
            Party("국토교통부", "korean", "ministry"),
            Party("국토부", "unknown"),
            Party("아크라 광역시", "unknown", "city"),
        ),
        amount=Amount(775e8, "KRW", 775e8, "775억원"),
    )
    assert deal_line(deal) == "국토교통부 ↔ 아크라 광역시 · MOU · 775억원 (done)"


def test_missing_fields_are_left_out() -> None:
    assert deal_line(Deal("pilot", "planned", country="베트남")) == "시범사업 · 베트남 (planned)"


def test_headline_deal_takes_the_leads_parties_and_stated_won() -> None:
    title = "베트남 신도시 스마트 인프라 수주…2억3천만 달러 규모"
    body = (
        "(서울=연합뉴스) 김민준 기자 = 세움건설이 이끄는 한국 기업 컨소시엄이 베트남 "
        "하노이시 인민위원회와 약 3천350억원 규모의 신도시 스마트 인프라 계약을 체결했다고 "
        "3일 밝혔다. 사업은 2027년까지 진행된다."
    )
    deal = extract_deals(title, body)[0]
    names = [p.name for p in deal.parties]
    assert "세움건설" in names and "하노이시 인민위원회" in names
    assert deal.amount is not None and round(deal.amount.krw / 1e8) == 3350
    line = deal_line(deal)
    assert line.startswith("세움건설 ↔ 하노이시 인민위원회 · 수주 · 하노이")
    assert "3,350억원 (2억3천만 달러)" in line and line.endswith("(done)")
