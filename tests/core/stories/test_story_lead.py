"""Boilerplate stripped before the event is read, and foreign provinces as areas."""

from __future__ import annotations

from scwatch.core.stories.areas import areas_in
from scwatch.core.stories.lead import clean


def test_release_header_bullets_and_tails_are_stripped() -> None:
    body = "제목\n- 부제…협력 합의\n□ 국토교통부(장관 ○○○)는 체결했다고 밝혔다.\n○ 끝."
    words = clean("제목", body).split()
    assert words == ["부제…협력", "합의", "국토교통부", "는", "체결했다고", "밝혔다.", "끝."]
    tail = "[경남일보] LH는 밝혔다. <저작권자 © 경남일보, 무단 전재 및 재배포 금지>"
    assert clean("t", tail) == "LH는 밝혔다."
    assert clean("t", "[사진=LH] LH가 체결했다. (사진=LH 제공) 2023.05.16. a@b.com") == (
        "LH가 체결했다."
    )


def test_a_province_after_its_country_is_an_area() -> None:
    assert areas_in("LH, 베트남 북부 꽝닌성 인민위원회와") == {"꽝닌"}
    assert areas_in("LH, 베트남 박닌성과 스마트시티") == {"박닌"}
    assert areas_in("사우디 동부주 개발청과 우즈베키스탄 타슈켄트에서") == set()
