"""One control character in a page's text must not cost the article (issue 12, defect 3):
lxml refuses 29 of the C0 code points in a tree, and trafilatura then returned no text at
all ("too short: 0 characters"); a NUL in the first kilobyte made the page "binary"."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from support.paths import UNIT_PAGES

from scwatch.core.extract.article import extract_article
from scwatch.core.models import FetchedPage
from scwatch.core.text.controls import strip_controls
from scwatch.core.text.folding import squeeze

CONTROLS = [chr(code) for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))]
NDSOFT_URL = "https://www.smartcitynews.example/news/articleView.html?idxno=12345"
PAGES = {
    # A CMS layout profile finds the body (NDsoft), and the generic path (trafilatura alone).
    "ndsoft_article.html": ("국비와", NDSOFT_URL),
    "generic_article.html": ("유휴 부지에", "https://www.dongbang.example/news/2024/11/03/uam"),
}


def fetched(name: str, url: str = NDSOFT_URL) -> FetchedPage:
    headers = {"Content-Type": "text/html; charset=utf-8"}
    body = (UNIT_PAGES / name).read_bytes()
    return FetchedPage("test", url, url, 200, headers, body, datetime(2024, 11, 9, tzinfo=UTC))


def with_control(name: str, char: str) -> tuple[FetchedPage, FetchedPage]:
    """The page as published and the same page with `char` inside a body sentence."""
    anchor, url = PAGES[name]
    clean = fetched(name, url)
    html = (UNIT_PAGES / name).read_text(encoding="utf-8")
    dirty = html.replace(anchor, anchor + char, 1)
    return clean, replace(clean, body=dirty.encode("utf-8"))


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_c0_and_c1_code_point_in_a_body_keeps_the_whole_text(name: str, char: str) -> None:
    clean, dirty = with_control(name, char)
    expected = extract_article(clean)
    got = extract_article(dirty)
    assert got.title == expected.title
    assert squeeze(strip_controls(got.body, lines=True)) == squeeze(expected.body)


def test_a_nul_near_the_top_of_a_page_does_not_make_it_binary() -> None:
    html = (UNIT_PAGES / "ndsoft_article.html").read_bytes().replace(b"<head>", b"<head>\x00", 1)
    article = extract_article(replace(fetched("ndsoft_article.html"), body=html))
    assert article.title == "세종시, 자율주행 셔틀 노선 두 배로 늘린다"
