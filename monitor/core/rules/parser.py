"""Recursive-descent parser of rule queries.

Grammar (precedence NOT > NEAR > AND > OR; adjacent operands are joined by AND):

    query    := or_expr end
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := near_expr (["AND"] near_expr)*
    near_expr:= unary ("NEAR/n" unary)*
    unary    := "NOT" unary | scoped
    scoped   := [field ":"] (word | "phrase" | @alias | "(" or_expr ")") | dealfield
    dealfield:= ("deal"|"status"|"subject"|"country"|"city"|"party"|"event") ":" value
               | "amount" (">="|">"|"<="|"<"|"=") amount
"""

from __future__ import annotations

from dataclasses import replace

from scwatch.core.errors import RuleSyntaxError
from scwatch.core.rules.dealfields import deal_field
from scwatch.core.rules.nodes import (
    DEAL_FIELD_NAMES,
    FIELD_NAMES,
    AliasRef,
    And,
    DealField,
    DealFieldName,
    FieldName,
    Near,
    Node,
    Not,
    Or,
    Term,
)
from scwatch.core.rules.tokens import Token, tokenize

_FIELD_BY_NAME: dict[str, FieldName] = {name: name for name in FIELD_NAMES}
# Far beyond any real rule; deeper input would exhaust Python's recursion limit.
MAX_DEPTH = 50
_OPERAND_STARTS = frozenset({"word", "phrase", "alias", "field", "deal", "(", "NOT"})
_DEAL_FIELD_BY_NAME: dict[str, DealFieldName] = {name: name for name in DEAL_FIELD_NAMES}


def parse_query(text: str) -> Node:
    """Parse a rule query into a tree; RuleSyntaxError names the position and what was expected."""
    return _Parser(text).parse()


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = tokenize(query)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, message: str, token: Token | None = None) -> RuleSyntaxError:
        where = token or self.current
        return RuleSyntaxError(message, where.position, self.query)

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise self.fail("empty query: expected a term")
        node = self.or_expr("at the start of the query")
        if self.current.kind == ")":
            raise self.fail("unexpected ')' with no group open")
        if self.current.kind != "end":
            raise self.fail(f"unexpected {self.current.text!r}")
        return node

    def or_expr(self, context: str) -> Node:
        children = [self.and_expr(context)]
        while self.current.kind == "OR":
            self.advance()
            children.append(self.and_expr("after OR"))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self, context: str) -> Node:
        children = [self.near_expr(context)]
        while True:
            if self.current.kind == "AND":
                self.advance()
                children.append(self.near_expr("after AND"))
            elif self.current.kind in _OPERAND_STARTS:
                children.append(self.near_expr("after a term"))
            else:
                break
        return children[0] if len(children) == 1 else And(tuple(children))

    def near_expr(self, context: str) -> Node:
        node = self.unary(context)
        while self.current.kind == "NEAR":
            operator = self.advance()
            right = self.unary(f"after {operator.text}")
            node = Near(node, right, operator.distance, operator.position)
        return node

    def unary(self, context: str) -> Node:
        if self.current.kind == "NOT":
            operator = self.advance()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.fail(f"NOTs nested deeper than {MAX_DEPTH} levels", operator)
            node = Not(self.unary("after NOT"), operator.position)
            self.depth -= 1
            return node
        return self.scoped(context)

    def scoped(self, context: str) -> Node:
        if self.current.kind != "field":
            return self.primary(context)
        field_token = self.advance()
        name = _FIELD_BY_NAME[field_token.text]
        node = self.primary(f"after {name}:")
        return _with_field(node, name, field_token, self.query)

    def primary(self, context: str) -> Node:
        token = self.current
        if token.kind in ("word", "phrase"):
            self.advance()
            return Term(token.text, token.position, phrase=token.kind == "phrase")
        if token.kind == "alias":
            self.advance()
            return AliasRef(token.text, token.position)
        if token.kind == "deal":
            self.advance()
            name = _DEAL_FIELD_BY_NAME[token.text]
            return deal_field(name, token.value, token.op, token.position, self.query)
        if token.kind == "(":
            return self.group()
        raise self.fail(f"expected a term {context}{_found(token)}")

    def group(self) -> Node:
        opener = self.advance()
        if self.current.kind == ")":
            raise self.fail(f"empty group opened at {opener.position}")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"groups nested deeper than {MAX_DEPTH} levels", opener)
        node = self.or_expr("after '('")
        self.depth -= 1
        if self.current.kind != ")":
            raise self.fail(f"expected ')' after group opened at {opener.position}")
        self.advance()
        return node


def _found(token: Token) -> str:
    if token.kind == "end":
        return ", found the end of the query"
    return f", found {token.text!r}"


def _with_field(node: Node, name: FieldName, token: Token, query: str) -> Node:
    """Push a field scope down to every term of `node`; a different inner scope is an error."""
    if isinstance(node, DealField):
        raise RuleSyntaxError(
            f"{node.field}: is a deal field and cannot be inside {name}:", node.position, query
        )
    if isinstance(node, Term | AliasRef):
        if node.field not in (None, name):
            raise RuleSyntaxError(
                f"{node.field}: inside {name}: (field scope opened at {token.position})",
                node.position,
                query,
            )
        return replace(node, field=name)
    if isinstance(node, And):
        return And(tuple(_with_field(child, name, token, query) for child in node.children))
    if isinstance(node, Or):
        return Or(tuple(_with_field(child, name, token, query) for child in node.children))
    if isinstance(node, Not):
        return Not(_with_field(node.child, name, token, query), node.position)
    left = _with_field(node.left, name, token, query)
    return Near(left, _with_field(node.right, name, token, query), node.distance, node.position)
