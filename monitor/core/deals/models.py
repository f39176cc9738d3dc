"""Deal values: what an article says was signed, won or planned. Pure, no I/O.

Shared by deal extraction (scwatch.core.deals), the story decision (scwatch.core.stories),
the rule fields `deal:` / `status:` / `party:` / `country:` / `amount>=`, storage and alerts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# mou: MOU, 업무협약, 양해각서, cooperation 협약, LOI.
# export: an order won (수주), a contract signed (수출계약), a platform sold abroad.
# consultation: the export-consultation results of an expo or roadshow (상담액, 계약 성과).
# pilot: selection for an overseas pilot or demonstration project.
DealKind = Literal["mou", "export", "consultation", "pilot"]
# done: signed, won, results reported. scheduled: to be signed at a fixed date at a named
# event. planned: will sign, pursuing, to be held. background: a past deal named in passing.
# none: the words appear but no deal is reported (policy, statistics, a call for proposals).
DealStatus = Literal["done", "scheduled", "planned", "background", "none"]
PartySide = Literal["korean", "foreign", "unknown"]
PartyKind = Literal["company", "city", "ministry", "public_body", "country", "organisation"]

DEAL_KINDS: tuple[DealKind, ...] = ("mou", "export", "consultation", "pilot")
DEAL_STATUSES: tuple[DealStatus, ...] = ("done", "scheduled", "planned", "background", "none")
# `deal:export` in a rule means any export deal: an order, consultation results or a pilot.
EXPORT_KINDS: frozenset[DealKind] = frozenset({"export", "consultation", "pilot"})


@dataclass(frozen=True)
class Party:
    name: str  # as the gazetteer spells it: "LH", "쿠웨이트 공공주택청(PAAET)"
    side: PartySide = "unknown"
    kind: PartyKind = "organisation"


@dataclass(frozen=True)
class Amount:
    value: float  # in `currency` units: 4500만 달러 -> 45_000_000.0, "USD"
    currency: str  # ISO 4217: KRW, USD, EUR, JPY, CNY ...
    krw: float  # value in won at the documented rate (docs/deals.md)
    text: str  # as written: "4500만 달러"


@dataclass(frozen=True)
class Deal:
    kind: DealKind
    status: DealStatus
    # The words that decided the status: "체결했다", "체결할 예정", "체결한 바 있다".
    status_cue: str = ""
    parties: tuple[Party, ...] = ()
    country: str | None = None  # Korean name: "베트남"
    city: str | None = None  # Korean name: "하노이"
    amount: Amount | None = None
    event: str | None = None  # expo or event: "WSCW 2018", "SCEWC 2024"
    project: str | None = None  # "압둘라 신도시 설계 PM 용역"
    on: date | None = None  # the date the deal was (or will be) signed, when stated
    # Whether smart city is the article's subject, not only a word in it.
    smartcity: bool = False
    # The sentence each field came from: {"status": "...", "amount": "...", "parties": "..."}.
    sentences: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_export(self) -> bool:
        return self.kind in EXPORT_KINDS
