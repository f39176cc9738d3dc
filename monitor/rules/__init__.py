"""Rule language, Korean-aware matcher and default export/MOU rules. Pure: no I/O.

    ruleset = compile_rules(DEFAULT_RULES, DEFAULT_ALIASES)
    for match in ruleset.match(title, body, source):
        print(match.rule, [e.marked() for e in match.evidence])

Reference: docs/rules.md.
"""

from monitor.errors import RuleSyntaxError
from monitor.rules.defaults import DEFAULT_ALIASES, DEFAULT_RULES, DEFAULT_TERM_CONTEXTS
from monitor.rules.evidence import mark_terms, sentence_spans
from monitor.rules.matcher import RuleSet, compile_rules
from monitor.rules.nodes import AliasRef, And, Near, Node, Not, Or, Term
from monitor.rules.parser import parse_query
from monitor.rules.terms import TermContext

__all__ = [
    "DEFAULT_ALIASES",
    "DEFAULT_RULES",
    "DEFAULT_TERM_CONTEXTS",
    "AliasRef",
    "And",
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
