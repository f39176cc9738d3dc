"""`scwatch extract`: run the production extraction on one page, saved or fetched.

The tool to reach for when an outlet extracts badly: it shows which layout profile was
used and what came out (title, author, published and updated in KST, body).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from scwatch.cli.common import (
    ConfigOption,
    FormatOption,
    OutputFormat,
    console,
    fail,
    open_scwatch,
    print_json_lines,
    shown,
    styled,
)
from scwatch.core.clock import format_kst, to_kst
from scwatch.core.errors import ExtractionError

if TYPE_CHECKING:
    from scwatch.core.models import Article


def _as_dict(article: Article, layout: str) -> dict[str, object]:
    published, updated = to_kst(article.published_at), to_kst(article.updated_at)
    return {
        "title": article.title,
        "author": article.author,
        "published": published.isoformat() if published else None,
        "updated": updated.isoformat() if updated else None,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "layout": layout,
        "extractor_version": article.extractor_version,
        "body": article.body,
    }


def _print_article(article: Article, layout: str) -> None:
    rows = [
        ("title", article.title),
        ("author", article.author or "(none found)"),
        ("published", format_kst(article.published_at) or "(none found)"),
        ("updated", format_kst(article.updated_at) or "(none)"),
        ("url", article.canonical_url),
        ("layout", layout),
    ]
    for name, value in rows:
        console.print(styled(f"{name:<10} ", "bold") + styled(shown(value)), soft_wrap=True)
    console.print()
    console.print(shown(article.body), markup=False, soft_wrap=True)


def extract(
    target: Annotated[str, typer.Argument(help="A saved page (file path) or an http(s) URL.")],
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="The saved page's original URL: picks the site profile and the canonical URL.",
        ),
    ] = None,
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Extract one article as the crawler would, to see why an outlet extracts badly.

    A URL is fetched with the crawler's User-Agent, timeout and max_page_bytes cap. Exits 1
    with the reason when the page is not an article (soft 404, too short, not HTML).

    Example: scwatch extract saved.html --url https://www.yna.co.kr/view/AKR20250407051200003
    """
    with open_scwatch(config) as scwatch:
        try:
            found = scwatch.extract(target, url=url)
        except ExtractionError as error:
            raise fail(f"not extracted: {error}") from None
    article, layout = found.article, found.layout
    if output is OutputFormat.json:
        print_json_lines([_as_dict(article, layout)])
        return
    _print_article(article, layout)
