"""Classes of wording met on c.jsonl: tense of the clause's final predicate, reported speech,
contests and proposals, headlines without a tense, deals told in passing, one deal per
event and party names that are not names (synthetic sentences, not labelled items)."""

from __future__ import annotations

from datetime import date

import pytest

from scwatch.core.deals import extract_deals
from scwatch.core.deals.fields import is_party_name
from scwatch.core.deals.predicates import final_tense

DAY = date(2025, 5, 1)


@pytest.mark.parametrize(
    ("sentence", "tense"),
    [
        ("A사는 B시와 협약식을 가졌다고 25일 밝혔다.", "past"),
        ("A사가 통신망 구축 사업을 수주했습니다.", "past"),
        ("수주전이 본격화하고 있다.", "present"),
        ("두 기관은 4일 서명식을 연다.", "present"),
        ("양측은 사업 범위를 협의 중이다.", "present"),
        ('협력이 확대될 것"이라고 말했다.', "future"),
        ("2건을 수주하는 것을 목표로 하고 있다고 15일 밝혔다.", "future"),
    ],
)
def test_final_predicate_tense(sentence: str, tense: str) -> None:
    found = final_tense(sentence)
    assert found is not None and found[0] == tense


@pytest.mark.parametrize(
    ("title", "body", "kind", "status"),
    [
        ("", "A사는 B시와 스마트시티 협력 협약식을 가졌다고 2일 밝혔다.", "mou", "done"),
        ("", "A사는 B청과 스마트 인프라 공급 계약을 마쳤다고 2일 밝혔다.", "export", "done"),
        ("", "A사가 신도시 관제 사업의 우선협상대상자로 선정됐다.", "export", "planned"),
        ("", "A사가 방콕 신도시 관제 사업 수주전에 뛰어들었다.", "export", "planned"),
        ("", "A사가 B부에 스마트 교통 MOU 체결을 제안했다.", "mou", "planned"),
        ("", "A사가 알마티 교통 플랫폼 판매를 타진하고 있다.", "export", "planned"),
        (
            "",
            "The firm has been shortlisted for a smart district contract in Jeddah.",
            "export",
            "planned",
        ),
    ],
)
def test_wording_classes(title: str, body: str, kind: str, status: str) -> None:
    deals = extract_deals(title, body, DAY)
    assert (deals[0].kind, deals[0].status) == (kind, status)


def test_a_headline_without_tense_takes_the_leads() -> None:
    title = "A시, WSCW 2025서 B시와 스마트시티 협약 체결"
    body = "A시는 오는 24일 개막하는 WSCW 2025에서 B시와 스마트시티 협력 협약을 체결한다고 19일 밝혔다."
    assert extract_deals(title, body, DAY)[0].status == "scheduled"


def test_a_deal_told_in_passing_is_background() -> None:
    title = "A테크, 코스닥 상장 예비심사 청구"
    body = (
        "A테크가 코스닥 상장 예비심사를 청구했다고 14일 밝혔다. 상장 주관사는 B증권이다. "
        "A테크는 올해 초 하노이 지능형교통체계 구축 사업을 수주하며 해외 매출을 늘렸다."
    )
    assert extract_deals(title, body, DAY)[0].status == "background"


def test_one_deal_per_event() -> None:
    title = "A시티, 쿠웨이트 신도시 스마트 인프라 2천만 달러 수주"
    body = (
        "A시티는 쿠웨이트 공공주택청으로부터 신도시 스마트 인프라 사업을 수주했다고 19일 밝혔다. "
        "A시티는 이번에 수주한 사업으로 중동 시장에 진출했다."
    )
    deals = extract_deals(title, body, DAY)
    assert [(d.kind, d.status) for d in deals].count(("export", "done")) == 1


@pytest.mark.parametrize(
    "name", ["이끄", "건수", "경쟁입찰에", "금액", "수주까지", "컨소시엄", "SEOUL"]
)
def test_junk_party_names(name: str) -> None:
    assert not is_party_name(name)


@pytest.mark.parametrize("name", ["LH", "KOTRA", "경기도", "누리시티텍", "UrbanPulse"])
def test_real_party_names(name: str) -> None:
    assert is_party_name(name)
