"""The ScrapingHub article-extraction benchmark pages from the shared corpora (read in place,
never copied; skipped when ../shared/corpora is absent): extract_article never crashes on
foreign pages, and what it gives is clean strings and zone-aware dates."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import UTC, datetime

from support.paths import CORPORA, need

from scwatch.core.errors import ExtractionError
from scwatch.core.extract.article import extract_article
from scwatch.core.models import FetchedPage

SCRAPINGHUB = CORPORA / "article-extraction-benchmark"


def scrapinghub_pages() -> Iterator[FetchedPage]:
    truth = json.loads((SCRAPINGHUB / "ground-truth.json").read_text(encoding="utf-8"))
    for key, item in sorted(truth.items()):
        yield FetchedPage(
            source="scrapinghub",
            url=item["url"],
            final_url=item["url"],
            status=200,
            headers={"content-type": "text/html"},
            body=gzip.decompress((SCRAPINGHUB / "html" / f"{key}.html.gz").read_bytes()),
            fetched_at=datetime(2025, 12, 1, tzinfo=UTC),
        )


def test_scrapinghub_pages_extract_without_crashing() -> None:
    need(SCRAPINGHUB)
    extracted = 0
    for page in scrapinghub_pages():
        try:
            article = extract_article(page)
        except ExtractionError:
            continue
        extracted += 1
        for value in (article.title, article.body, article.author, article.canonical_url):
            assert isinstance(value, str) and "\ufffd" not in value, page.url
        for moment in (article.published_at, article.updated_at):
            assert moment is None or moment.tzinfo is not None, page.url
    assert extracted >= 175
