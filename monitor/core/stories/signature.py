"""What an article reports, as comparable keys: `facts_of` and the story's combined
signature. Pure.

Entities come from the deal gazetteer and amounts from the deal amount parser
(scwatch.core.deals): one list of names, one parser of figures, shared with the deals.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from scwatch.core.deals.amounts import find_amounts
from scwatch.core.deals.gazetteer import find_entities, find_events
from scwatch.core.deals.models import Deal
from scwatch.core.stories.dateline import wire_of, without_dateline
from scwatch.core.stories.minhash import bands, minhash, shingles
from scwatch.core.stories.models import ArticleFacts, EventSignature
from scwatch.core.stories.original import is_release
from scwatch.core.text.folding import fold, squeeze

# The event is told in the title and the lead; later paragraphs add background (an older
# MOU, the partner's other projects) that would make two events look alike.
LEAD_CHARS = 600
PLACE_KINDS = frozenset({"country", "city"})
HOME = frozenset({"한국", "대한민국"})  # every article is about Korea: says nothing
# Counts and calendar dates; money is the amount parser's.
_NUMBER = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(개국|개사|개 ?기업|건|곳|명|척|개소|호기?|개|차)"
    r"|(\d{1,2})\s*월\s*(\d{1,2})\s*일"
)
_SPACES = re.compile(r"\s+")


def facts_of(
    title: str, body: str, published_at: datetime | None, deals: Sequence[Deal] = ()
) -> ArticleFacts:
    """The story decision's view of one article (deals: extract_deals(...), main first)."""
    signature = signature_of(title, body, deals)
    signature_minhash = minhash(shingles(body or title))
    return ArticleFacts(
        signature=signature,
        bands=bands(signature_minhash),
        minhash=signature_minhash,
        title_grams=title_grams(title),
        wire=wire_of(body),
        published_at=published_at,
        keys=lookup_keys(signature),
        release=is_release(title, body),
    )


def signature_of(title: str, body: str, deals: Sequence[Deal] = ()) -> EventSignature:
    lead = f"{title}\n{without_dateline(body)[:LEAD_CHARS]}"
    parties, places = _names(lead)
    main = deals[0] if deals else None
    if main is not None:
        parties |= {_key(p.name) for p in main.parties if p.kind not in PLACE_KINDS}
        places |= {_key(name) for name in (main.country, main.city) if name} - parties
    amounts = {_round_krw(m.amount.krw) for m in find_amounts(f"{title}\n{body}")}
    if main is not None and main.amount is not None:
        amounts.add(_round_krw(main.amount.krw))
    events = [name for name, _, _ in find_events(lead)]
    event = main.event if main is not None and main.event else (events[0] if events else None)
    return EventSignature(
        kind=main.kind if main else None,
        status=main.status if main else None,
        parties=frozenset(parties - {_key(h) for h in HOME}),
        places=frozenset(places - {_key(h) for h in HOME}),
        amounts=frozenset(a for a in amounts if a > 0),
        numbers=frozenset(numbers_in(lead)),
        event=_key(event) if event else None,
    )


def _names(text: str) -> tuple[set[str], set[str]]:
    parties: set[str] = set()
    places: set[str] = set()
    for entity in find_entities(text):
        # A Korean city acts as a party (대구시 signs); places are the foreign side's.
        foreign_place = entity.kind in PLACE_KINDS and entity.side != "korean"
        (places if foreign_place else parties).add(_key(entity.name))
    return parties, places


def _key(name: str) -> str:
    return squeeze(name)


def _round_krw(krw: float) -> int:
    """Two significant digits: 1조2천억 and "1.2조원" and $9억 at the documented rate agree."""
    if krw <= 0:
        return 0
    digits = math.floor(math.log10(krw)) - 1
    return int(round(krw / 10**digits) * 10**digits)


def numbers_in(text: str) -> set[str]:
    out = set()
    for match in _NUMBER.finditer(fold(text)):
        if match.group(3):
            out.add(f"{int(match.group(3))}월{int(match.group(4))}일")
        else:
            out.add(match.group(1).replace(",", "") + _SPACES.sub("", match.group(2)))
    return out


def title_grams(title: str) -> frozenset[str]:
    squeezed = squeeze(title)
    return frozenset(squeezed[i : i + 2] for i in range(len(squeezed) - 1))


def lookup_keys(signature: EventSignature) -> frozenset[str]:
    """Keys a rewrite is looked up by: each party, event and amount, and each place with
    the deal kind (a bare country is too common to look up by)."""
    keys = {f"p:{party}" for party in signature.parties}
    keys |= {f"a:{amount}" for amount in signature.amounts}
    if signature.event:
        keys.add(f"e:{signature.event}")
    keys |= {f"k:{signature.kind or '-'}:{place}" for place in signature.places}
    return frozenset(key[:200] for key in keys)


def combine(signatures: Iterable[EventSignature]) -> EventSignature:
    """A story's signature: the union of its members' (kind, status, event: the first known)."""
    items = list(signatures)
    return EventSignature(
        kind=next((s.kind for s in items if s.kind), None),
        status=next(
            (s.status for s in items if s.status in ("done", "planned", "scheduled")),
            next((s.status for s in items if s.status), None),
        ),
        parties=frozenset().union(*(s.parties for s in items)),
        places=frozenset().union(*(s.places for s in items)),
        amounts=frozenset().union(*(s.amounts for s in items)),
        numbers=frozenset().union(*(s.numbers for s in items)),
        event=next((s.event for s in items if s.event), None),
    )
