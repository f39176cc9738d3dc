"""Extraction quality and speed: scwatch's extract_article against plain trafilatura.

    PYTHONPATH=. /work/venv/bin/python benchmarks/extraction.py [--repeat 5]

Prints one JSON line. Two sets:
- golden: the Korean golden set (tests/fixtures/pages, 44 pages in 14 CMS layouts), body F1 on
  character bigrams and per-field accuracy (title, author, published, updated, must/must-not);
- korean_pages: the real-page corpus at /work/shared/corpora/korean-news-pages (25 pages
  from 5 outlets), scored per check (title, published to the minute, author, body snippets
  that must and must not be there) on the dev and the test split, skipped when absent;
- scrapinghub: the ScrapingHub article-extraction benchmark (181 mostly English pages) at
  /work/shared/corpora/article-extraction-benchmark, skipped when the folder is absent; body
  F1 on character bigrams and with the upstream metric (token 4-gram shingles, precision
  and recall averaged over pages, F1 of the averages), also on its dev split (even positions
  of the sorted page ids, where rules are tuned) and test split (odd positions).
The baseline is `trafilatura.extract(html)` with its defaults on the same bytes, in the same
run. Speed is pages per CPU second of this one process (one core), after a warm-up pass.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support.golden_set import (  # noqa: E402
    bigram_f1,
    extract_all,
    load_golden_pages,
    score_articles,
)
from support.korean_pages import (  # noqa: E402
    KOREAN_PAGES,
    Extracted,
    failures,
    load_real_pages,
    run,
    score,
)

from scwatch.core.errors import ExtractionError  # noqa: E402
from scwatch.core.extract.article import extract_article  # noqa: E402
from scwatch.core.models import FetchedPage  # noqa: E402
from scwatch.core.text.dates import KST  # noqa: E402

SCRAPINGHUB = Path("/work/shared/corpora/article-extraction-benchmark")
FETCHED_AT = datetime(2025, 12, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Case:
    page: FetchedPage
    truth: str


def timed(
    cases: Sequence[Case], extract: Callable[[FetchedPage], str], repeat: int
) -> tuple[list[str], float]:
    """Bodies from one pass, and pages per CPU second over `repeat` passes after a warm-up."""
    bodies = [extract(case.page) for case in cases]
    started = time.process_time()
    for _ in range(repeat):
        for case in cases:
            extract(case.page)
    seconds = time.process_time() - started
    return bodies, len(cases) * repeat / seconds if seconds else 0.0


def scwatch_body(page: FetchedPage) -> str:
    try:
        return extract_article(page).body
    except ExtractionError:
        return ""


def trafilatura_body(page: FetchedPage) -> str:
    return trafilatura.extract(page.body) or ""


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3)) if tokens)


def shingle_f1(bodies: Sequence[str], truths: Sequence[str]) -> float:
    """The upstream metric: per-page shingle precision (pages with a prediction) and recall
    (pages with a truth), each averaged over pages, then F1 of the two averages."""
    precisions, recalls = [], []
    for body, truth in zip(bodies, truths, strict=True):
        got, want = _shingles(body), _shingles(truth)
        overlap = sum((got & want).values())
        if got == want:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if got:
            precisions.append(overlap / sum(got.values()))
        if want:
            recalls.append(overlap / sum(want.values()))
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def mean_bigram_f1(bodies: Sequence[str], truths: Sequence[str]) -> float:
    return sum(bigram_f1(b, t) for b, t in zip(bodies, truths, strict=True)) / len(truths)


def compare(cases: Sequence[Case], repeat: int, upstream_metric: bool) -> dict[str, object]:
    truths = [case.truth for case in cases]
    figures: dict[str, object] = {"pages": len(cases)}
    for name, extract in (("scwatch", scwatch_body), ("trafilatura", trafilatura_body)):
        bodies, speed = timed(cases, extract, repeat)
        row: dict[str, object] = {
            "body_f1_bigram": round(mean_bigram_f1(bodies, truths), 4),
            "pages_per_cpu_s": round(speed, 1),
        }
        if upstream_metric:
            row["body_f1_shingle"] = round(shingle_f1(bodies, truths), 5)
            # Dev: pages at even positions of the sorted ids (rules are tuned on them); test: odd.
            for split, start in (("dev", 0), ("test", 1)):
                row[f"body_f1_shingle_{split}"] = round(
                    shingle_f1(bodies[start::2], truths[start::2]), 5
                )
        figures[name] = row
    return figures


def scwatch_fields(page: FetchedPage) -> Extracted | None:
    try:
        article = extract_article(page)
    except ExtractionError:
        return None
    return Extracted(article.title, article.author, article.published_at, article.body)


def trafilatura_fields(page: FetchedPage) -> Extracted | None:
    document = trafilatura.bare_extraction(page.body, url=page.url, with_metadata=True)
    if document is None:
        return None
    date = getattr(document, "date", None)
    published = datetime.fromisoformat(date).replace(tzinfo=KST) if date else None
    return Extracted(
        getattr(document, "title", None) or "",
        getattr(document, "author", None) or "",
        published,
        getattr(document, "text", None) or "",
    )


def korean_pages_figures(show_failures: bool) -> dict[str, object]:
    pages = load_real_pages()
    ours = run(pages, scwatch_fields)
    figures: dict[str, object] = {
        "pages": len(pages),
        "scwatch": score(ours),
        "trafilatura": score(run(pages, trafilatura_fields)),
    }
    if show_failures:
        figures["scwatch_failures"] = [line for pair in ours for line in failures(*pair)]
    return figures


def golden_figures(repeat: int) -> dict[str, object]:
    pages = load_golden_pages()
    cases = [Case(page.fetched(), page.body) for page in pages]
    figures = compare(cases, repeat, upstream_metric=False)
    scores = score_articles(extract_all(pages))
    figures["scwatch_fields"] = {k: round(v, 4) for k, v in scores.field_accuracy.items()}
    figures["scwatch_failures"] = scores.failures
    return figures


def scrapinghub_cases(folder: Path) -> list[Case]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    cases = []
    for key, item in sorted(truth.items()):
        body = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        page = FetchedPage(
            source="scrapinghub",
            url=item["url"],
            final_url=item["url"],
            status=200,
            headers={"content-type": "text/html; charset=utf-8"},
            body=body,
            fetched_at=FETCHED_AT,
        )
        cases.append(Case(page, item["articleBody"]))
    return cases


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the golden set")
    parser.add_argument(
        "--failures", action="store_true", help="list the failed checks on the real pages"
    )
    parser.add_argument("--only-korean", action="store_true", help="only the real-page corpus")
    args = parser.parse_args(argv)
    result: dict[str, object] = {"benchmark": "extraction"}
    if KOREAN_PAGES.is_dir():
        result["korean_pages"] = korean_pages_figures(args.failures)
    else:
        result["korean_pages"] = None
    if args.only_korean:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    result["golden"] = golden_figures(args.repeat)
    if SCRAPINGHUB.is_dir():
        result["scrapinghub"] = compare(scrapinghub_cases(SCRAPINGHUB), 1, upstream_metric=True)
    else:
        result["scrapinghub"] = None
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
