"""Verb families that name a deal, added after the learned-status experiment (docs/deals.md,
"Learned status"): 납품 (delivery of goods sold, like 수출 and 공급) and 파트너십을 맺다.

Each test pairs the family with a sentence where the same word names no deal of this
article. Invented sentences, not items of the labelled set."""

from __future__ import annotations

from datetime import date

from scwatch.core.deals import extract_deals

DAY = date(2026, 6, 10)


def _read(title: str, body: str = "") -> tuple[str | None, str]:
    deals = extract_deals(title, body, DAY)
    return (deals[0].kind, deals[0].status) if deals else (None, "none")


def test_a_delivery_abroad_is_an_order() -> None:
    assert _read("파크웨이, 카타르 루사일에 주차관제 시스템 납품") == ("export", "done")
    done = "파크웨이는 루사일 신도시에 주차관제 시스템을 납품했다고 3일 밝혔다."
    assert _read("", done) == ("export", "done")
    assert _read("", "파크웨이가 루사일 신도시에 주차관제 시스템을 납품한다.") == (
        "export",
        "done",
    )
    planned = "파크웨이는 루사일 신도시에 주차관제 시스템을 납품할 계획이다."
    assert _read("", planned) == ("export", "planned")


def test_a_delivery_schedule_or_record_is_no_new_order() -> None:
    assert _read("", "전동차는 2028년까지 순차적으로 납품된다.") == (None, "none")
    assert _read("", "회사는 국내 지자체 20곳에 시스템을 납품하고 있다.") == (None, "none")
    assert _read("", "납품 일정에는 차질이 없을 것이라고 말했다.") == (None, "none")
    past = "회사는 지난해 하노이시에 방범 카메라를 납품한 바 있다."
    assert _read("", past) == ("export", "background")


def test_a_partnership_signed_is_an_mou() -> None:
    assert _read("안양시, 에스포시와 스마트시티 파트너십 맺어") == ("mou", "done")
    signed = "안양시는 에스포시와 스마트시티 파트너십을 맺었다고 22일 밝혔다."
    assert _read("", signed) == ("mou", "done")
    assert _read("", "양측은 연내 파트너십을 체결할 계획이다.") == ("mou", "planned")


def test_a_partnership_talked_about_is_no_mou() -> None:
    assert _read("", "시는 유럽 도시와의 파트너십이 중요하다고 강조했다.") == (None, "none")
