"""Stories: `show` (an article and its story), `stories show|merge|split`."""

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
    print_table,
    shown,
    styled,
)
from scwatch.core.clock import format_kst
from scwatch.core.views import alert_dict, article_dict, deal_dict, deal_record_dict, iso

if TYPE_CHECKING:
    from scwatch.api import ArticleDetail, StoryDetail
    from scwatch.core.records import ArticleRecord

stories_app = typer.Typer(
    help="Stories: every copy and rewrite of one news event, and hand fixes of the grouping.",
    no_args_is_help=True,
)

MEMBER_COLUMNS = ["id", "role", "join", "score", "outlet", "published", "title"]


def show(
    article_id: Annotated[int, typer.Argument(help="Article id (from search or the demo table).")],
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Show one article: body, deals, the rules it matched and its story (original, copies
    and rewrites with outlet, time, how each joined and the score).

    Example: scwatch show 3
    """
    with open_scwatch(config) as scwatch:
        detail = scwatch.article(article_id)
    if detail is None:
        raise fail(f"no article with id {article_id}")
    if output is OutputFormat.json:
        print_json_lines([_article_json(detail)])
        return
    _print_article(detail)


def _article_json(detail: ArticleDetail) -> dict[str, object]:
    row = article_dict(detail.article, with_body=True)
    row["sightings"] = [{"source": s.source, "url": s.url} for s in detail.sightings]
    row["matches"] = [{"rule": m.rule, "evidence": m.evidence} for m in detail.matches]
    row["deals"] = [deal_dict(d.deal) for d in detail.deals]
    row["story"] = story_dict(detail.story) if detail.story else None
    return row


def _print_article(detail: ArticleDetail) -> None:
    article = detail.article
    console.print(styled(shown(article.title), "bold"))
    byline = f"{article.source} · {article.author} · {format_kst(article.published_at)}"
    console.print(shown(byline))
    console.print(shown(article.url), style="blue")
    for sighting in detail.sightings:
        console.print(shown(f"also in {sighting.source}: {sighting.url}"))
    for record in detail.deals:
        console.print(styled("deal: ", "cyan") + styled(shown(deal_dict(record.deal)["line"])))
    for match in detail.matches:
        why = " / ".join(str(e.get("sentence", "")) for e in match.evidence)
        console.print(styled(f"matched {match.rule}: ", "green") + styled(shown(why)))
    if detail.story is not None and len(detail.story.members) > 1:
        _print_members(detail.story, highlight=article.id)
    console.print()
    console.print(shown(article.body))


def _print_members(story: StoryDetail, highlight: int | None = None) -> None:
    outlets = len(story.outlets)
    title = f"Story {story.story.id}: {len(story.members)} articles, {outlets} outlets"
    rows = [story_member_row(story, member, highlight) for member in story.members]
    print_table(title, MEMBER_COLUMNS, rows)


def story_dict(story: StoryDetail) -> dict[str, object]:
    """A story for scripts: its record, members (original first), outlets, deals, alerts."""
    record = story.story
    return {
        "story_id": record.id,
        "original_article_id": record.original_article_id,
        "size": len(story.members),
        "first_seen_at": iso(record.first_seen_at),
        "last_seen_at": iso(record.last_seen_at),
        "outlets": story.outlets,
        "members": [
            {**article_dict(m), "story_score": m.story_score} for m in story.members
        ],
        "deals": [deal_record_dict(d) for d in story.deals],
        "alerts": [alert_dict(a) for a in story.alerts],
    }


def story_member_row(
    story: StoryDetail, member: ArticleRecord, highlight: int | None = None
) -> list[str]:
    role = "original" if member.id == story.story.original_article_id else "member"
    score = "" if member.story_score is None else f"{member.story_score:.2f}"
    marker = "▶ " if member.id == highlight else ""
    return [
        f"{marker}{member.id}",
        role,
        member.story_join or "",
        score,
        member.source,
        format_kst(member.published_at or member.first_seen_at),
        member.title,
    ]


def stories_show(
    story_id: Annotated[int, typer.Argument(help="Story id (the story_id of search or show).")],
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Show one story: original, copies and rewrites, outlets, deals and alerts.

    Example: scwatch stories show 4
    """
    with open_scwatch(config) as scwatch:
        story = scwatch.story(story_id)
    if story is None:
        raise fail(f"no story with id {story_id}")
    _print_story(story, output)


def _print_story(story: StoryDetail, output: OutputFormat) -> None:
    if output is OutputFormat.json:
        print_json_lines([story_dict(story)])
        return
    _print_members(story)
    for record in story.deals:
        console.print(styled("deal: ", "cyan") + styled(shown(deal_dict(record.deal)["line"])))
    for alert in story.alerts:
        console.print(shown(f"alert {alert.id}: {alert.rule} → {alert.channel} ({alert.status})"))


def stories_merge(
    keep: Annotated[int, typer.Argument(help="The story that stays.")],
    other: Annotated[int, typer.Argument(help="The story whose articles move into KEEP.")],
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Merge two stories the grouping kept apart; the fix survives re-crawls.

    Example: scwatch stories merge 4 9
    """
    with open_scwatch(config) as scwatch:
        story = scwatch.merge_stories(keep, other)
    _print_story(story, output)


def stories_split(
    article_id: Annotated[int, typer.Argument(help="The article to take out of its story.")],
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Take an article out of a story it was wrongly grouped into; it gets its own story.

    Example: scwatch stories split 17
    """
    with open_scwatch(config) as scwatch:
        story = scwatch.split_article(article_id)
    _print_story(story, output)


stories_app.command("show")(stories_show)
stories_app.command("merge")(stories_merge)
stories_app.command("split")(stories_split)
