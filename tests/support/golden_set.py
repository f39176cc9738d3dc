"""The golden extraction set (tests/fixtures/pages): load it, run an extractor, score it.

Shared by the quality-gate test and benchmarks/extraction.py. Scores: per-field accuracy
(title, author, published, updated, must-contain, must-not-contain) and body F1 on
character bigrams of the whitespace-free text (Korean has no reliable word boundaries).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scwatch.core.errors import ExtractionError
from scwatch.core.extract.article import extract_article
from scwatch.core.models import Article, FetchedPage
from support.paths import PAGES_DIR

FIELDS = ("title", "author", "published", "updated", "must_contain", "must_not_contain")


@dataclass(frozen=True)
class GoldenPage:
    id: str
    layout: str
    url: str
    content_type: str
    fetched_at: datetime
    title: str
    author: str
    published: datetime
    updated: datetime | None
    must_contain: tuple[str, ...]
    must_not_contain: tuple[str, ...]
    body: str
    html: bytes = field(repr=False)

    def fetched(self, url: str | None = None) -> FetchedPage:
        return FetchedPage(
            source=self.layout,
            url=url or self.url,
            final_url=url or self.url,
            status=200,
            headers={"content-type": self.content_type},
            body=self.html,
            fetched_at=self.fetched_at,
        )


def load_golden_pages() -> list[GoldenPage]:
    data = tomllib.loads((PAGES_DIR / "expected.toml").read_text(encoding="utf-8"))
    return [_page(raw) for raw in data["page"]]


def _page(raw: dict[str, Any]) -> GoldenPage:
    return GoldenPage(
        id=raw["id"],
        layout=raw["layout"],
        url=raw["url"],
        content_type=raw["content_type"],
        fetched_at=datetime.fromisoformat(raw["fetched_at"]),
        title=raw["title"],
        author=raw["author"],
        published=datetime.fromisoformat(raw["published"]),
        updated=datetime.fromisoformat(raw["updated"]) if raw["updated"] else None,
        must_contain=tuple(raw["must_contain"]),
        must_not_contain=tuple(raw["must_not_contain"]),
        body=raw["body"],
        html=(PAGES_DIR / "html" / f"{raw['id']}.html").read_bytes(),
    )


def _bigrams(text: str) -> Counter[str]:
    squeezed = "".join(text.split())
    return Counter(squeezed[i : i + 2] for i in range(len(squeezed) - 1))


def bigram_f1(predicted: str, truth: str) -> float:
    """F1 of the character-bigram multisets of two texts, whitespace ignored."""
    got, want = _bigrams(predicted), _bigrams(truth)
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _flat(text: str) -> str:
    return " ".join(text.split())


def field_results(page: GoldenPage, article: Article) -> dict[str, bool]:
    """Which fields of the article are right."""
    body = _flat(article.body)
    updated_ok = article.updated_at == page.updated or (
        page.updated is None and article.updated_at in (None, page.published)
    )
    return {
        "title": _flat(article.title) == _flat(page.title),
        "author": article.author == page.author,
        "published": article.published_at == page.published,
        "updated": updated_ok,
        "must_contain": all(_flat(s) in body for s in page.must_contain),
        "must_not_contain": not any(s in article.body for s in page.must_not_contain),
    }


def differences(page: GoldenPage, article: Article) -> list[str]:
    """What is wrong, field by field, for a readable test failure."""
    found = []
    results = field_results(page, article)
    pairs = {
        "title": (page.title, article.title),
        "author": (page.author, article.author),
        "published": (page.published, article.published_at),
        "updated": (page.updated, article.updated_at),
    }
    for name, (want, got) in pairs.items():
        if not results[name]:
            found.append(f"{name}: expected {want!r}, got {got!r}")
    body = _flat(article.body)
    found += [f"body lacks {s[:40]!r}" for s in page.must_contain if _flat(s) not in body]
    found += [f"body has {s!r}" for s in page.must_not_contain if s in article.body]
    return found


@dataclass(frozen=True)
class Scores:
    pages: int
    failures: int
    field_accuracy: dict[str, float]
    body_f1: float


def score_articles(pairs: Iterable[tuple[GoldenPage, Article | None]]) -> Scores:
    counts: Counter[str] = Counter()
    f1_total, pages, failures = 0.0, 0, 0
    for page, article in pairs:
        pages += 1
        if article is None:
            failures += 1
            continue
        counts.update(name for name, ok in field_results(page, article).items() if ok)
        f1_total += bigram_f1(article.body, page.body)
    accuracy = {name: counts[name] / pages if pages else 0.0 for name in FIELDS}
    return Scores(pages, failures, accuracy, f1_total / pages if pages else 0.0)


def extract_all(
    pages: list[GoldenPage], extract: Callable[[FetchedPage], Article] = extract_article
) -> list[tuple[GoldenPage, Article | None]]:
    results: list[tuple[GoldenPage, Article | None]] = []
    for page in pages:
        try:
            results.append((page, extract(page.fetched())))
        except ExtractionError:
            results.append((page, None))
    return results
