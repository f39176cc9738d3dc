"""From parsed queries to evaluable trees over a shared, numbered term table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scwatch.core.errors import RuleSyntaxError
from scwatch.core.rules.dealfields import is_deal_only
from scwatch.core.rules.evidence import TextField
from scwatch.core.rules.nodes import AliasRef, And, DealField, Node, Not, Or, Term
from scwatch.core.text.folding import squeeze

TEXT_FIELDS: tuple[TextField, ...] = ("title", "body")


@dataclass(frozen=True)
class Leaf:
    """Any of `term_ids` found in any of `fields` (ids index the text or the source table)."""

    term_ids: frozenset[int]
    fields: tuple[TextField, ...]
    part: int = 0  # numbers the leaves of a query, so evidence can tell which parts it shows


@dataclass(frozen=True)
class AllOf:
    children: tuple[Compiled, ...]


@dataclass(frozen=True)
class AnyOf:
    children: tuple[Compiled, ...]


@dataclass(frozen=True)
class NoneOf:
    child: Compiled


@dataclass(frozen=True)
class Within:
    left: Compiled
    right: Compiled
    distance: int


@dataclass(frozen=True)
class OneDeal:
    """A maximal sub-tree of deal fields: true when one extracted deal satisfies all of it."""

    tree: Node


Compiled = Leaf | AllOf | AnyOf | NoneOf | Within | OneDeal


class TermTable:
    """Squeezed term -> id, shared by every rule of a RuleSet."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def add(self, term: str) -> int:
        return self.ids.setdefault(term, len(self.ids))

    @property
    def terms(self) -> list[str]:
        return list(self.ids)


class Compiler:
    """Compiles queries against one alias table into trees over two term tables."""

    def __init__(self, aliases: Mapping[str, Sequence[str]]) -> None:
        self.aliases = {name.casefold(): tuple(terms) for name, terms in aliases.items()}
        self.text_terms = TermTable()
        self.source_terms = TermTable()
        self._parts = 0

    def compile(self, node: Node, query: str) -> Compiled:
        compiled = self._node(node, query)
        if not _requires_presence(compiled):
            raise RuleSyntaxError(
                "the query only says what must be absent; add a term that must be present",
                0,
                query,
            )
        return compiled

    def _node(self, node: Node, query: str) -> Compiled:
        if is_deal_only(node):
            return OneDeal(node)
        if isinstance(node, DealField):  # pragma: no cover - is_deal_only took it
            raise AssertionError(node)
        if isinstance(node, Term | AliasRef):
            return self._leaf(node, query)
        if isinstance(node, And):
            return AllOf(tuple(self._node(child, query) for child in node.children))
        if isinstance(node, Or):
            return AnyOf(tuple(self._node(child, query) for child in node.children))
        if isinstance(node, Not):
            return NoneOf(self._node(node.child, query))
        left, right = self._node(node.left, query), self._node(node.right, query)
        for side in (left, right):
            if not _always_positioned(side):
                raise RuleSyntaxError(
                    "NEAR needs terms with a place in the text on both sides "
                    "(not NOT, not source:)",
                    node.position,
                    query,
                )
        return Within(left, right, node.distance)

    def _leaf(self, node: Term | AliasRef, query: str) -> Leaf:
        texts = self._alias_terms(node, query) if isinstance(node, AliasRef) else (node.text,)
        table = self.source_terms if node.field == "source" else self.text_terms
        ids = set()
        for text in texts:
            squeezed = squeeze(text)
            if not squeezed:
                raise RuleSyntaxError(f"term {text!r} has no letters", node.position, query)
            ids.add(table.add(squeezed))
        fields: tuple[TextField, ...] = (node.field,) if node.field else TEXT_FIELDS
        self._parts += 1
        return Leaf(frozenset(ids), fields, self._parts)

    def _alias_terms(self, node: AliasRef, query: str) -> tuple[str, ...]:
        terms = self.aliases.get(node.name.casefold())
        if terms is None:
            known = ", ".join(f"@{name}" for name in sorted(self.aliases)) or "none"
            raise RuleSyntaxError(
                f"unknown alias '@{node.name}' (known: {known})", node.position, query
            )
        if not terms:
            raise RuleSyntaxError(f"alias '@{node.name}' is empty", node.position, query)
        return terms


def _requires_presence(node: Compiled) -> bool:
    """True when the node can only match if some term is present (or some deal exists)."""
    if isinstance(node, Leaf | Within | OneDeal):
        return True
    if isinstance(node, AllOf):
        return any(_requires_presence(child) for child in node.children)
    if isinstance(node, AnyOf):
        return all(_requires_presence(child) for child in node.children)
    return False


def _always_positioned(node: Compiled) -> bool:
    """True when every way the node matches yields a place in the title or body."""
    if isinstance(node, Leaf):
        return "source" not in node.fields
    if isinstance(node, Within):
        return True
    if isinstance(node, AllOf):
        return any(_always_positioned(child) for child in node.children)
    if isinstance(node, AnyOf):
        return all(_always_positioned(child) for child in node.children)
    return False


def term_parts(node: Compiled) -> dict[int, frozenset[int]]:
    """Text term id -> the leaves (query parts) that contain it."""
    parts: dict[int, frozenset[int]] = {}
    for leaf in _leaves(node):
        if "source" not in leaf.fields:
            for term_id in leaf.term_ids:
                parts[term_id] = parts.get(term_id, frozenset()) | {leaf.part}
    return parts


def _leaves(node: Compiled) -> list[Leaf]:
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, AllOf | AnyOf):
        return [leaf for child in node.children for leaf in _leaves(child)]
    if isinstance(node, NoneOf | OneDeal):
        return []  # terms that must be absent are never evidence; deals bring their own
    return _leaves(node.left) + _leaves(node.right)


# A term a rule cannot fire without: ("text", id) or ("source", id).
TriggerKey = tuple[str, int]


def triggers(node: Compiled) -> frozenset[TriggerKey] | None:
    """Terms of which at least one must be present for `node` to hold (None: no such set).

    Of an AND's children the one with the fewest terms is taken: a narrow set is usually
    rarer, so fewer articles wake the rule up.
    """
    if isinstance(node, Leaf):
        kind = "source" if node.fields == ("source",) else "text"
        return frozenset((kind, term_id) for term_id in node.term_ids)
    if isinstance(node, AnyOf):
        sets = [triggers(child) for child in node.children]
        if any(found is None for found in sets):
            return None
        return frozenset().union(*(found for found in sets if found is not None))
    if isinstance(node, NoneOf | OneDeal):
        return None
    children = node.children if isinstance(node, AllOf) else (node.left, node.right)
    candidates = [found for found in map(triggers, children) if found is not None]
    return min(candidates, key=len) if candidates else None
