"""Sources managed without editing TOML by hand: sources add, remove, enable, disable.
The file keeps its comments and layout; a change that would not load is refused."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from scwatch.cli.common import ConfigOption, console, open_scwatch


class Kind(StrEnum):
    rss = "rss"
    listing = "listing"
    sitemap = "sitemap"
    naver = "naver"
    google_news = "google_news"


def sources_add(
    slug: Annotated[str, typer.Argument(help="Short name: lower case, digits, - and _.")],
    url: Annotated[str, typer.Argument(help="Feed, list page or sitemap URL.")] = "",
    kind: Annotated[Kind, typer.Option("--kind", "-k", help="What the URL is.")] = Kind.rss,
    name: Annotated[str, typer.Option(help="Display name (default: the slug).")] = "",
    interval: Annotated[str, typer.Option(help="How often to crawl: 30m, 2h, 1d.")] = "",
    selector: Annotated[
        str, typer.Option("--selector", help="listing: CSS of the article links.")
    ] = "",
    next_selector: Annotated[
        str, typer.Option("--next-selector", help="listing: CSS of the next-page link.")
    ] = "",
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1, max=50)] = None,
    allow_pattern: Annotated[
        str, typer.Option("--allow-pattern", help="Only article URLs matching this regex.")
    ] = "",
    query: Annotated[str, typer.Option(help="naver, google_news: the search words.")] = "",
    config: ConfigOption = None,
) -> None:
    """Add a source to scwatch.toml (comments and layout kept; checked before writing).

    Example: scwatch sources add etnews https://rss.etnews.com/Section901.xml
    """
    options = {
        "name": name,
        "interval": interval,
        "link_selector": selector,
        "next_selector": next_selector,
        "max_pages": max_pages,
        "allow_pattern": allow_pattern,
        "query": query,
    }
    with open_scwatch(config) as scwatch:
        source = scwatch.add_source(slug, url, kind=kind.value, **options)
        path = scwatch.config.path
    console.print(f"added {source.slug} ({source.kind}, {source.url}) to {path}")


def sources_remove(
    slug: Annotated[str, typer.Argument(help="The source's slug.")],
    config: ConfigOption = None,
) -> None:
    """Remove a source from scwatch.toml (what it stored stays in the database).

    Example: scwatch sources remove busan
    """
    with open_scwatch(config) as scwatch:
        scwatch.remove_source(slug)
        path = scwatch.config.path
    console.print(f"removed {slug} from {path}")


def sources_enable(
    slug: Annotated[str, typer.Argument(help="The source's slug.")],
    config: ConfigOption = None,
) -> None:
    """Switch a source on in scwatch.toml.

    Example: scwatch sources enable molit-board
    """
    with open_scwatch(config) as scwatch:
        scwatch.enable_source(slug)
    console.print(f"{slug} enabled")


def sources_disable(
    slug: Annotated[str, typer.Argument(help="The source's slug.")],
    config: ConfigOption = None,
) -> None:
    """Switch a source off in scwatch.toml (kept in the file, not crawled).

    Example: scwatch sources disable busan
    """
    with open_scwatch(config) as scwatch:
        scwatch.disable_source(slug)
    console.print(f"{slug} disabled")
