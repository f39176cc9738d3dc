"""Archive search in the core: the query (the rule language, read as substring tests on
the squeezed text), the bigram tokens an index keeps, and highlighted snippets. Pure."""

from scwatch.core.search.grams import gram_tokens, term_grams
from scwatch.core.search.query import (
    Contains,
    Every,
    Matcher,
    Neither,
    OneOf,
    SourceIs,
    accepts,
    compile_search,
    index_decides,
    positive_terms,
)
from scwatch.core.search.snippets import snippet_of

__all__ = [
    "Contains",
    "Every",
    "Matcher",
    "Neither",
    "OneOf",
    "SourceIs",
    "accepts",
    "compile_search",
    "gram_tokens",
    "index_decides",
    "positive_terms",
    "snippet_of",
    "term_grams",
]
