"""One deal per event: an article tells its deal in the headline, the lead and again in a
figure line (`계약 규모는 …`); those sentences give one deal, with the richest fields."""

from __future__ import annotations

from dataclasses import replace

from scwatch.core.deals import fields
from scwatch.core.deals.models import Deal
from scwatch.core.text.folding import squeeze


def same_event(a: Deal, b: Deal) -> bool:
    """Same kind and status, and nothing tells them apart: a shared party or amount, or
    one of them names neither (a figure line, a headline without names)."""
    if (a.kind, a.status) != (b.kind, b.status):
        return False
    if _amounts_differ(a, b):
        return False
    names_a, names_b = _names(a), _names(b)
    if not names_a or not names_b:
        return True
    return any(x in y or y in x for x in names_a for y in names_b)


def merge_events(deals: list[Deal]) -> list[Deal]:
    """Deals in salience order with each later report of an earlier deal's event folded
    into it (fields it lacks, its smart-city reading)."""
    kept: list[Deal] = []
    for deal in deals:
        at = next((i for i, known in enumerate(kept) if same_event(known, deal)), None)
        if at is None:
            kept.append(deal)
            continue
        known = kept[at]
        if _adds(known, deal):
            known = fields.merge(known, deal)
        if deal.smartcity and not known.smartcity:
            known = replace(known, smartcity=True)
        kept[at] = known
    return kept


def _adds(known: Deal, other: Deal) -> bool:
    """`other` states a field `known` lacks (a party, place, amount, event or project)."""
    if any(p.name not in {k.name for k in known.parties} for p in other.parties):
        return True
    pairs = (
        (known.country, other.country),
        (known.city, other.city),
        (known.amount, other.amount),
        (known.event, other.event),
        (known.project, other.project),
    )
    return any(mine is None and theirs is not None for mine, theirs in pairs)


def _names(deal: Deal) -> set[str]:
    return {squeeze(p.name) for p in deal.parties if p.side != "korean" or p.kind != "country"}


def _amounts_differ(a: Deal, b: Deal) -> bool:
    if a.amount is None or b.amount is None:
        return False
    x, y = a.amount.krw, b.amount.krw
    return abs(x - y) > 0.05 * max(x, y)
