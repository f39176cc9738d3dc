"""`scwatch deals` (the deals table as CSV or JSON Lines) and `scwatch explain`."""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from scwatch.cli.common import (
    ConfigOption,
    FormatOption,
    OutputFormat,
    SinceOption,
    console,
    open_scwatch,
    print_json_lines,
    print_table,
    shown,
    since_moment,
    styled,
)
from scwatch.cli.dealopts import (
    CountryOption,
    KindOption,
    PartyOption,
    StatusOption,
    deal_filter,
)
from scwatch.core.formats.exports import BOM, defused
from scwatch.core.views import deal_dict, deal_record_dict, deal_record_row

if TYPE_CHECKING:
    from scwatch.api import Explanation


class DealsFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    json = "json"  # the same as jsonl, like every other command


DEAL_COLUMNS = [
    "deal_id", "article_id", "story_id", "main", "kind", "status", "status_cue", "line",
    "parties", "country", "city", "amount", "amount_currency", "amount_krw", "event",
    "project", "on", "smartcity", "title", "url", "source", "published_at", "first_seen_at",
]  # fmt: skip
TABLE_COLUMNS = ["article", "story", "kind", "status", "parties", "place", "amount", "title"]


def deals(
    since: SinceOption = None,
    kinds: KindOption = None,
    statuses: StatusOption = None,
    country: CountryOption = None,
    party: PartyOption = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1)] = None,
    output: Annotated[DealsFormat, typer.Option("--format", "-f")] = DealsFormat.table,
    config: ConfigOption = None,
) -> None:
    """The deals found in stored articles: kind, status, parties, place, amount, event.
    CSV opens in Excel with Korean intact (UTF-8 with BOM).

    Example: scwatch deals --deal export --status done --format csv > deals.csv
    """
    since_at = since_moment(since)
    chosen = deal_filter(kinds, statuses, country, party)
    with open_scwatch(config) as scwatch:
        found = scwatch.deals(since=since_at, deal=chosen, limit=limit)
        if output is DealsFormat.table:
            print_table("Deals", TABLE_COLUMNS, (deal_record_row(d) for d in found))
        elif output is DealsFormat.csv:
            _write_csv(deal_record_dict(d) for d in found)
        else:
            print_json_lines(deal_record_dict(d) for d in found)


def _write_csv(rows: Any) -> None:
    """UTF-8 with a BOM (Excel reads UTF-8 only after one); text that would start a formula
    is defused, as in `scwatch export`."""
    sys.stdout.write(BOM)
    writer = csv.DictWriter(sys.stdout, fieldnames=DEAL_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        parties = "; ".join(p["name"] for p in row["parties"])
        cells = {**row, "parties": parties}
        writer.writerow({k: defused(v) if isinstance(v, str) else v for k, v in cells.items()})


def explain(
    target: Annotated[
        str, typer.Argument(help="A stored article id or URL, any http(s) URL, or a saved page.")
    ],
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Why an article did or did not alert: each rule with the sentences it saw, the deals
    found with their status and the words that decided it, and the alerts sent.

    Example: scwatch explain 12
    """
    with open_scwatch(config) as scwatch:
        found = scwatch.explain(int(target) if target.isdigit() else target)
    if output is OutputFormat.json:
        print_json_lines([explanation_dict(found)])
        return
    _print_explanation(found)


def explanation_dict(found: Explanation) -> dict[str, object]:
    return {
        "article_id": found.article_id,
        "story_id": found.story_id,
        "title": found.article.title,
        "url": found.article.url,
        "deals": [deal_dict(deal) for deal in found.deals],
        "rules": [
            {
                "rule": verdict.rule,
                "query": verdict.query,
                "fired": verdict.fired,
                "sentences": [e.marked() for e in verdict.evidence],
            }
            for verdict in found.rules
        ],
        "alerts": [
            {"id": a.id, "rule": a.rule, "channel": a.channel, "status": a.status}
            for a in found.alerts
        ],
    }


def _print_explanation(found: Explanation) -> None:
    where = f"article {found.article_id}" if found.article_id else "not stored"
    console.print(styled(shown(found.article.title), "bold") + styled(f"  ({where})"))
    if not found.deals:
        console.print("deals: none found")
    for deal in found.deals:
        row = deal_dict(deal)
        cue = f' — decided by "{deal.status_cue}"' if deal.status_cue else ""
        console.print(styled("deal: ", "cyan") + styled(shown(row["line"] + cue)))
    for verdict in found.rules:
        mark, style = ("fired", "green") if verdict.fired else ("did not fire", "yellow")
        rule = styled(f"{verdict.rule}: {mark}", style)
        console.print(rule + styled(shown(f"  [{verdict.query}]")))
        for evidence in verdict.evidence:
            console.print(shown(f"  {evidence.field}: {evidence.marked()}"))
    for alert in found.alerts:
        console.print(shown(f"alert {alert.id}: {alert.rule} → {alert.channel} ({alert.status})"))
