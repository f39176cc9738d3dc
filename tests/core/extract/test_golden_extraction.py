"""Golden extraction: every article page of the demo web, fetched from the running server.

Expectations live in expected.json, written once from the story data and reviewed by hand.
A failure lists each field that differs (page, field, expected, got).
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from support.golden_demo import EXPECTED, case_id

from scwatch.core.extract.article import extract_article
from scwatch.core.models import Article, FetchedPage
from scwatch.demo.web import DemoWeb, start_demo_web

# After every story's date, so no date on a page is "in the future".
FETCHED_AT = datetime(2025, 12, 1, 0, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def web() -> Iterator[DemoWeb]:
    with start_demo_web() as running:
        yield running


def fetch_page(web: DemoWeb, case: dict[str, Any]) -> FetchedPage:
    url = web.base_url + case["path"]
    with urllib.request.urlopen(url, timeout=10) as response:
        return FetchedPage(
            source=case["source"],
            url=url,
            final_url=response.geturl(),
            status=response.status,
            headers=dict(response.headers.items()),
            body=response.read(),
            fetched_at=FETCHED_AT,
        )


def _flat(text: str) -> str:
    return " ".join(text.split())


def _person(author: str) -> str:
    """The reporter's name: the job title 기자 after it is accepted, not required."""
    return author.strip().removesuffix("기자").strip()


def differences(case: dict[str, Any], article: Article) -> list[str]:
    found: list[str] = []
    if article.title != case["title"]:
        found.append(f"title: expected {case['title']!r}, got {article.title!r}")
    if _person(article.author) != case["author"]:
        found.append(f"author: expected {case['author']!r}, got {article.author!r}")
    published = datetime.fromisoformat(case["published"])
    if article.published_at != published:
        got = article.published_at.isoformat() if article.published_at else None
        found.append(f"published: expected {published.isoformat()}, got {got}")
    body = _flat(article.body)
    found += [f"body lacks {s!r}" for s in case["must_contain"] if _flat(s) not in body]
    found += [f"body has boilerplate {s!r}" for s in case["must_not_contain"] if s in body]
    return found


@pytest.mark.parametrize("case", EXPECTED, ids=case_id)
def test_extracts_title_author_date_and_clean_body(web: DemoWeb, case: dict[str, Any]) -> None:
    article = extract_article(fetch_page(web, case))
    problems = differences(case, article)
    assert not problems, f"{case['path']}:\n  " + "\n  ".join(problems)


def test_wire_story_extracts_to_one_content_key_on_both_outlets(web: DemoWeb) -> None:
    copies = [case for case in EXPECTED if case["story"].startswith("wire-")]
    assert {case["source"] for case in copies} == {"gukje", "hanbit"}
    articles = [extract_article(fetch_page(web, case)) for case in copies]
    assert len({article.url_key for article in articles}) == 2
    assert len({article.content_key for article in articles}) == 1, [
        article.body for article in articles
    ]
