"""Alerts per story, end to end: the labelled stories ingested through the real ingest path.

Run from the project root:  PYTHONPATH=. python benchmarks/alerts.py [--split test]

Every version of the labelled story set (tests/fixtures/labelled/stories/*.jsonl) is
ingested in published order by `scwatch.services.ingest.Ingestor` into a fresh SQLite
file with the default rules and one channel, as a crawl would. For each labelled story
and rule it counts the alerts queued: one is right, more are repeats (the failure the
stories issue names). Updates ("<rule>/update", at most one a story) are counted apart.
The story labels say nothing about deals, so whether an alert should have fired at all
is measured by tests/core/deals/test_deal_quality.py, not here. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from scwatch.core.models import Article, Channel
from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, compile_rules
from scwatch.core.text.keys import content_key, url_key
from scwatch.core.text.urls import canonical_url
from scwatch.services.ingest import Ingestor
from scwatch.storage import open_database, outbox

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "fixtures" / "labelled" / "stories"


def versions(split: str) -> list[dict[str, Any]]:
    rows = [
        json.loads(line)
        for path in sorted(LABELLED.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    chosen = [row for row in rows if split == "all" or row["split"] == split]
    return sorted(chosen, key=lambda row: row["published"])


def article_of(row: dict[str, Any]) -> Article:
    url = f"https://{row['outlet'].replace(' ', '')}.example/news/{row['id']}"
    published = datetime.fromisoformat(row["published"])
    return Article(
        source=row["outlet"],
        url=url,
        canonical_url=canonical_url(url),
        url_key=url_key(url),
        title=row["title"],
        body=row["body"],
        content_key=content_key(row["title"], row["body"]),
        first_seen_at=published,
        published_at=published,
    )


def measure(split: str) -> dict[str, object]:
    rows = versions(split)
    with tempfile.TemporaryDirectory() as workdir:
        db = open_database(f"sqlite:///{workdir}/alerts.db")
        rules = [replace(rule, channels=("desk",)) for rule in DEFAULT_RULES]
        channels = {"desk": Channel("desk", "console", {})}
        ingestor = Ingestor(db, compile_rules(rules, DEFAULT_ALIASES), rules, channels)
        story_of = {}
        for row in rows:
            result = ingestor.ingest(article_of(row))
            story_of[result.article_id] = row["story"]
        with db.read() as conn:
            queued = outbox.list_alerts(conn, limit=100_000)
        db.dispose()
    return tally(rows, queued, story_of)


def tally(
    rows: list[dict[str, Any]], queued: list[outbox.AlertRecord], story_of: dict[int, str]
) -> dict[str, object]:
    firsts = Counter((story_of[a.article_id], a.rule) for a in queued if "/" not in a.rule)
    updates = sum(1 for a in queued if a.rule.endswith("/update"))
    alerted_stories = {story for story, _ in firsts}
    repeats = sum(count - 1 for count in firsts.values())
    return {
        "versions": len(rows),
        "stories": len({row["story"] for row in rows}),
        "stories_alerted": len(alerted_stories),
        "alerts": sum(firsts.values()),
        "repeats": repeats,
        "updates": updates,
        "alerts_per_alerted_story_rule": round(sum(firsts.values()) / max(len(firsts), 1), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    args = parser.parse_args()
    print(json.dumps({"benchmark": "alerts", "split": args.split, **measure(args.split)}))


if __name__ == "__main__":
    main()
