"""Strong status cues, English versions and accents (scwatch.core.stories.cues)."""

from __future__ import annotations

from scwatch.core.stories.cues import deaccented, is_english, strong_status


def test_the_title_or_the_opening_says_planned_or_done() -> None:
    assert strong_status("국토부, 인니 신수도청과 MOU 맺는다…차관 3일 출국", "") == "planned"
    assert strong_status("국토차관, 4일 OIKN과 MOU 서명 예정", "") == "planned"
    assert strong_status("한-인니, 신수도 스마트시티 협력 MOU 체결", "") == "done"
    assert strong_status("Vice minister to visit Jakarta, sign MOU", "") == "planned"
    opening = "셔틀 실증이 추진된다. 차관이 4일 양해각서를 맺었다고 전했다. 다음 문장."
    assert strong_status("인니 신수도에 셔틀 달린다", opening) == "done"


def test_no_cue_or_both_cues_say_nothing() -> None:
    assert strong_status("LH 컨소시엄, 쿠웨이트 스마트 신도시 수주", "앵커: 수주했습니다.") is None
    assert strong_status("협약 체결했다…2차 협약도 체결할 예정", "") is None


def test_english_versions_and_accents() -> None:
    assert is_english("Seoul ranks third in global smart city index", "Seoul ranked third")
    assert not is_english("서울시, 세계 3위", "서울시는 Smart City Index에서 3위")
    assert deaccented("Việt Nam 베트남") == "Viet Nam 베트남"
