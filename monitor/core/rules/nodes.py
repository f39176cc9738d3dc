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


Node = Term | AliasRef | And | Or | Not | Near
