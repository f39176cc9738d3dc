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


@pytest.mark.parametrize(
    ("body", "kind", "status"),
    [
        # reported speech: the quoted clause's verb decides, not 말했다
        (
            '관계자는 "이번 협약이 스마트시티 사업 수주의 교두보가 될 것"이라고 말했다.',
            "mou",
            "planned",
        ),
        ("시는 스마트시티 기업과 업무협약을 바탕으로 교류를 확대하기로 했다.", "mou", "planned"),
        # a past form modifying the trigger after 앞서/지난해 is background
        (
            "국토부는 앞서 베트남 건설부와 맺은 스마트시티 양해각서를 바탕으로 교류를 늘렸다.",
            "mou",
            "background",
        ),
        # any final -ㅆ다 is past
        ("노바시티가 자카르타 스마트시티 해외실증 대상 기업으로 뽑혔다.", "pilot", "done"),
    ],
)
def test_predicate_morphology(body: str, kind: str, status: str) -> None:
    deals = extract_deals("", body, date(2024, 7, 1))
    assert (deals[0].kind, deals[0].status) == (kind, status)


def test_an_exhibitors_aside_is_not_the_articles_deal() -> None:
    body = (
        "부산 벡스코에서 스마트시티 엑스포가 개막했다. 120개 기업이 참가해 로봇을 선보였다. "
        "참가기업 하버솔은 베트남 항만 운영사와 스마트 항만 MOU를 체결하기도 했다."
    )
    deals = extract_deals("부산 스마트시티 엑스포 개막…로봇 한자리에", body)
    assert deals and deals[0].status == "none"


def test_a_policy_headline_reports_no_deal() -> None:
    body = "정부가 5년간 3천억원을 투입하는 패키지를 발표했다. 해외 실증 예산 증액 등이 포함됐다."
    deals = extract_deals("정부, 스마트시티 수출 지원 패키지 발표", body)
    assert all(d.status == "none" for d in deals[:1])


def test_headline_subject_and_foreign_body_are_parties() -> None:
    body = "두리시스템은 우즈베키스탄 건설부와 스마트시티 교통 플랫폼 공급 계약을 맺었다고 밝혔다."
    deals = extract_deals("두리시스템, 우즈베키스탄에 교통 플랫폼 수출", body)
    names = {p.name for p in deals[0].parties}
    assert "두리시스템" in names
    assert any("건설부" in name for name in names)


def test_windowed_trigger_scan_matches_a_full_scan() -> None:
    from scwatch.core.deals.triggers import _ANY_TRIGGER, find_triggers

    text = (
        "KOTRA는 business meetings에서 입찰 참가 의향서를 냈고, 국가시범도시와 해외 실증 사업, "
        "기후협약, 업무협약(MOU), 수주간 수주 소식, 시장 개척단과 export talks를 다뤘다."
    )
    full = [(m.lastgroup, m.start(), m.end()) for m in _ANY_TRIGGER.finditer(text)]
    assert [(t.kind, t.start, t.end) for t in find_triggers(text)] == full
