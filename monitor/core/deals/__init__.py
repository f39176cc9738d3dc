"""Deal extraction: event type, status, parties, place, amount and event of each deal an
article reports, with the sentence each came from. Pure: no I/O.

    deals = extract_deals(title, body, published)
"""

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
