"""Story grouping on the labelled set (tests/fixtures/labelled/stories/*.jsonl): every
version fed through facts_of + decide, in published order and once shuffled; pairwise
precision and recall of the grouping. The candidates are chosen as ingest chooses them
(scwatch.core.stories.candidates: the band and key matches, capped, most shared first),
from an in-memory index of the band rows and lookup keys ingest would have stored.

Thresholds were tuned on the dev split only; the floors on the test split sit a little
below the measured figures (docs/stories.md)."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from scwatch.core.deals import extract_deals
from scwatch.core.stories import WINDOW, decide, facts_of
from scwatch.core.stories.candidates import CandidateIndex, search_window
from scwatch.core.stories.codec import StoryState, grown, state_of
from scwatch.core.stories.signature import story_keys

LABELLED = Path(__file__).resolve().parents[2] / "fixtures" / "labelled" / "stories"
# (precision, recall) floors, a little below the figures measured when they were set
# (docs/stories.md, round eight: a to h together, h.jsonl new on the dev side, a batch of
# look-alikes; ingest's candidate selection); the goals are 0.98 / 0.90: met on dev in
# published order, not on test (precision 0.954, recall 0.850; round seven measured
# 0.941 / 0.874 there; which test pairs moved was not looked at).
FLOORS = {
    ("dev", "published"): (0.99, 0.98),  # measured 1.000 / 0.988
    ("dev", "shuffled"): (0.955, 0.94),  # 0.965 / 0.952
    ("test", "published"): (0.945, 0.84),  # 0.954 / 0.850
    ("test", "shuffled"): (0.89, 0.885),  # 0.901 / 0.895
}
# Share of look-alike twin pairs (same parties, another event) put in one story.
# Measured 0.014 (12 of 859 with h.jsonl, round eight); 0.028 (22 of 790 with f.jsonl and
# g.jsonl, round seven; 0.024, 16 of 664 with e.jsonl; 0.026, 16 of 622, without it; 35 before round five, when a follow-up event in
# the same city named by the same ministry, the 타슈켄트 MOU and then the 타슈켄트 BRT
# study, still shared a story: event days now tell them apart)
MAX_TWIN_PAIRS_MERGED = 0.02


def versions(split: str) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(LABELLED.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row["split"] == split:
                    rows.append(row)
    return rows


def group(rows: Sequence[dict[str, Any]], every_story: bool = False) -> dict[str, int]:
    """Version id -> predicted story number, as the ingest service would assign them;
    `every_story`: offer every story as a candidate (the measure before ingest's own
    candidate selection was used here)."""
    states: dict[int, StoryState] = {}
    index = CandidateIndex()
    assigned: dict[str, int] = {}
    for row in rows:
        published = datetime.fromisoformat(row["published"])
        deals = extract_deals(row["title"], row["body"], published)
        facts = facts_of(row["title"], row["body"], published, deals)
        found = index.candidates(facts.bands, facts.keys, search_window(published, WINDOW))
        offered = list(states) if every_story else found
        decision = decide(facts, [states[story].facts(story) for story in offered], published)
        if decision.story_id is None:
            story = len(states)
            states[story] = state_of([(facts, published)])
        else:
            story = decision.story_id
            states[story] = grown(states[story], facts, published)
        index.add(story, facts.bands, story_keys(states[story].signature), states[story].start)
        assigned[row["id"]] = story
    return assigned


def pairwise(rows: Sequence[dict[str, Any]], assigned: dict[str, int]) -> tuple[float, float]:
    same_true = same_pred = both = 0
    for a, b in combinations(rows, 2):
        truth = a["story"] == b["story"]
        pred = assigned[a["id"]] == assigned[b["id"]]
        same_true += truth
        same_pred += pred
        both += truth and pred
    precision = both / same_pred if same_pred else 1.0
    recall = both / same_true if same_true else 1.0
    return precision, recall


def in_order(split: str) -> list[dict[str, Any]]:
    return sorted(versions(split), key=lambda row: row["published"])


@pytest.mark.parametrize("split", ["dev", "test"])
def test_grouping_in_published_order_reaches_the_floors(split: str) -> None:
    rows = in_order(split)
    assert len({row["story"] for row in rows}) >= 4
    precision, recall = pairwise(rows, group(rows))
    floor_p, floor_r = FLOORS[split, "published"]
    assert precision >= floor_p, f"{split} precision {precision:.3f}"
    assert recall >= floor_r, f"{split} recall {recall:.3f}"


@pytest.mark.parametrize("split", ["dev", "test"])
def test_grouping_in_arrival_order_shuffled_reaches_the_floors(split: str) -> None:
    rows = in_order(split)
    random.Random(20260520).shuffle(rows)
    precision, recall = pairwise(rows, group(rows))
    floor_p, floor_r = FLOORS[split, "shuffled"]
    assert precision >= floor_p, f"{split} shuffled precision {precision:.3f}"
    assert recall >= floor_r, f"{split} shuffled recall {recall:.3f}"


def test_look_alike_twins_never_share_a_story() -> None:
    rows = in_order("dev") + in_order("test")
    assigned = group(sorted(rows, key=lambda row: row["published"]))
    story_of_version = {row["id"]: row["story"] for row in rows}
    twins = {(row["story"], row["twin"]) for row in rows if row["twin"]}
    twin_pairs = [
        (a, b)
        for a, b in combinations(assigned, 2)
        if (story_of_version[a], story_of_version[b]) in twins
    ]
    merged = [(a, b) for a, b in twin_pairs if assigned[a] == assigned[b]]
    assert twin_pairs
    assert len(merged) / len(twin_pairs) <= MAX_TWIN_PAIRS_MERGED, merged
