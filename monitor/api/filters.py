"""The deal filter of the library's `search`, `search_stories` and `deals` calls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from scwatch.core.deals import DEAL_KINDS, DEAL_STATUSES
from scwatch.core.errors import QueryError
from scwatch.core.records import DealQuery


@dataclass(frozen=True)
class DealFilter:
    """Which deals (or which articles, by their deals) a call returns. None: any.
    `kinds`: mou, export (every export kind), consultation, pilot; `statuses`: done,
    scheduled, planned, background, none; `party`: part of a party's name."""

    kinds: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    country: str | None = None
    party: str | None = None

    def query(self, since: datetime | None = None, limit: int | None = None) -> DealQuery:
        _check(self.kinds, (*DEAL_KINDS, "export"), "deal kind")
        _check(self.statuses, DEAL_STATUSES, "deal status")
        return DealQuery(
            kinds=self.kinds,
            statuses=self.statuses,
            country=self.country,
            party=self.party,
            since=since,
            limit=limit,
        )


def _check(values: Sequence[str] | None, allowed: Sequence[str], what: str) -> None:
    for value in values or ():
        if value not in allowed:
            raise QueryError(f"unknown {what} {value!r} (one of: {', '.join(allowed)})")
