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
from typing import TypeVar

from scwatch.core.deals.amounts import find_amounts
from scwatch.core.deals.gazetteer import CITY_COUNTRY, Entity, find_entities, find_events
from scwatch.core.deals.models import Deal
from scwatch.core.stories.aliases import ALIAS, acronym_names, acronyms, party_keys
from scwatch.core.stories.areas import areas_in
from scwatch.core.stories.counterparts import pair_of
from scwatch.core.stories.cues import GENERIC_PARTIES, deaccented, is_english, strong_status
from scwatch.core.stories.dateline import wire_of
from scwatch.core.stories.days import event_days
from scwatch.core.stories.genre import genres_of
from scwatch.core.stories.lead import clean, lead_of
from scwatch.core.stories.minhash import bands, minhash, shingles
from scwatch.core.stories.models import ArticleFacts, EventSignature
from scwatch.core.stories.original import is_release
from scwatch.core.stories.rare import rare_grams
from scwatch.core.stories.romanise import latin_words, romanised_names
from scwatch.core.text.folding import fold, squeeze

_T = TypeVar("_T")

# The event is told in the title and the lead (lead.py); later paragraphs add background
# (an older MOU, the twin event, the partner's other projects).
PLACE_KINDS = frozenset({"country", "city"})
HOME = frozenset({"한국", "대한민국"})  # every article is about Korea: says nothing
_DROP = frozenset({squeeze(h) for h in HOME} | GENERIC_PARTIES)
# Counts and calendar dates; money is the amount parser's.
_NUMBER = re.compile(
    r"(\d+(?:[.,]\d+)?)(?:\s*(천|만)\s*(\d{0,3}))?"
    r"\s*(개국|개사|개 ?기업|건|곳|명|척|개소|호기?|가구|세대|㎞|km|개|차)(?![a-z])"
    r"|(\d{1,2})\s*월\s*(\d{1,2})\s*일"
)
# A programme's round or a project's phase in a title; "2차전지" (a battery) is no round.
_ROUND = re.compile(r"(?<![\d.])(\d{1,2})\s*(차|단계)(?![가-힣])")
_EDITION = re.compile(r"제\s*(\d{1,3})\s*회")
# "$43-M", "a $43-million contract", "US$1.2-B": the hyphen hides the unit from the amount
# parser, which then reads $43 (round seven).
_HYPHEN_UNIT = re.compile(r"(\d)\s?-\s?(million|billion|mln|bln|m|b)\b", re.IGNORECASE)
_UNIT_WORDS = {"m": "million", "b": "billion", "mln": "million", "bln": "billion"}
# Below this no amount is an event's figure (a fare, a misread "$43"): never compared.
MIN_AMOUNT_KRW = 10_000_000
_MULTIPLIER = {"천": 1000, "만": 10000}
_SPACES = re.compile(r"\s+")
_ROUGH = re.compile(r"\s*(?:원|달러)?\s*대(?!비|규)")


def facts_of(
    title: str, body: str, published_at: datetime | None, deals: Sequence[Deal] = ()
) -> ArticleFacts:
    """The story decision's view of one article (deals: extract_deals(...), main first)."""
    text = clean(title, body)
    lead = lead_of(text)
    signature = signature_of(title, body, deals, (text, lead), published_at)
    signature_minhash = minhash(shingles(text or title))
    return ArticleFacts(
        signature=signature,
        bands=bands(signature_minhash),
        minhash=signature_minhash,
        title_grams=title_grams(title),
        wire=wire_of(body),
        published_at=published_at,
        keys=lookup_keys(signature),
        release=is_release(title, body),
        rare_grams=rare_grams(title, body),
    )


def signature_of(
    title: str,
    body: str,
    deals: Sequence[Deal] = (),
    parts: tuple[str, str] | None = None,
    published_at: datetime | None = None,
) -> EventSignature:
    """`parts`: the cleaned text and its lead (lead.py), when the caller has them;
    `published_at` resolves the event days ("16일") to dates."""
    english = is_english(title, body)
    text, lead = parts or (clean(title, body), lead_of(clean(title, body)))
    head = f"{title}\n{lead}"
    # One gazetteer pass over title and lead; the title's names are those that end in it.
    read = deaccented(head) if english else head
    entities = find_entities(read)
    main = deals[0] if deals else None
    parties, places, named, aliases = _read_names(title, head, entities, main)
    in_title = [e for e in entities if e.end <= len(title)]
    drop, genres = _DROP, genres_of(title)
    return EventSignature(
        kind=main.kind if main else None,
        status=main.status if main else None,
        parties=frozenset(parties - drop),
        places=frozenset(places - drop),
        amounts=frozenset(_amounts(title, text, main)),
        numbers=frozenset(numbers_in(head)),
        event=_event(head, main),
        cue=strong_status(title, text),
        named=frozenset(named - drop),
        english=english,
        areas=frozenset(areas_in(read, entities) - drop),
        days=event_days(head, published_at, english),
        titled=frozenset(_countries(in_title) - drop),
        rounds=rounds_in(title),
        pairs=pair_of(title),
        aliases=aliases,
        genres=genres,
        genres_all=genres,
        latin=frozenset(latin_words(read) if english else romanised_names(parties - drop)),
    )


