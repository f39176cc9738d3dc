"""Rule language, Korean-aware matcher and default export/MOU rules. Pure: no I/O.

    ruleset = compile_rules(DEFAULT_RULES, DEFAULT_ALIASES)
    for match in ruleset.match(title, body, source):
        print(match.rule, [e.marked() for e in match.evidence])

Reference: docs/rules.md.
"""

from scwatch.core.errors import RuleSyntaxError
from scwatch.core.rules.defaults import (
    DEFAULT_ALIASES,
    DEFAULT_RULES,
    DEFAULT_TERM_CONTEXTS,
    KEYWORD_RULES,
)
from scwatch.core.rules.evidence import sentence_spans
from scwatch.core.rules.matcher import RuleSet, compile_rules
from scwatch.core.rules.nodes import AliasRef, And, DealField, Near, Node, Not, Or, Term
from scwatch.core.rules.parser import parse_query
from scwatch.core.rules.terms import TermContext
from scwatch.core.text.marking import mark_terms

__all__ = [
    "DEFAULT_ALIASES",
    "DEFAULT_RULES",
    "DEFAULT_TERM_CONTEXTS",
    "KEYWORD_RULES",
    "AliasRef",
    "And",
    "DealField",
    "Near",
    "Node",
    "Not",
    "Or",
    "RuleSet",
    "RuleSyntaxError",
    "Term",
    "TermContext",
    "compile_rules",
    "mark_terms",
    "parse_query",
    "sentence_spans",
]
