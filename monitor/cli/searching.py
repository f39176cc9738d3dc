"""`scwatch search`: the archive search, a page at a time, with highlighted snippets."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from scwatch.cli.common import (
    EXIT_USAGE,
    ConfigOption,
    FormatOption,
    OutputFormat,
    SinceOption,
    console,
    fail,
    open_scwatch,
    print_json_lines,
    shown,
    since_moment,
)
from scwatch.cli.dealopts import CountryOption, KindOption, PartyOption, StatusOption, deal_filter
from scwatch.core.clock import SINCE_FORMS, format_kst
from scwatch.core.views import article_dict

if TYPE_CHECKING:
    from rich.text import Text

    from scwatch.api import SearchHit, SearchPage

_DATE = re.compile(r"\d{4}-\d\d-\d\d")


class SearchOrder(StrEnum):
    newest = "newest"
    relevance = "relevance"


PublishedSinceOption = Annotated[
    str | None,
    typer.Option(
        "--published-since",
        help="Only articles published since then (first seen when the date is unknown): "
        "30d, 2w, 12h or a date (2025-01-01, KST). The same as --from.",
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Only articles published on or after this day (2025-01-01, KST) or moment "
        "(2025-01-01T09:00); first-seen time when the publication time is unknown.",
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to", help="Only articles published up to this day, included (2025-01-31, KST)."
    ),
]


QueryArgument = Annotated[
    str, typer.Argument(help="What to find, in the rule language: '스마트시티 수출 NOT 채용'.")
]
SourceOption = Annotated[str | None, typer.Option("--source", help="Only this source slug.")]
RuleOption = Annotated[
    str | None, typer.Option("--rule", help="Only articles that matched this rule.")
]
StoryOption = Annotated[int | None, typer.Option("--story", help="Only this story's articles.")]
OrderOption = Annotated[
    SearchOrder, typer.Option("--order", help="newest (publication time) or relevance.")
]
ExpandOption = Annotated[
    bool, typer.Option("--expand", help="Every matching article, not one per story.")
]
LimitOption = Annotated[int, typer.Option("--limit", min=1, max=1000, help="Hits per page.")]
OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="Skip this many hits.")]


def search(
    query: QueryArgument,
    since: SinceOption = None,
    published_since: PublishedSinceOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    source: SourceOption = None,
    rule: RuleOption = None,
    story: StoryOption = None,
    kinds: KindOption = None,
    statuses: StatusOption = None,
    country: CountryOption = None,
    party: PartyOption = None,
    order: OrderOption = SearchOrder.newest,
    expand: ExpandOption = False,
    limit: LimitOption = 20,
    offset: OffsetOption = 0,
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Search stored articles, one hit per story (its newest matching copy; --expand lists
    every article), with a snippet around the words found. Words are ANDed; OR, NOT,
    "phrases", title:, body:, source: and @alias work as in rules. Spacing and particles do
    not matter, and a word is found inside longer ones: 수출 finds 수출상담회.

    Example: scwatch search "스마트시티 수출" --from 2025-01-01 --order relevance
    """
    moments = _windows(since, published_since, date_from, date_to)
    chosen = deal_filter(kinds, statuses, country, party)
    with open_scwatch(config) as scwatch:
        page = scwatch.find(
            query, source=source, rule=rule, story=story, deal=chosen, order=order.value,
            limit=limit, offset=offset, collapse=not expand, **moments,
        )  # fmt: skip
    if output is OutputFormat.json:
        print_json_lines(hit_dict(hit, page) for hit in page.hits)
    else:
        print_page(page, expand)
    if not page.hits:
        raise typer.Exit(1)  # nothing found, in either format (docs/cli.md)


def _windows(
    since: str | None, published_since: str | None, date_from: str | None, date_to: str | None
) -> dict[str, Any]:
    """The time filters of find(): first seen since, published from and to."""
    if published_since and date_from:
        raise fail("--published-since and --from say the same thing: give one", EXIT_USAGE)
    return {
        "since": since_moment(since),
        "date_from": _day_or_moment(date_from, "--from")
        or since_moment(published_since, "--published-since"),
        "date_to": _day_or_moment(date_to, "--to"),
    }


def _day_or_moment(value: str | None, option: str) -> date | datetime | None:
    """A day (2025-01-01: the whole day in KST) or a moment (30d, 2025-01-01T09:00)."""
    if not value:
        return None
    text = value.strip()
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise fail(f"{option}: expected {SINCE_FORMS}; got {value!r}", EXIT_USAGE) from None
    return since_moment(text, option)


def hit_dict(hit: SearchHit, page: SearchPage) -> dict[str, Any]:
    """One hit for scripts: the article's fields, the snippet and its highlighted ranges,
    `story_matches` (matching articles of its story), `copies` (those besides this one)
    and the whole result's size (`total_exact` false: estimated, a very frequent word)."""
    return {
        **article_dict(hit.article),
        "snippet": hit.snippet,
        "highlights": [list(span) for span in hit.highlights],
        "story_matches": hit.copies,
        "copies": hit.copies - 1,
        "total": page.total,
        "total_exact": page.total_exact,
        "order": page.order,
        "offset": page.offset,
    }


def print_page(page: SearchPage, expand: bool) -> None:
    from rich.text import Text

    what = "articles" if expand else "stories"
    if not page.hits:
        beyond = f" from offset {page.offset} (total {page.total})" if page.total else ""
        console.print(f"{what.capitalize()} matching {shown(page.query)!r}: none{beyond}")
        return
    for number, hit in enumerate(page.hits, start=page.offset + 1):
        console.print(_heading(number, hit))
        console.print(Text("   ") + _highlighted(hit.snippet, hit.highlights))
        # One unbroken line, so the URL can be copied or clicked.
        console.print(Text("   " + shown(hit.article.url), style="cyan"), soft_wrap=True)
    first, last = page.offset + 1, page.offset + len(page.hits)
    about = "" if page.total_exact else "about "
    footer = f"showing {first}-{last} of {about}{page.total:,} {what} ({page.order} first)"
    if last < page.total:
        footer += f"; next page: --offset {last}"
    console.print(Text(footer, style="dim"))


def _heading(number: int, hit: SearchHit) -> Text:
    from rich.text import Text

    article = hit.article
    when = format_kst(article.published_at or article.first_seen_at)
    story = f" · story {hit.story_id}" if hit.story_id is not None else ""
    copies = f" · {hit.copies} matching copies" if hit.copies > 1 else ""
    heading = Text(f"{number:>2}. ") + Text(shown(article.title), style="bold")
    return heading + Text(
        f"  [{article.id}{story} · {when} · {shown(article.source)}{copies}]", style="dim"
    )


def _highlighted(snippet: str, ranges: tuple[tuple[int, int], ...]) -> Text:
    """The snippet with its ranges highlighted; each piece shown() on its own, so an
    escaped control character never shifts a range."""
    from rich.text import Text

    text = Text()
    cursor = 0
    for start, end in ranges:
        text.append(shown(snippet[cursor:start]))
        text.append(shown(snippet[start:end]), style="bold yellow")
        cursor = end
    text.append(shown(snippet[cursor:]))
    return text
