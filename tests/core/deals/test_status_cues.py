"""Status from predicate morphology, main-deal choice and the one-line summary."""

from __future__ import annotations

from datetime import date

import pytest

from scwatch.core.deals import extract_deals
from scwatch.core.deals.models import Amount, Deal, Party
from scwatch.core.deals.summary import deal_line, main_deal

SMART = "스마트시티 협력을 위한 "


@pytest.mark.parametrize(
    ("body", "kind", "status"),
    [
        (f"국토부는 베트남 건설부와 {SMART}양해각서를 체결했다.", "mou", "done"),
        (f"LH는 하노이시와 {SMART}MOU를 맺었다.", "mou", "done"),
        ("LH는 쿠웨이트에서 스마트시티 신도시 설계 용역을 수주했다.", "export", "done"),
        (f"국토부는 베트남 건설부와 {SMART}양해각서를 체결할 예정이다.", "mou", "planned"),
        (f"국토부는 오는 29일 베트남 건설부와 {SMART}양해각서를 체결한다.", "mou", "scheduled"),
        (f"LH는 지난해 하노이시와 {SMART}MOU를 체결한 바 있다.", "mou", "background"),
        ("정부는 스마트시티 해외수주 지원 방안을 발표했다.", "export", "none"),
    ],
)
def test_status_from_the_predicate(body: str, kind: str, status: str) -> None:
    deals = extract_deals("", body, date(2024, 7, 1))
    assert (deals[0].kind, deals[0].status) == (kind, status)


def test_headline_forms_are_done() -> None:
    deals = extract_deals("LH, 베트남 하노이시와 스마트시티 MOU 체결", "")
    assert (deals[0].kind, deals[0].status, deals[0].country) == ("mou", "done", "베트남")


def test_title_deal_is_main_and_borrows_from_the_lead() -> None:
    title = "한빛시티랩, 페루 리마에 스마트시티 플랫폼 수주"
    body = (
        "한빛시티랩은 페루 리마시와 1850만 달러 규모의 스마트시티 통합플랫폼 공급계약을 체결했다."
    )
    deal = extract_deals(title, body)[0]
    assert deal.kind == "export" and deal.status == "done" and deal.smartcity
    assert deal.amount is not None and deal.amount.currency == "USD"
    assert deal.sentences["amount"] == body


def test_no_trigger_no_deal() -> None:
    assert (
        extract_deals("스마트시티 박람회 개막", "국토부는 18일 박람회를 개최한다고 밝혔다.") == ()
    )


def test_deal_line_and_main_deal() -> None:
    deal = Deal(
        "export",
        "done",
        parties=(Party("LH", "korean", "public_body"), Party("쿠웨이트 공공주택청", "foreign")),
        project="압둘라 신도시 설계 PM 용역",
        amount=Amount(1.2e12, "KRW", 1.2e12, "1조2000억원"),
    )
    assert (
        deal_line(deal)
        == "LH ↔ 쿠웨이트 공공주택청 · 수주 · 압둘라 신도시 설계 PM 용역 · 1.2조원 (done)"
    )
    assert main_deal((deal,)) is deal and main_deal(()) is None
