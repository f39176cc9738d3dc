"""The golden extraction set: 44 Korean article pages in 14 CMS layouts (tests/fixtures/pages).

Each page must give the expected title, author, published and updated times and a body
with its story and without the page's boilerplate; the set as a whole must stay above a
quality floor and clearly above plain trafilatura.
"""

from __future__ import annotations

import sys

import lxml.html
import pytest
import trafilatura
from support.golden_set import (
    GoldenPage,
    bigram_f1,
    differences,
    extract_all,
    load_golden_pages,
    score_articles,
)
from support.paths import PAGES_DIR

from scwatch.core.extract.article import extract_article
from scwatch.core.extract.profiles import apply_profile
from scwatch.core.text.decoding import decode_html

PAGES = load_golden_pages()
FIELD_FLOOR = 0.95
BODY_F1_FLOOR = 0.95
# "Clearly above" plain trafilatura on the same pages (it scores about 0.77).
MARGIN_OVER_TRAFILATURA = 0.10
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


def test_committed_pages_are_what_the_build_script_writes() -> None:
    sys.path.insert(0, str(PAGES_DIR))
    try:
        import build_pages
    finally:
        sys.path.remove(str(PAGES_DIR))
    built = build_pages.build()
    for item in built:
        assert (PAGES_DIR / "html" / f"{item.page_id}.html").read_bytes() == item.body, item.page_id
    expected = (PAGES_DIR / "expected.toml").read_text(encoding="utf-8")
    assert expected == build_pages.expected_toml(built), "run build_pages.py"
    assert len(list((PAGES_DIR / "html").glob("*.html"))) == len(built)


def test_the_set_is_large_varied_and_has_lying_euc_kr_pages() -> None:
    assert len(PAGES) >= 40
    assert len({page.layout for page in PAGES}) >= 8
    euc_kr = [p for p in PAGES if not p.html.isascii() and _is_cp949(p.html)]
    undeclared_or_wrong = [p for p in euc_kr if "euc-kr" not in p.content_type.lower()]
    assert len(euc_kr) >= 5
    assert len(undeclared_or_wrong) >= 3


def _is_cp949(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_page_extracts_as_expected(page: GoldenPage) -> None:
    article = extract_article(page.fetched())
    problems = differences(page, article)
    assert not problems, "\n".join(problems)
    assert "\ufffd" not in article.title + article.body


def test_quality_floor_and_margin_over_plain_trafilatura() -> None:
    scores = score_articles(extract_all(PAGES))
    baseline = sum(bigram_f1(trafilatura.extract(p.html) or "", p.body) for p in PAGES) / len(PAGES)
    report = (
        f"fields {scores.field_accuracy}, body F1 {scores.body_f1:.3f}, "
        f"plain trafilatura {baseline:.3f}, failures {scores.failures}"
    )
    assert scores.failures == 0, report
    assert min(scores.field_accuracy.values()) >= FIELD_FLOOR, report
    assert scores.body_f1 >= BODY_F1_FLOOR, report
    assert scores.body_f1 >= baseline + MARGIN_OVER_TRAFILATURA, report


def _profile_name(page: GoldenPage, url: str) -> str:
    html = decode_html(page.html, page.content_type)
    tree = lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    return apply_profile(tree, url, page.fetched_at).name


def test_every_layout_is_recognised_by_its_url() -> None:
    generic = {page.layout for page in PAGES if _profile_name(page, page.url) == "generic"}
    assert generic == {"board"}


def test_portal_and_cms_copies_are_recognised_without_their_url() -> None:
    """Saved pages and mirrors: the fingerprint element names the layout."""
    fingerprinted = {
        "ndsoft",
        "ndsoft_old",
        "naver_new",
        "naver_old",
        "korea_kr",
        "chosun",
        "yonhap",
    }
    for page in PAGES:
        if page.layout in fingerprinted:
            assert _profile_name(page, "http://127.0.0.1:8000/saved.html") != "generic", page.id
