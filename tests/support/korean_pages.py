"""The real-page corpus (../shared/corpora/korean-news-pages): load it, score an extractor.

The pages are read in place, never copied into the project. Shared by
tests/core/extract/test_korean_pages.py and benchmarks/extraction.py. Checks per page, as
the corpus README says: title (exact, whitespace collapsed), published (the same instant at
the truth's precision, minute or second; no truth means no date may be claimed), author
(exact, or the same people when roles and an outlet prefix are set aside; no truth means
no author may be claimed), each must-contain snippet in the body, each must-not-contain
snippet absent. Dev and test split by the page number's parity: odd pages are dev (rules
are tuned on them), even pages test.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scwatch.core.models import FetchedPage
from support.paths import CORPORA

KOREAN_PAGES = CORPORA / "korean-news-pages"
CHECKS = ("title", "published", "author", "must_contain", "must_not_contain")
FETCHED_AT = datetime(2023, 5, 1, tzinfo=UTC)


@dataclass(frozen=True)
class RealPage:
    id: str
    url: str
    title: str
    published: str | None
    author: str | None
    must_contain: tuple[str, ...]
    must_not_contain: tuple[str, ...]
    html: bytes = field(repr=False)

    @property
    def split(self) -> str:
        number = int(re.sub(r"\D", "", self.id.rsplit("-", 1)[-1]) or 0)
        return "dev" if number % 2 else "test"

    def fetched(self) -> FetchedPage:
        return FetchedPage(
            source=self.id.rsplit("-", 1)[0],
            url=self.url,
            final_url=self.url,
            status=200,
            headers={"content-type": "text/html; charset=utf-8"},
            body=self.html,
            fetched_at=FETCHED_AT,
        )


@dataclass(frozen=True)
class Extracted:
    """What an extractor claims about a page (None: the extractor refused it)."""

    title: str = ""
    author: str = ""
    published: datetime | None = None
    body: str = ""


def load_real_pages(folder: Path = KOREAN_PAGES) -> list[RealPage]:
    truth: dict[str, dict[str, Any]] = json.loads((folder / "truth.json").read_text("utf-8"))
    return [_page(folder, key, raw) for key, raw in sorted(truth.items())]


def _page(folder: Path, key: str, raw: dict[str, Any]) -> RealPage:
    return RealPage(
        id=Path(key).stem,
        url=raw["url"],
        title=raw["title"],
        published=raw["published"],
        author=raw["author"],
        must_contain=tuple(raw["body_must_contain"]),
        must_not_contain=tuple(raw["body_must_not_contain"]),
        html=(folder / key).read_bytes(),
    )


def _flat(text: str) -> str:
    return " ".join(html.unescape(text).split())


_ROLE = re.compile(r"\s*(?:기자|특파원|앵커|PD|리포터|통신원|논설위원|선임기자)$")


def _people(author: str) -> set[str]:
    names = set()
    for part in re.split(r"[,·/]", author):
        part = _flat(part.split("=")[-1])
        part = _ROLE.sub("", part).strip()
        if part:
            names.add(part)
    return names


def _same_instant(truth: str | None, got: datetime | None) -> bool:
    if truth is None or got is None:
        return truth is None and got is None
    want = datetime.fromisoformat(truth)
    has_seconds = len(truth.split("T")[1].split("+")[0]) > 5
    got = got.replace(microsecond=0) if has_seconds else got.replace(second=0, microsecond=0)
    return want == got


def check_page(page: RealPage, got: Extracted | None) -> dict[str, list[bool]]:
    """Each check's results: one for title, published and author, one a snippet for the body."""
    got = got or Extracted()
    body = _flat(got.body)
    author_ok = _flat(got.author) == _flat(page.author or "") or (
        bool(page.author) and _people(got.author) == _people(page.author or "")
    )
    return {
        "title": [bool(got.title) and _flat(got.title) == _flat(page.title)],
        "published": [_same_instant(page.published, got.published)],
        "author": [author_ok],
        "must_contain": [_flat(s) in body for s in page.must_contain],
        "must_not_contain": [bool(body) and _flat(s) not in body for s in page.must_not_contain],
    }


def failures(page: RealPage, got: Extracted | None) -> list[str]:
    """What is wrong on the page, for a readable test failure."""
    got = got or Extracted()
    results = check_page(page, got)
    wants = {"title": page.title, "published": page.published, "author": page.author}
    gots = {"title": got.title, "published": got.published, "author": got.author}
    found = [f"{k}: want {wants[k]!r}, got {gots[k]!r}" for k in wants if not results[k][0]]
    found += [
        f"body lacks {s[:50]!r}"
        for s, ok in zip(page.must_contain, results["must_contain"], strict=True)
        if not ok
    ]
    found += [
        f"body has {s[:50]!r}"
        for s, ok in zip(page.must_not_contain, results["must_not_contain"], strict=True)
        if not ok
    ]
    return [f"{page.id}: {line}" for line in found]


def score(pairs: Iterable[tuple[RealPage, Extracted | None]]) -> dict[str, Any]:
    """Per split: the share of checks passed in all and per field, and pages without a body."""
    passed: dict[str, Counter[str]] = {"dev": Counter(), "test": Counter(), "all": Counter()}
    total: dict[str, Counter[str]] = {"dev": Counter(), "test": Counter(), "all": Counter()}
    no_body: Counter[str] = Counter()
    for page, got in pairs:
        for split in (page.split, "all"):
            no_body[split] += not (got and got.body)
            for name, results in check_page(page, got).items():
                passed[split][name] += sum(results)
                total[split][name] += len(results)
    figures: dict[str, Any] = {}
    for split in ("dev", "test", "all"):
        checks = sum(total[split].values())
        row = {"checks": round(sum(passed[split].values()) / checks, 4) if checks else 0.0}
        row.update({name: round(passed[split][name] / total[split][name], 4) for name in CHECKS})
        row["pages_without_body"] = no_body[split]
        figures[split] = row
    return figures


def run(
    pages: list[RealPage], extract: Callable[[FetchedPage], Extracted | None]
) -> list[tuple[RealPage, Extracted | None]]:
    return [(page, extract(page.fetched())) for page in pages]
