"""Gazetteer: canonical names, sides and kinds, boundaries, company patterns."""

from __future__ import annotations

from scwatch.core.deals.gazetteer import find_entities, find_events


def _names(text: str) -> list[tuple[str, str, str]]:
    return [(e.name, e.kind, e.side) for e in find_entities(text)]


def test_bodies_are_canonical_with_offsets() -> None:
    text = "한국토지주택공사(LH)와 쿠웨이트 공공주택청은 한국수자원공사, 과기정통부와 함께"
    found = find_entities(text)
    assert [e.name for e in found] == [
        "LH",
        "LH",
        "쿠웨이트 공공주택청",
        "K-water",
        "과학기술정보통신부",
    ]
    assert all(text[e.start : e.end] for e in found)
    assert found[2].side == "foreign" and found[0].side == "korean"
    assert found[4].kind == "ministry"


def test_countries_and_cities_in_korean_and_english() -> None:
    assert _names("베트남 하노이") == [
        ("베트남", "country", "foreign"),
        ("하노이", "city", "foreign"),
    ]
    assert [n for n, _, _ in _names("Vietnam and Hanoi")] == ["베트남", "하노이"]


def test_boundaries() -> None:
    assert _names("LHC 가속기") == []
    assert _names("인도적 지원") == []
    assert [n for n, _, _ in _names("인도네시아와 인도")] == ["인도네시아", "인도"]


def test_companies_by_suffix_and_quotes() -> None:
    found = _names(
        "㈜한빛솔루션과 필리핀 Acme Systems Inc.가 한빛건설, 도시건설 기업 ‘누리랩(대표 김민수)’"
    )
    names = [name for name, kind, _ in found if kind == "company"]
    assert names == ["한빛솔루션", "Acme Systems", "한빛건설", "누리랩"]
    assert ("Acme Systems", "company", "foreign") in found


def test_events() -> None:
    assert [e[0] for e in find_events("스마트시티 엑스포 월드 콩그레스와 WSCW 2018")] == [
        "SCEWC",
        "WSCW",
    ]


def test_a_listed_variant_inside_a_longer_word_is_no_match() -> None:
    # "수도청" is a variant of 인도네시아 신수도청; inside "상하수도청" it is a water body.
    names = [e.name for e in find_entities("마닐라 상하수도청(MWSS)과 누수관리 계약")]
    assert "인도네시아 신수도청" not in names
    assert "인도네시아 신수도청" in [e.name for e in find_entities("누산타라 수도청과 협약")]
    assert "베트남" in [e.name for e in find_entities("대베트남 수출이 늘었다")]
