"""Story and article facts as JSON text, the form storage keeps them in. Pure.

A story's state (clusters.signature) holds what the decision needs without reading its
members: the combined signature, the time window's start, a few member MinHashes and the
titles' bigrams. An article's facts (article_minhashes) let a split or merge recompute it.
"""

from __future__ import annotations

import base64
import json
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from scwatch.core.stories.genre import UNKNOWN
from scwatch.core.stories.minhash import bands
from scwatch.core.stories.models import ArticleFacts, EventSignature, StoryFacts
from scwatch.core.stories.rare import pack_grams, unpack_grams
from scwatch.core.stories.signature import combine

KEPT_MINHASHES = 4  # the original's and the first few copies' are enough to spot copies
KEPT_TITLE_GRAMS = 400
KEPT_RARE_GRAMS = 300  # 4 bytes each; a story stops growing its words here
Rank = tuple[int, datetime, datetime]


@dataclass(frozen=True)
class StoryState:
    signature: EventSignature
    start: datetime  # the first member's time (published, else first seen)
    minhashes: tuple[tuple[int, ...], ...]
    title_grams: frozenset[str]
    # The original's rank (scwatch.core.stories.original), so a newcomer is ranked against
    # it without reading the original back; None in states written before it was kept.
    original: Rank | None = None
    rare_grams: frozenset[int] = frozenset()  # hashed rare 3-grams (scwatch.core.stories.rare)

    def facts(self, story_id: int, frozen: bool = False) -> StoryFacts:
        return StoryFacts(
            story_id,
            self.start,
            self.signature,
            self.minhashes,
            self.title_grams,
            frozen,
            self.rare_grams,
        )


def pack_minhash(values: Sequence[int]) -> str:
    return base64.b64encode(struct.pack(f">{len(values)}I", *values)).decode("ascii")


def unpack_minhash(text: str) -> tuple[int, ...]:
    raw = base64.b64decode(text)
    return struct.unpack(f">{len(raw) // 4}I", raw)


def signature_dict(sig: EventSignature) -> dict[str, Any]:
    return {
        "kind": sig.kind, "status": sig.status, "event": sig.event,
        "parties": sorted(sig.parties), "places": sorted(sig.places),
        "amounts": sorted(sig.amounts), "numbers": sorted(sig.numbers),
        "cue": sig.cue, "named": sorted(sig.named), "english": sig.english,
        "areas": sorted(sig.areas), "days": sorted(sig.days), "titled": sorted(sig.titled),
        "rounds": sorted(sig.rounds), "latin": sorted(sig.latin),
        "pairs": sorted(sig.pairs), "aliases": sorted(sig.aliases),
        "genres": sorted(sig.genres), "genres_all": sorted(sig.genres_all),
    }  # fmt: skip


def signature_from(data: dict[str, Any]) -> EventSignature:
    return EventSignature(
        kind=data.get("kind"),
        status=data.get("status"),
        parties=frozenset(data.get("parties", ())),
        places=frozenset(data.get("places", ())),
        amounts=frozenset(int(a) for a in data.get("amounts", ())),
        numbers=frozenset(data.get("numbers", ())),
        event=data.get("event"),
        cue=data.get("cue"),
        named=frozenset(data.get("named", ())),
        english=bool(data.get("english")),
        areas=frozenset(data.get("areas", ())),
        days=frozenset(int(d) for d in data.get("days", ())),
        titled=frozenset(data.get("titled", ())),
        rounds=frozenset(data.get("rounds", ())),
        latin=frozenset(data.get("latin", ())),
        pairs=frozenset(data.get("pairs", ())),
        aliases=frozenset(data.get("aliases", ())),
        genres=frozenset(data["genres"]) if "genres" in data else UNKNOWN,
        genres_all=frozenset(data["genres_all"]) if "genres_all" in data else UNKNOWN,
    )


