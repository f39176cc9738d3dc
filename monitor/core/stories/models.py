"""Story values: what an article brings to the story decision and what it decided. Pure.

A story is a row of `clusters`: every copy and rewrite of one news event. The ingest service
computes ArticleFacts before its transaction, looks up candidate stories inside it and asks
`decide` (scwatch.core.stories) which story the article joins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

# copy: near-duplicate text (MinHash/LSH). rewrite: same event, other words.
# original: the article started the story. manual: put there by `stories merge` / `split`.
StoryJoin = Literal["original", "copy", "rewrite", "manual"]


@dataclass(frozen=True)
class EventSignature:
    """The event an article reports, reduced to comparable keys (all folded strings)."""

    kind: str | None  # deal kind, or None when no deal was found
    status: str | None
    parties: frozenset[str]  # organisations, companies and bodies
    places: frozenset[str]  # countries and cities
    amounts: frozenset[int]  # KRW amounts, rounded to 3 significant digits
    numbers: frozenset[str]  # other figures: counts, dates ("407건", "11월 5일")
    event: str | None  # expo / event name
    cue: str | None = None  # "planned" / "done" when the title or first sentence says so
    named: frozenset[str] = frozenset()  # the parties the title names
    english: bool = False  # an English version (a story: all its members are)
    areas: frozenset[str] = frozenset()  # foreign cities and provinces (areas.py)
    days: frozenset[int] = frozenset()  # event days as date ordinals (days.py)
    titled: frozenset[str] = frozenset()  # the foreign countries the title names (cities too)
    rounds: frozenset[str] = frozenset()  # a programme's round or phase in the title ("2차")
    latin: frozenset[str] = frozenset()  # romanised Korean names / English words (romanise.py)
    pairs: frozenset[str] = frozenset()  # the headline's "subject|partner" (counterparts.py)
    aliases: frozenset[str] = frozenset()  # "bpa=부산항만공사": an acronym and its body
    genres: frozenset[str] = frozenset()  # what the titles report (genre.py): any title's
    genres_all: frozenset[str] = frozenset()  # and every title's (one article: the same)


@dataclass(frozen=True)
class ArticleFacts:
    """Everything the story decision needs from one article, computed without I/O."""

    signature: EventSignature
    bands: tuple[tuple[int, int], ...]  # LSH (band number, bucket) pairs of the body MinHash
    minhash: tuple[int, ...]  # the MinHash signature itself, for an exact Jaccard estimate
    title_grams: frozenset[str]  # character bigrams of the folded title
    wire: str | None  # wire agency named in the dateline: "연합뉴스", "뉴시스", "뉴스1"
    published_at: datetime | None
    keys: frozenset[str]  # lookup keys for rewrites: "party:lh", "place:쿠웨이트", "amt:..."
    # Added: the text says it is the publisher's own press release (보도자료): the original.
    release: bool = False
    rare_grams: frozenset[int] = frozenset()  # hashed rare 3-grams of title and lead (rare.py)


@dataclass(frozen=True)
class StoryFacts:
    """A candidate story as the decision sees it."""

    story_id: int
    first_seen_at: datetime  # the story's first article: the time window starts here
    signature: EventSignature  # the union of its members' signatures
    minhashes: tuple[tuple[int, ...], ...]  # signatures of (up to a few) members
    title_grams: frozenset[str]
    frozen: bool = False
    rare_grams: frozenset[int] = frozenset()


@dataclass(frozen=True)
class StoryDecision:
    story_id: int | None  # None: start a new story
    join: StoryJoin
    score: float  # the decisive score, 0..1
    reason: str  # short human text: "copy: jaccard 0.83", "rewrite: LH+쿠웨이트+1.2조"
