"""The one-line form of a deal for alerts and lists, and the article's main deal.

LH ↔ 쿠웨이트 공공주택청 · 수주 · 압둘라 신도시 · 설계 PM 용역 · 1.2조원 (done)
"""

from __future__ import annotations

from collections.abc import Sequence

from scwatch.core.deals.amounts import format_krw
from scwatch.core.deals.models import Deal

KIND_WORDS = {"mou": "MOU", "export": "수주", "consultation": "수출상담", "pilot": "시범사업"}


def deal_line(deal: Deal) -> str:
    """Parties (Korean side first) · kind · place or project · amount (status)."""
    korean = [p.name for p in deal.parties if p.side == "korean"]
    others = [p.name for p in deal.parties if p.side != "korean"]
    parts = []
    if korean and others:
        parts.append(f"{', '.join(korean[:2])} ↔ {', '.join(others[:2])}")
    elif korean or others:
        parts.append(", ".join((korean + others)[:3]))
    parts.append(KIND_WORDS[deal.kind])
    place = deal.city or deal.country
    if deal.project:
        parts.append(deal.project)
    elif place:
        parts.append(place)
    if deal.event:
        parts.append(deal.event)
    if deal.amount is not None:
        parts.append(format_krw(deal.amount.krw) if deal.amount.krw else deal.amount.text)
    return f"{' · '.join(parts)} ({deal.status})"


def main_deal(deals: Sequence[Deal]) -> Deal | None:
    """The deal alerting decides on: extract_deals puts it first."""
    return deals[0] if deals else None
