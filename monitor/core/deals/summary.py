"""The one-line form of a deal for alerts and lists, and the article's main deal.

LH ↔ 쿠웨이트 공공주택청 · 수주 · 압둘라 신도시 설계 PM 용역 · 3,350억원 (2억3천만 달러) (done)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from scwatch.core.deals.amounts import format_krw
from scwatch.core.deals.models import Amount, Deal, Party

KIND_WORDS = {"mou": "MOU", "export": "수주", "consultation": "수출상담", "pilot": "시범사업"}
_PER_SIDE = 2


def deal_line(deal: Deal) -> str:
    """Parties (Korean side ↔ foreign side) · kind · place · project · event · amount
    (status); a field the deal lacks is left out."""
    parts = [p for p in (_parties(deal.parties), KIND_WORDS[deal.kind]) if p]
    place = deal.city or deal.country
    if place and not (deal.project and place in deal.project):
        parts.append(place)
    if deal.project:
        parts.append(deal.project)
    if deal.event and not (deal.project and deal.event in deal.project):
        parts.append(deal.event)
    if deal.amount is not None:
        parts.append(_amount(deal.amount))
    return f"{' · '.join(parts)} ({deal.status})"


def _parties(parties: tuple[Party, ...]) -> str:
    """Korean side first; a party of unknown side fills the side that has none (the subject
    of a Korean story is mostly the Korean firm, its partner the foreign body)."""
    sided = [_known(p) for p in parties]
    korean = _unique(p.name for p in sided if p.side == "korean")
    foreign = _unique(p.name for p in sided if p.side == "foreign")
    unknown = _unique(p.name for p in sided if p.side == "unknown")
    if not korean and unknown:
        korean.append(unknown.pop(0))
    if not foreign and unknown:
        foreign.append(unknown.pop(0))
    korean, foreign = korean[:_PER_SIDE], foreign[:_PER_SIDE]
    if korean and foreign:
        return f"{', '.join(korean)} ↔ {', '.join(foreign)}"
    return ", ".join(korean + foreign)


def _known(party: Party) -> Party:
    """A name read by its position that the gazetteer knows (국토부): its canonical name."""
    if party.side != "unknown":
        return party
    # Imported here: the gazetteer compiles its patterns on import, and a deal line whose
    # parties all have a side (most) needs none of it.
    from scwatch.core.deals.gazetteer import find_entities

    found = find_entities(party.name)
    if len(found) == 1 and found[0].end - found[0].start == len(party.name):
        return Party(found[0].name, found[0].side, party.kind)
    return party


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _amount(amount: Amount) -> str:
    """The won figure; a foreign amount as written follows in brackets."""
    if not amount.krw:
        return amount.text
    won = format_krw(amount.krw)
    return won if amount.currency == "KRW" else f"{won} ({amount.text})"


def main_deal(deals: Sequence[Deal]) -> Deal | None:
    """The deal alerting decides on: extract_deals puts it first."""
    return deals[0] if deals else None