def _read_names(
    title: str, head: str, entities: list[Entity], main: Deal | None
) -> tuple[set[str], set[str], set[str], frozenset[str]]:
    """Parties, places, the title's names (gazetteer, acronyms, the main deal's) and each
    acronym with its body ("bpa=부산항만공사")."""
    parties, places = _names(entities)
    named, _ = _names(e for e in entities if e.end <= len(title))
    aliases = frozenset(acronym_names(head))
    parties |= {pair.split(ALIAS, 1)[0] for pair in aliases}
    named |= acronyms(title)
    _add_deal(main, title, parties, places, named)
    return parties, places, named, aliases


def _add_deal(
    main: Deal | None, title: str, parties: set[str], places: set[str], named: set[str]
) -> None:
    """The main deal's parties (under the gazetteer's name, with their acronyms), the ones
    the title names, and its country and city."""
    if main is None:
        return
    deal_parties = {
        k for p in main.parties if p.kind not in PLACE_KINDS for k in party_keys(p.name)
    }
    parties |= deal_parties
    named |= {p for p in deal_parties if p in squeeze(title)}
    places |= {_key(name) for name in (main.country, main.city) if name} - parties


def _amounts(title: str, body: str, main: Deal | None) -> set[int]:
    """Stated amounts in KRW; a rough one ("3백억 원대", "80억원대", "1조원대": somewhere in
    the 300s) is left out, so it neither matches nor vetoes an exact one."""
    text = _HYPHEN_UNIT.sub(_unit_spelled, f"{title}\n{body}")
    mentions = [m for m in find_amounts(text) if not _ROUGH.match(text, m.end)]
    amounts = {_round_krw(m.amount.krw) for m in mentions}
    if main is not None and main.amount is not None and mentions:
        amounts.add(_round_krw(main.amount.krw))
    return {a for a in amounts if a >= MIN_AMOUNT_KRW}


def _unit_spelled(match: re.Match[str]) -> str:
    unit = match.group(2).lower()
    return f"{match.group(1)} {_UNIT_WORDS.get(unit, unit)}"


def _event(lead: str, main: Deal | None) -> str | None:
    events = [name for name, _, _ in find_events(lead)]
    event = main.event if main is not None and main.event else (events[0] if events else None)
    return _key(event) if event else None


def _names(entities: Iterable[Entity]) -> tuple[set[str], set[str]]:
    parties: set[str] = set()
    places: set[str] = set()
    for entity in entities:
        # A Korean city acts as a party (대구시 signs); places are the foreign side's.
        foreign_place = entity.kind in PLACE_KINDS and entity.side != "korean"
        (places if foreign_place else parties).add(_key(entity.name))
    return parties, places


def _countries(entities: Iterable[Entity]) -> set[str]:
    """The foreign countries named, a city standing for its country (하노이: 베트남)."""
    return {
        _key(CITY_COUNTRY.get(e.name, e.name))
        for e in entities
        if e.kind in PLACE_KINDS and e.side != "korean"
    }


def _key(name: str) -> str:
    return squeeze(name)


def _round_krw(krw: float) -> int:
    """Three significant digits; `decide` compares amounts with a relative tolerance, so
    5,600억 and $420m at another day's rate agree while 85억 and 86억 stay apart."""
    if krw <= 0:
        return 0
    digits = math.floor(math.log10(krw)) - 2
    return int(round(krw / 10**digits) * 10**digits)


def numbers_in(text: str) -> set[str]:
    out = set()
    for match in _NUMBER.finditer(fold(text)):
        if match.group(5):
            out.add(f"{int(match.group(5))}월{int(match.group(6))}일")
        else:
            count = _count(match.group(1), match.group(2), match.group(3))
            out.add(count + _SPACES.sub("", match.group(4)))
    return out


