"""Deal fields of the rule language: checking their values and testing them on one deal.

A maximal sub-tree made only of deal fields holds when ONE deal of the article satisfies
it, so `deal:mou AND status:done` is never satisfied by an MOU that is planned plus some
other deal that is done (docs/rules.md, "Deal fields").
"""

from __future__ import annotations

from scwatch.core.deals.amounts import parse_krw
from scwatch.core.deals.models import DEAL_KINDS, DEAL_STATUSES, EXPORT_KINDS, Deal
from scwatch.core.errors import RuleSyntaxError
from scwatch.core.rules.nodes import And, DealField, DealFieldName, Near, Node, Not, Or
from scwatch.core.text.folding import squeeze

_ALLOWED: dict[str, tuple[str, ...]] = {
    "deal": DEAL_KINDS,
    "status": DEAL_STATUSES,
    "subject": ("smartcity",),
}
_OPS = {
    ">=": float.__ge__,
    ">": float.__gt__,
    "<=": float.__le__,
    "<": float.__lt__,
    "=": float.__eq__,
}


def deal_field(name: DealFieldName, value: str, op: str, position: int, query: str) -> DealField:
    """The checked, canonical field; RuleSyntaxError names the field and allowed values."""
    if not value:
        raise RuleSyntaxError(f"expected a value after {name}:", position, query)
    if name in _ALLOWED:
        folded = value.casefold()
        if folded not in _ALLOWED[name]:
            allowed = "|".join(_ALLOWED[name])
            raise RuleSyntaxError(
                f"{name}:{value} is not a known value (allowed: {name}:{allowed})",
                position,
                query,
            )
        return DealField(name, folded, position)
    if name == "amount":
        krw = parse_krw(value)
        if krw is None:
            raise RuleSyntaxError(
                f"amount{op}{value}: not an amount (e.g. amount>=100억, amount>=1000만달러)",
                position,
                query,
            )
        return DealField(name, value, position, op, krw)
    return DealField(name, _canonical(name, value), position)


def _canonical(name: DealFieldName, value: str) -> str:
    """country:Vietnam -> 베트남, party:한국토지주택공사 -> LH, event:"Smart City Expo…"
    -> SCEWC."""
    # The gazetteer compiles its name patterns on import: loaded only by rules naming a
    # party, country or event, so loading a configuration without them stays cheap.
    from scwatch.core.deals.gazetteer import find_entities, find_events

    if name == "event":
        events = find_events(value)
        return events[0][0] if len(events) == 1 else value
    entities = find_entities(value)
    if len(entities) == 1 and entities[0].end - entities[0].start >= len(value.strip()) - 1:
        return entities[0].name
    return value


def is_deal_only(node: Node) -> bool:
    if isinstance(node, DealField):
        return True
    if isinstance(node, And | Or):
        return all(is_deal_only(child) for child in node.children)
    if isinstance(node, Not):
        return is_deal_only(node.child)
    return False


def uses_deals(node: Node) -> bool:
    if isinstance(node, DealField):
        return True
    if isinstance(node, And | Or):
        return any(uses_deals(child) for child in node.children)
    if isinstance(node, Not):
        return uses_deals(node.child)
    if isinstance(node, Near):
        return uses_deals(node.left) or uses_deals(node.right)
    return False


def deal_holds(node: Node, deal: Deal) -> bool:
    """Whether `deal` satisfies a deal-only tree."""
    if isinstance(node, DealField):
        return _field_holds(node, deal)
    if isinstance(node, And):
        return all(deal_holds(child, deal) for child in node.children)
    if isinstance(node, Or):
        return any(deal_holds(child, deal) for child in node.children)
    if isinstance(node, Not):
        return not deal_holds(node.child, deal)
    return False


def _field_holds(node: DealField, deal: Deal) -> bool:
    name, value = node.field, node.value
    if name == "deal":
        return deal.kind in EXPORT_KINDS if value == "export" else deal.kind == value
    if name == "status":
        return deal.status == value
    if name == "subject":
        return deal.smartcity
    if name == "amount":
        return deal.amount is not None and _OPS[node.op](deal.amount.krw, node.krw)
    if name == "party":
        wanted = squeeze(value)
        return any(wanted in squeeze(party.name) for party in deal.parties)
    stated = {"country": deal.country, "city": deal.city, "event": deal.event}[name]
    return stated is not None and squeeze(value) in squeeze(stated)
