"""Deal extraction: event type, status, parties, place, amount and event of each deal an
article reports, with the sentence each came from. Pure: no I/O.

    deals = extract_deals(title, body, published)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scwatch.core.lazy import lazy_attributes

if TYPE_CHECKING:
    from scwatch.core.deals.amounts import AmountMention, find_amounts
    from scwatch.core.deals.extract import extract_deals
    from scwatch.core.deals.gazetteer import Entity, find_entities
    from scwatch.core.deals.models import (
        DEAL_KINDS,
        DEAL_STATUSES,
        EXPORT_KINDS,
        Amount,
        Deal,
        DealKind,
        DealStatus,
        Party,
    )

# Loaded on first use: the models alone (records, filters, the CLI) need no gazetteers.
_HOMES = {
    "AmountMention": "scwatch.core.deals.amounts",
    "find_amounts": "scwatch.core.deals.amounts",
    "extract_deals": "scwatch.core.deals.extract",
    "Entity": "scwatch.core.deals.gazetteer",
    "find_entities": "scwatch.core.deals.gazetteer",
    "DEAL_KINDS": "scwatch.core.deals.models",
    "DEAL_STATUSES": "scwatch.core.deals.models",
    "EXPORT_KINDS": "scwatch.core.deals.models",
    "Amount": "scwatch.core.deals.models",
    "Deal": "scwatch.core.deals.models",
    "DealKind": "scwatch.core.deals.models",
    "DealStatus": "scwatch.core.deals.models",
    "Party": "scwatch.core.deals.models",
}


__getattr__ = lazy_attributes(__name__, _HOMES, globals())


__all__ = [
    "DEAL_KINDS",
    "DEAL_STATUSES",
    "EXPORT_KINDS",
    "Amount",
    "AmountMention",
    "Deal",
    "DealKind",
    "DealStatus",
    "Entity",
    "Party",
    "extract_deals",
    "find_amounts",
    "find_entities",
]
