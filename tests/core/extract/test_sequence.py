"""scwatch runs trafilatura's extraction steps itself, skipping work that cannot change the
result (scwatch.core.extract.sequence and fallback): the text and metadata must be exactly
what trafilatura's own calls give, on pages that take every branch (comment sections,
infinite scroll, share buttons, cookie banners, short pages retried in recall mode, the
baseline rescue, forum threads), on the golden set and on the ScrapingHub pages."""

from __future__ import annotations

import gzip
import json

import lxml.etree
import lxml.html
import pytest
from support.golden_set import load_golden_pages
from support.paths import CORPORA, need
from trafilatura.baseline import html2txt
from trafilatura.core import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from scwatch.core.extract import sequence
from scwatch.core.extract.sequence import attribute_text, bare_text, main_text

STORY = (
    "The city council approved the new transit plan on Tuesday after a long debate. "
    "Buses will run every ten minutes on the main lines, and two new routes will reach "
    "the industrial park in the north. The plan costs less than the one rejected last "
    "year, the mayor said, because it reuses the existing depots. "
)
TEASERS = "".join(
    f"<div class='teaser'><a href='/n/{i}'>Other story number {i}</a> with a line of text "
    f"about the weather, the markets and the football results of week {i}.</div>"
    for i in range(40)
)


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>Transit plan</title>{head}</head><body>{body}</body></html>"


COMMENTS = "".join(f"<p>Reader {i} thinks the buses are late again.</p>" for i in range(6))
FORUM_LD = (
    "<script type='application/ld+json'>"
    '{"@type": "DiscussionForumPosting", "headline": "Buses"}</script>'
)
PAGES = {
    "plain article": page(f"<article><h1>Transit plan</h1><p>{STORY * 3}</p></article>"),
    "comment section by id": page(
        f"<article><p>{STORY * 3}</p></article><div id='comments'>{COMMENTS}</div>"
    ),
    "comment list by class": page(
        f"<article><p>{STORY * 3}</p></article><ol class='commentlist'><li>{COMMENTS}</li></ol>"
    ),
    "commentary is not a comment": page(
        f"<article><p>{STORY * 3}</p><div class='commentary'><p>{STORY}</p></div></article>"
    ),
    "disqus and post comments": page(
        f"<main><p>{STORY * 3}</p></main><div id='disqus_thread'>{COMMENTS}</div>"
        f"<section class='post-comments'>{COMMENTS}</section>"
    ),
    "infinite scroll": page(
        f"<div class='post'><h1>Transit plan</h1><p>{STORY * 3}</p></div>"
        f"<div class='infinite-scroll'><article><p>{STORY}</p></article></div>"
        f"<div id='mvp-post-add-box'><h1>Next story</h1><p>{STORY}</p></div>"
    ),
    "share buttons": page(
        f"<article><p>{STORY * 3}</p>"
        "<div class='elementor-share-buttons'><a href='/s'>Share this on social</a></div>"
        "</article>"
    ),
    "short story, long page, cookie banner": page(
        f"<div id='Cookie-Banner'>We use cookies to measure the audience.</div>"
        f"<article><p>{STORY}</p></article>{TEASERS}"
        "<div class='footer'>Contact, imprint and the rest of the footer text.</div>"
    ),
    "short story, long page, no banner": page(f"<article><p>{STORY}</p></article>{TEASERS}"),
    "story only in JSON-LD": page(
        "<div><p>Short.</p></div>",
        head="<script type='application/ld+json'>"
        + json.dumps({"@type": "NewsArticle", "articleBody": STORY * 2})
        + "</script>",
    ),
    "forum thread": page(
        f"<h1>Buses</h1><div id='comments'>{COMMENTS}{COMMENTS}</div>", head=FORUM_LD
    ),
    "nothing to extract": page(""),
}


def tree_of(html: str | bytes) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


@pytest.mark.parametrize("name", list(PAGES))
def test_main_text_is_trafilaturas_text(name: str) -> None:
    tree = tree_of(PAGES[name])
    before = lxml.etree.tostring(tree)
    assert main_text(tree, "https://example.com/a") == bare_text(tree, "https://example.com/a")
    assert lxml.etree.tostring(tree) == before  # the caller's tree is left as it was


def test_the_pages_take_the_branches_they_are_named_for() -> None:
    """Comments pruned, the forum's kept, a short story retried, JSON-LD rescued."""
    texts = {
        name: main_text(tree_of(html), "https://example.com/a") for name, html in PAGES.items()
    }
    assert "Reader 1" not in texts["comment section by id"]
    assert "Reader 1" in texts["forum thread"]
    assert "Next story" not in texts["infinite scroll"]
    assert texts["story only in JSON-LD"].count("transit plan") == 2
    assert texts["nothing to extract"] == ""


@pytest.mark.parametrize("name", list(PAGES))
def test_page_measure_is_html2txts(name: str) -> None:
    tree = tree_of(PAGES[name])
    assert sequence._page_text_length(tree, attribute_text(tree)) == len(html2txt(tree))


VALUES = [
    "comment",
    "Comments",
    "commentary",
    "comment-list",
    "comol",
    "disqus_thread",
    "dsq-comments",
    "post-comments",
    "article-comments",
    "my-comments",
    "infinite-scroll",
    "infinitescroll",
    "mvp-post-add-box",
    "mvp-post-add-wrap",
    "elementor-share-buttons",
    "share",
    "",
]


@pytest.mark.parametrize("tag", ["div", "section", "ol", "ul", "aside", "details", "p"])
def test_prefiltered_prunes_select_what_trafilaturas_select(tag: str) -> None:
    body = "".join(
        f"<{tag} {attr}='{value}'><p>{value} text</p></{tag}>"
        for value in VALUES
        for attr in ("id", "class")
    )
    tree = tree_of(page(body))
    attributes = attribute_text(tree)
    for xpath in (*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH):
        selected = xpath(tree)
        needed = sequence._needed([xpath], attributes)
        assert [fast(tree) for fast in needed] == ([selected] if selected else [[]] * len(needed))
        if selected:
            assert needed  # a prune that selects something is never skipped


def test_a_page_without_matching_values_skips_the_prunes() -> None:
    tree = tree_of(PAGES["plain article"])
    attributes = attribute_text(tree)
    needed = sequence._needed([*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH], attributes)
    assert needed == []


def test_golden_pages_give_trafilaturas_text() -> None:
    for golden in load_golden_pages():
        tree = tree_of(golden.html)
        assert main_text(tree, golden.url) == bare_text(tree, golden.url), golden.id


def test_scrapinghub_pages_give_trafilaturas_text() -> None:
    folder = need(CORPORA / "article-extraction-benchmark")
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth)[::3]:
        tree = tree_of(gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()))
        url = truth[key]["url"]
        assert main_text(tree, url) == bare_text(tree, url), key
