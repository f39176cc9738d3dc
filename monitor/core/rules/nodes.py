"""The parsed form of a rule query: a small immutable tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldName = Literal["title", "body", "source"]
FIELD_NAMES: tuple[FieldName, ...] = ("title", "body", "source")


@dataclass(frozen=True)
class Term:
    """A bare word or a "quoted phrase". `field` is None when the term may be anywhere."""

    text: str
    position: int
    phrase: bool = False
    field: FieldName | None = None


@dataclass(frozen=True)
class AliasRef:
    """`@name`: expands to the alias group's terms when the rules are compiled."""

    name: str
    position: int
    field: FieldName | None = None


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node
    position: int


@dataclass(frozen=True)
class Near:
    """Both sides within `distance` characters of each other (whitespace not counted)."""

    left: Node
    right: Node
    distance: int
    position: int


# Fields read from the article's extracted deals, not from its text (docs/rules.md).
DealFieldName = Literal["deal", "status", "subject", "country", "city", "party", "event", "amount"]
DEAL_FIELD_NAMES: tuple[DealFieldName, ...] = (
    "deal",
    "status",
    "subject",
    "country",
    "city",
    "party",
    "event",
    "amount",
)


@dataclass(frozen=True)
class DealField:
    """`deal:mou`, `country:베트남`, `amount>=100억`: a test on one extracted deal.

    `value` is canonical (country:Vietnam -> 베트남); for amount, `op` is the comparison and
    `krw` the bound in won."""

    field: DealFieldName
    value: str
    position: int
    op: str = ""
    krw: float = 0.0


Node = Term | AliasRef | And | Or | Not | Near | DealField
