"""Which stories an article is compared with: the candidate selection of ingest. Pure.

Ingest (scwatch.storage.stories.candidate_stories) offers `decide` the BAND_CANDIDATES
live stories sharing the most LSH band rows with the article and the KEY_CANDIDATES
stories sharing the most lookup keys whose window start lies within the window of the
article's time; both most shared first, ties to the newest story (the highest id).
`CandidateIndex` keeps the same rows in memory (the labelled quality test, tools), so the
measured figures are those of the stories ingest would actually compare.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

KEY_CANDIDATES = 10  # stories sharing the most keys; more would only cost time
# Stories sharing the most MinHash bands. A copy shares most of its 16 bands with its
# story; a template-heavy beat (expo results, yearly rounds) can share a few with dozens.
BAND_CANDIDATES = 8


def most_shared(counts: Mapping[int, int], limit: int) -> list[int]:
    """Story ids by shared rows, most first, ties to the highest id; at most `limit`."""
    return sorted(counts, key=lambda story: (-counts[story], -story))[:limit]


@dataclass
class CandidateIndex:
    """story_bands and story_keys in memory: one band row per member, one key row per
    story and key, each story's window start (the key rows' first_seen_at)."""

    bands: dict[tuple[int, int], list[int]] = field(default_factory=lambda: defaultdict(list))
    keys: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    starts: dict[int, datetime] = field(default_factory=dict)

    def add(
        self,
        story: int,
        bands: Iterable[tuple[int, int]],
        keys: Iterable[str],
        start: datetime,
    ) -> None:
        """A member joined `story` (or started it): its band rows, the story's keys."""
        for pair in bands:
            self.bands[pair].append(story)
        for key in keys:
            self.keys[key].add(story)
        self.starts[story] = start

    def candidates(
        self,
        bands: Iterable[tuple[int, int]],
        keys: Iterable[str],
        window: tuple[datetime, datetime],
    ) -> list[int]:
        """The stories ingest offers: band and key matches, in story order."""
        since, until = window
        by_band: Counter[int] = Counter()
        for pair in set(bands):
            by_band.update(s for s in self.bands.get(pair, ()) if self.starts[s] >= since)
        by_key: Counter[int] = Counter()
        for key in set(keys):
            by_key.update(s for s in self.keys.get(key, ()) if since <= self.starts[s] <= until)
        found = set(most_shared(by_band, BAND_CANDIDATES))
        return sorted(found | set(most_shared(by_key, KEY_CANDIDATES)))


def search_window(at: datetime, window: timedelta) -> tuple[datetime, datetime]:
    """The span a candidate story's window start must lie in (the article's time ± window)."""
    return at - window, at + window
