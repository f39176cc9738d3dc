"""The real-page corpus (../shared/corpora/korean-news-pages, 25 pages from 5 outlets, read
in place and never copied; skipped when absent): no page without a body, and the share of
title, date, author and body checks above the floor on the dev and the test split."""

from __future__ import annotations

from support.korean_pages import (
    KOREAN_PAGES,
    Extracted,
    failures,
    load_real_pages,
    run,
    score,
)
from support.paths import need

from scwatch.core.errors import ExtractionError
from scwatch.core.extract.article import extract_article
from scwatch.core.models import FetchedPage

CHECKS_FLOOR = 0.97


def scwatch_fields(page: FetchedPage) -> Extracted | None:
    try:
        article = extract_article(page)
    except ExtractionError:
        return None
    return Extracted(article.title, article.author, article.published_at, article.body)


def test_real_pages_pass_the_checks_on_both_splits() -> None:
    need(KOREAN_PAGES)
    results = run(load_real_pages(), scwatch_fields)
    figures = score(results)
    report = "\n".join(line for pair in results for line in failures(*pair))
    assert figures["all"]["pages_without_body"] == 0, report
    for split in ("dev", "test"):
        assert figures[split]["checks"] >= CHECKS_FLOOR, f"{figures[split]}\n{report}"
    for name in ("title", "published", "must_contain", "must_not_contain"):
        assert figures["all"][name] >= CHECKS_FLOOR, f"{figures['all']}\n{report}"
