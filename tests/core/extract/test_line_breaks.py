"""Lines separated by <br> inside a paragraph keep their order and their printed addresses."""

from __future__ import annotations

from datetime import UTC, datetime

from support.paths import UNIT_PAGES

from scwatch.core.extract.article import extract_article
from scwatch.core.models import FetchedPage

URL = "https://www.namdo-policy.example/post/2024/10/14/smart-city-lab"


def _body() -> str:
    page = FetchedPage(
        source="test",
        url=URL,
        final_url=URL,
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=(UNIT_PAGES / "line_break_notice.html").read_bytes(),
        fetched_at=datetime(2024, 10, 15, tzinfo=UTC),
    )
    return extract_article(page).body


def test_addresses_printed_under_each_item_stay_with_their_item() -> None:
    lines = _body().split("\n")
    for number in (301, 302, 303):
        address = f"https://www.namdo-policy.example/notice/{number}"
        assert address in lines
    first_item = lines.index("1) 교통 분야: 버스 정류장 혼잡도 알림")
    assert lines[first_item + 1] == "https://www.namdo-policy.example/notice/301"
    assert lines[first_item + 2] == "2) 안전 분야: 어린이 보호구역 보행 신호 연장"


def test_line_after_a_break_inside_bold_text_keeps_its_place() -> None:
    lines = _body().split("\n")
    start = lines.index("설명회 일정")
    assert lines[start : start + 4] == [
        "설명회 일정",
        "‘도시를 시험하는 시민들’ 공개 설명회",
        "광주 스마트시티 체험관 2층 다목적실",
        "오후 2시 ~ 오후 4시",
    ]


def test_links_to_other_posts_stay_out() -> None:
    body = _body()
    assert "빛고을 공공 와이파이 확대" not in body
