"""The bigram index of search_text (see scwatch.core.search.grams): which articles can hold
a query's words, and their relevance."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, cast, func, literal, true
from sqlalchemy.engine import Connection

from scwatch.core.search import Matcher, positive_terms
from scwatch.storage.tables import articles

_text = articles.c.search_text


def candidates(conn: Connection, matcher: Matcher) -> Any:
    """A condition true for every article that can match (a superset of the matches)."""
    return true()


def relevance(conn: Connection, matcher: Matcher) -> Any:
    return occurrences(matcher)


def occurrences(matcher: Matcher) -> Any:
    """How often the query's words occur per 1,000 letters: the relevance of a scan."""
    total: Any = literal(0.0)
    for term in positive_terms(matcher):
        size = len(term.term)
        removed = func.length(func.replace(_text, literal(term.term), literal("")))
        total = total + cast(func.length(_text) - removed, Float) / size
    return total * 1000.0 / (func.length(_text) + 200)