def state_of(members: Iterable[tuple[ArticleFacts, datetime]]) -> StoryState:
    """The state of a story from its members' facts and times, original first."""
    items = list(members)
    return StoryState(
        signature=combine(f.signature for f, _ in items),
        start=min(at for _, at in items),
        minhashes=tuple(f.minhash for f, _ in items[:KEPT_MINHASHES]),
        title_grams=frozenset().union(*(f.title_grams for f, _ in items)),
        rare_grams=frozenset().union(*(f.rare_grams for f, _ in items)),
    )


def grown(state: StoryState, facts: ArticleFacts, at: datetime) -> StoryState:
    """The state after one more member joined."""
    minhashes = state.minhashes
    if len(minhashes) < KEPT_MINHASHES:
        minhashes = (*minhashes, facts.minhash)
    grams = state.title_grams
    if len(grams) < KEPT_TITLE_GRAMS:
        grams = grams | facts.title_grams
    rare = state.rare_grams
    if len(rare) < KEPT_RARE_GRAMS:
        rare = rare | facts.rare_grams
    return StoryState(
        combine([state.signature, facts.signature]),
        min(state.start, at),
        minhashes,
        grams,
        state.original,
        rare,
    )


def state_json(state: StoryState) -> str:
    return json.dumps({
        **signature_dict(state.signature),
        "start": state.start.isoformat(),
        "minhashes": [pack_minhash(m) for m in state.minhashes],
        "title_grams": _joined(state.title_grams),  # bigrams, concatenated
        "original": _rank_json(state.original),
        "rare": _packed(state.rare_grams),
    }, ensure_ascii=False)  # fmt: skip


# A story's grams stop changing once they reach their caps (and between members that
# bring none): the same sets are written article after article, so their text is kept.
@lru_cache(maxsize=512)
def _joined(grams: frozenset[str]) -> str:
    return "".join(sorted(grams))


@lru_cache(maxsize=512)
def _packed(grams: frozenset[int]) -> str:
    return pack_grams(grams)


def state_from_json(text: str) -> StoryState:
    data = json.loads(text)
    original = data.get("original")
    return StoryState(
        signature=signature_from(data),
        start=datetime.fromisoformat(data["start"]),
        minhashes=tuple(unpack_minhash(m) for m in data.get("minhashes", ())),
        title_grams=_grams_from(data.get("title_grams", ())),
        original=_rank_from(original) if original else None,
        rare_grams=unpack_grams(data.get("rare", "")),
    )


def _grams_from(data: str | list[str]) -> frozenset[str]:
    """Title bigrams, concatenated (or, in states written before, a list)."""
    if isinstance(data, str):
        return frozenset(data[i : i + 2] for i in range(0, len(data), 2))
    return frozenset(data)


def _rank_json(rank: Rank | None) -> list[Any] | None:
    return None if rank is None else [rank[0], rank[1].isoformat(), rank[2].isoformat()]


def _rank_from(data: list[Any]) -> Rank:
    return (int(data[0]), datetime.fromisoformat(data[1]), datetime.fromisoformat(data[2]))


def facts_json(facts: ArticleFacts) -> str:
    return json.dumps({
        **signature_dict(facts.signature),
        "minhash": pack_minhash(facts.minhash),
        "title_grams": sorted(facts.title_grams),
        "wire": facts.wire,
        "published_at": facts.published_at.isoformat() if facts.published_at else None,
        "keys": sorted(facts.keys),
        "release": facts.release,
        "rare": pack_grams(facts.rare_grams),
    }, ensure_ascii=False)  # fmt: skip


def facts_from_json(text: str) -> ArticleFacts:
    data = json.loads(text)
    published = data.get("published_at")
    minhash = unpack_minhash(data["minhash"])
    return ArticleFacts(
        signature=signature_from(data),
        bands=bands(minhash),  # derived: not stored
        minhash=minhash,
        title_grams=frozenset(data.get("title_grams", ())),
        wire=data.get("wire"),
        published_at=datetime.fromisoformat(published) if published else None,
        keys=frozenset(data.get("keys", ())),
        release=bool(data.get("release")),
        rare_grams=unpack_grams(data.get("rare", "")),
    )
