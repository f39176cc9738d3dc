"""A search query: the rule language's grammar (AND, OR, NOT, "phrases", title:, body:,
source:, @alias) read as substring tests on the squeezed text an article is stored with.

Rules decide whether a short Hangul word stands on its own (수출 but not 수출입); search
finds every occurrence, so 협약 is found in 업무협약을 and 수출 in 수출상담회. A particle
after an unquoted Korean word is taken off (scwatch.core.text.query.strip_particle), so
`양해각서를` finds every form of the word.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from scwatch.core.errors import QueryError
from scwatch.core.rules.nodes import AliasRef, And, DealField, Near, Node, Not, Or, Term
from scwatch.core.rules.parser import parse_query
from scwatch.core.text.folding import squeeze
from scwatch.core.text.query import strip_particle

Field = Literal["title", "body"]


@dataclass(frozen=True)
class Contains:
    """The squeezed `term` occurs in the title, the body, or either (field None)."""

    term: str
    field: Field | None = None


@dataclass(frozen=True)
class SourceIs:
    """The article came from this source slug."""

    slug: str


@dataclass(frozen=True)
class Every:
    children: tuple[Matcher, ...]


@dataclass(frozen=True)
class OneOf:
    children: tuple[Matcher, ...]


@dataclass(frozen=True)
class Neither:
    child: Matcher


Matcher = Contains | SourceIs | Every | OneOf | Neither


def compile_search(query: str, aliases: Mapping[str, Sequence[str]] | None = None) -> Matcher:
    """The matcher of a search query; QueryError (RuleSyntaxError) says what is wrong."""
    if not query.strip():
        raise QueryError("the query has no words")
    matcher = _compile(parse_query(query), aliases or {})
    if not any(True for _ in positive_terms(matcher)) and not _has_source(matcher):
        raise QueryError(f"the query needs a word to look for, not only NOT: {query!r}")
    return matcher


def _compile(node: Node, aliases: Mapping[str, Sequence[str]]) -> Matcher:
    if isinstance(node, Term):
        return _term(node.text, node.phrase, node.field)
    if isinstance(node, AliasRef):
        return _alias(node, aliases)
    if isinstance(node, And):
        return Every(tuple(_compile(child, aliases) for child in node.children))
    if isinstance(node, Or):
        return OneOf(tuple(_compile(child, aliases) for child in node.children))
    if isinstance(node, Not):
        return Neither(_compile(node.child, aliases))
    if isinstance(node, Near):
        raise QueryError("NEAR/n is for rules; in search write the words with AND")
    assert isinstance(node, DealField)
    raise QueryError(
        f"{node.field}: is a deal field: use the deal options (--deal, --status, --country, "
        "--party) to filter search results by deal"
    )


def _term(text: str, phrase: bool, field: str | None) -> Matcher:
    if field == "source":
        return SourceIs(text.strip())
    squeezed = squeeze(text if phrase else strip_particle(text))
    if not squeezed:
        raise QueryError(f"{text!r} has nothing to look for")
    return Contains(squeezed, "title" if field == "title" else "body" if field else None)


def _alias(node: AliasRef, aliases: Mapping[str, Sequence[str]]) -> Matcher:
    terms = aliases.get(node.name)
    if not terms:
        known = ", ".join(f"@{name}" for name in sorted(aliases)) or "none configured"
        raise QueryError(f"unknown alias group @{node.name} (known: {known})")
    return OneOf(tuple(_term(term, True, node.field) for term in terms))


def positive_terms(matcher: Matcher) -> Iterator[Contains]:
    """The terms the query looks for (not those under NOT): what snippets highlight."""
    if isinstance(matcher, Contains):
        yield matcher
    elif isinstance(matcher, Every | OneOf):
        for child in matcher.children:
            yield from positive_terms(child)


def _has_source(matcher: Matcher) -> bool:
    if isinstance(matcher, SourceIs):
        return True
    if isinstance(matcher, Every | OneOf):
        return any(_has_source(child) for child in matcher.children)
    return False


def accepts(matcher: Matcher, search_text: str, source: str) -> bool:
    """The substring test itself, on one article: what the SQL conditions and the index
    compute, used to check each hit shown and as the reference the tests compare with."""
    if isinstance(matcher, Contains):
        title, _, body = search_text.partition("\n")
        where = {"title": title, "body": body}.get(matcher.field or "", search_text)
        return matcher.term in where
    if isinstance(matcher, SourceIs):
        return source == matcher.slug
    if isinstance(matcher, Every):
        return all(accepts(child, search_text, source) for child in matcher.children)
    if isinstance(matcher, OneOf):
        return any(accepts(child, search_text, source) for child in matcher.children)
    return not accepts(matcher.child, search_text, source)


def index_decides(matcher: Matcher) -> bool:
    """True when a positioned bigram index answers `matcher` exactly by itself: words
    anywhere in the article, joined by AND and OR (no NOT, no field, no source)."""
    if isinstance(matcher, Contains):
        return matcher.field is None
    if isinstance(matcher, Every | OneOf):
        return all(index_decides(child) for child in matcher.children)
    return False
