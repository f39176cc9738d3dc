"""Deal extraction: event type, status, parties, place, amount and event of each deal an
article reports, with the sentence each came from. Pure: no I/O.

    deals = extract_deals(title, body, published)
"""

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
    "Deal",
    "DealKind",
    "DealStatus",
    "Party",
]