def rounds_in(title: str) -> frozenset[str]:
    """The round or phase a title names ("1차 선정", "2단계 사업", "제3회"), as "1차"."""
    found = {f"{int(m.group(1))}{m.group(2)}" for m in _ROUND.finditer(fold(title))}
    found |= {f"{int(m.group(1))}회" for m in _EDITION.finditer(fold(title))}
    return frozenset(found)


def _count(number: str, multiplier: str | None, rest: str | None) -> str:
    """ "1천80" -> "1080", "1,200" -> "1200"; other counts as written."""
    digits = number.replace(",", "")
    if multiplier is None or "." in digits:
        return digits
    return str(int(digits) * _MULTIPLIER[multiplier] + int(rest or 0))


def title_grams(title: str) -> frozenset[str]:
    squeezed = squeeze(title)
    return frozenset(squeezed[i : i + 2] for i in range(len(squeezed) - 1))


def lookup_keys(signature: EventSignature) -> frozenset[str]:
    """Keys a rewrite is looked up by: each party, event, amount and count or date, and
    each place with the deal kind (a bare country is too common to look up by)."""
    keys = {f"p:{party}" for party in signature.parties}
    keys |= {f"a:{key_amount(amount)}" for amount in signature.amounts}
    if signature.event:
        keys.add(f"e:{signature.event}")
    keys |= {f"k:{signature.kind or '-'}:{place}" for place in signature.places}
    # A law or a policy names no party: a count or a date ("6개", "11월5일") finds it.
    keys |= {f"n:{number}" for number in signature.numbers}
    if not keys:  # nothing else to look up by: the event's day ("다음 달 1일", "Dec. 1")
        keys = {f"d:{day}" for day in signature.days}
    return frozenset(key[:200] for key in keys)


def story_keys(signature: EventSignature) -> frozenset[str]:
    """A story's key rows: its lookup keys, each place without a kind too, so an article
    that names no deal ("k:-:두바이") finds the story of the deal there, and each event day,
    so an article with no other key (a policy: no party, figure or place) finds the story
    of its day."""
    rows = lookup_keys(signature) | {f"k:-:{place}"[:200] for place in signature.places}
    return rows | {f"d:{day}" for day in signature.days}


def key_amount(amount: int) -> int:
    """An amount as a lookup key: two significant digits, cut off (5,600억 and 5,690억
    share it; an amount the tolerance matches across a boundary is rare and the parties'
    keys still find its story)."""
    if amount <= 0:
        return 0
    step = 10 ** max(math.floor(math.log10(amount)) - 1, 0)
    return (amount // step) * step


# A story keeps its largest amounts only: the deal's own figure is among them, and a story
# that grew to dozens of copies must not make every comparison slower.
KEPT_AMOUNTS = 12


def _kept(amounts: frozenset[int]) -> frozenset[int]:
    if len(amounts) <= KEPT_AMOUNTS:
        return amounts
    return frozenset(sorted(amounts, reverse=True)[:KEPT_AMOUNTS])


def _union(sets: Iterable[frozenset[_T]]) -> frozenset[_T]:
    return frozenset().union(*sets)


def combine(signatures: Iterable[EventSignature]) -> EventSignature:
    """A story's signature: the union of its members' (kind, status, event: the first known)."""
    items = list(signatures)
    return EventSignature(
        kind=next((s.kind for s in items if s.kind), None),
        status=next(
            (s.status for s in items if s.status in ("done", "planned", "scheduled")),
            next((s.status for s in items if s.status), None),
        ),
        parties=_union(s.parties for s in items),
        places=_union(s.places for s in items),
        amounts=_kept(_union(s.amounts for s in items)),
        numbers=_union(s.numbers for s in items),
        event=next((s.event for s in items if s.event), None),
        cue=next((s.cue for s in items if s.cue), None),
        named=_union(s.named for s in items),
        english=bool(items) and all(s.english for s in items),
        areas=_union(s.areas for s in items),
        days=_union(s.days for s in items),
        titled=_union(s.titled for s in items),
        rounds=_union(s.rounds for s in items),
        latin=_union(s.latin for s in items),
        pairs=_union(s.pairs for s in items),
        aliases=_union(s.aliases for s in items),
        genres=_union(s.genres for s in items),
        genres_all=frozenset.intersection(*(s.genres_all for s in items)) if items else frozenset(),
    )
