"""trafilatura's metadata pass, reduced to the fields scwatch reads
(scwatch.core.extract.fallback): every field it gives is the one trafilatura's
extract_metadata gives, on pages that say little themselves, the golden set and the
ScrapingHub pages; pages with their own title and date skip it."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import lxml.html
import pytest
from support.golden_set import load_golden_pages
from support.paths import CORPORA, need

from scwatch.core.extract import fallback
from scwatch.core.extract.fallback import Extracted, metadata_if_needed
from scwatch.core.extract.profiles import PageMeta, ProfileResult

NOW = datetime(2025, 12, 1, tzinfo=UTC)
STORY = "<p>The port authority opened a new ferry terminal on the island this week.</p>" * 4
PAGES = {
    "title element with a site": "<title>Ferry terminal opens | Harbour Times</title>"
    f"<body><h1>Ferry terminal opens</h1><p class='byline'>By Kim Minji</p>{STORY}"
    "<p>Published 2025-11-20 09:30</p></body>",
    "JSON-LD author and date": "<title>Ferry</title><script type='application/ld+json'>"
    + json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Ferry terminal opens",
            "author": {"@type": "Person", "name": "Lee Jun"},
            "datePublished": "2025-11-19T08:00:00+09:00",
        }
    )
    + f"</script><body>{STORY}</body>",
    "twitter site, canonical link": "<head><meta name='twitter:site' content='@harbour'>"
    "<link rel='canonical' href='https://www.harbour.example/news/1'></head>"
    f"<body><h2>Island ferry</h2>{STORY}<time datetime='2025-11-18'>18 Nov</time></body>",
    "nothing but text": f"<body>{STORY}</body>",
}


def tree_of(html: str | bytes) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def check_same_fields(tree: lxml.html.HtmlElement, url: str) -> None:
    reduced = fallback._steps(tree, url, NOW, author=True, date=True)
    assert reduced == fallback._full_pass(tree, url, NOW)


@pytest.mark.parametrize("name", list(PAGES))
def test_fields_are_extract_metadatas(name: str) -> None:
    check_same_fields(tree_of(PAGES[name]), "https://harbour.example/news/1")


def test_fields_are_found_at_all() -> None:
    found = fallback._steps(tree_of(PAGES["JSON-LD author and date"]), "", NOW, True, True)
    assert (found.author, found.date[:10]) == ("Lee Jun", "2025-11-19")


def test_author_and_date_are_left_out_when_the_page_gives_them() -> None:
    tree = tree_of(PAGES["JSON-LD author and date"])
    profile = ProfileResult(name="generic", author="Park Sora", published=NOW)
    found = metadata_if_needed(tree, "", NOW, profile, PageMeta())
    assert (found.title, found.author, found.date) == ("Ferry terminal opens", "", "")


def test_a_page_with_its_own_title_and_date_skips_the_pass() -> None:
    meta = PageMeta(og_title="Ferry terminal opens", published="2025-11-19")
    found = metadata_if_needed(
        tree_of(PAGES["nothing but text"]), "", NOW, ProfileResult("generic"), meta
    )
    assert found == Extracted()


def test_golden_pages_give_extract_metadatas_fields() -> None:
    for golden in load_golden_pages():
        check_same_fields(tree_of(golden.html), golden.url)


def test_scrapinghub_pages_give_extract_metadatas_fields() -> None:
    folder = need(CORPORA / "article-extraction-benchmark")
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth)[1::4]:
        tree = tree_of(gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()))
        check_same_fields(tree, truth[key]["url"])
