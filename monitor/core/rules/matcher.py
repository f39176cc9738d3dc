"""compile_rules() and RuleSet.match(): Korean-aware rule matching over title, body, source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from scwatch.core.deals.models import Deal
from scwatch.core.errors import ConfigError
from scwatch.core.models import Evidence, Match, Rule
from scwatch.core.rules.compile import (
    TEXT_FIELDS,
    AllOf,
    AnyOf,
    Compiled,
    Compiler,
    Leaf,
    NoneOf,
    OneDeal,
    TriggerKey,
    Within,
    term_parts,
    triggers,
)
from scwatch.core.rules.dealfields import deal_holds, uses_deals
from scwatch.core.rules.defaults import DEFAULT_TERM_CONTEXTS
from scwatch.core.rules.evidence import MAX_EVIDENCE, EvidenceCollector, Span, TextField
from scwatch.core.rules.parser import parse_query
from scwatch.core.rules.terms import TermContext, TermScanner, build_specs
from scwatch.core.text.folding import FoldedText, squeeze


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    tree: Compiled
    term_parts: Mapping[int, frozenset[int]]
    uses_deals: bool = False


class _Found:
    """Every accepted term occurrence of one article, by field and term id."""

    def __init__(self, texts: Mapping[str, FoldedText]) -> None:
        self.texts = texts
        self.spans: dict[TextField, dict[int, list[Span]]] = {
            "title": {},
            "body": {},
            "source": {},
        }

        # Ids of the terms present, for each field combination a leaf can ask about.
        self.present: dict[tuple[TextField, ...], set[int]] = {}
        self.deals: Sequence[Deal] = ()
        self.deal_hits: list[Deal] = []  # the deals that satisfied the rule being evaluated

    def add(self, span: Span) -> None:
        self.spans[span.field].setdefault(span.term_id, []).append(span)

    def index(self) -> None:
        title, body = set(self.spans["title"]), set(self.spans["body"])
        self.present = {
            TEXT_FIELDS: title | body,
            ("title",): title,
            ("body",): body,
            ("source",): set(self.spans["source"]),
        }

    def __bool__(self) -> bool:
        return any(self.spans.values())


class RuleSet:
    """Compiled rules. match() folds the article once and scans all terms in one pass."""

    def __init__(
        self,
        rules: Sequence[CompiledRule],
        compiler: Compiler,
        term_contexts: Mapping[str, TermContext],
    ) -> None:
        self.rules = tuple(rules)
        self._scanner = TermScanner(build_specs(compiler.text_terms.terms, term_contexts))
        self._source_terms = compiler.source_terms.terms
        # Inverted index: a rule is only evaluated when one of its trigger terms is present.
        self._rules_by_trigger: dict[TriggerKey, list[int]] = {}
        self._always: list[int] = []
        self._uses_deals = any(compiled.uses_deals for compiled in self.rules)
        for index, compiled in enumerate(self.rules):
            keys = triggers(compiled.tree)
            if keys is None:
                self._always.append(index)
            for key in keys or ():
                self._rules_by_trigger.setdefault(key, []).append(index)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(compiled.rule.name for compiled in self.rules)

    def match(
        self, title: str, body: str, source: str = "", deals: Sequence[Deal] | None = None
    ) -> list[Match]:
        """The rules that fire on this article, each with up to three evidence sentences.

        Rules with deal fields read `deals`; when None, extract_deals(title, body) is called
        (once, and only if some rule has deal fields)."""
        texts = {"title": FoldedText(title), "body": FoldedText(body)}
        found = self._find(texts, source)
        if self._uses_deals:
            # Imported here: loading the configuration compiles rules but extracts nothing.
            from scwatch.core.deals.extract import extract_deals

            found.deals = extract_deals(title, body) if deals is None else deals
        elif not found:
            return []  # every rule needs at least one term present
        collector = EvidenceCollector(texts)
        matches = []
        for index in self._candidates(found):
            compiled = self.rules[index]
            if not _holds(compiled.tree, found):
                continue
            found.deal_hits = []
            spans = _evaluate(compiled.tree, found)
            if spans is not None:
                evidence = _deal_evidence(found.deal_hits, title)
                evidence += collector.evidence(spans, compiled.term_parts)
                matches.append(Match(compiled.rule.name, evidence[:MAX_EVIDENCE]))
        return matches

    def _candidates(self, found: _Found) -> list[int]:
        """Indexes of the rules whose trigger terms are present, in configured order."""
        by_trigger = self._rules_by_trigger
        indexes = set(self._always)
        for kind, present in (
            ("text", found.present[TEXT_FIELDS]),
            ("source", found.present[("source",)]),
        ):
            for term_id in present:
                indexes.update(by_trigger.get((kind, term_id), ()))
        return sorted(indexes)

    def _find(self, texts: Mapping[str, FoldedText], source: str) -> _Found:
        found = _Found(texts)
        for name in ("title", "body"):
            field: TextField = "title" if name == "title" else "body"
            spans = found.spans[field]
            for term_id, start, end in self._scanner.scan(texts[name]):
                span = Span(field, start, end, term_id)
                if term_id in spans:
                    spans[term_id].append(span)
                else:
                    spans[term_id] = [span]
        slug = squeeze(source)
        for term_id, term in enumerate(self._source_terms):
            if slug and (slug == term or slug.startswith(term + "-")):
                found.add(Span("source", 0, 0, term_id))
        found.index()
        return found


def compile_rules(
    rules: Sequence[Rule],
    aliases: Mapping[str, Sequence[str]],
    *,
    term_contexts: Mapping[str, TermContext] = DEFAULT_TERM_CONTEXTS,
) -> RuleSet:
    """Parse and compile every rule once; RuleSyntaxError names the rule's bad position."""
    compiler = Compiler(aliases)
    compiled = []
    seen: set[str] = set()
    for rule in rules:
        if rule.name in seen:
            raise ConfigError(f"two rules are named {rule.name!r}; rule names must be unique")
        seen.add(rule.name)
        parsed = parse_query(rule.query)
        tree = compiler.compile(parsed, rule.query)
        compiled.append(CompiledRule(rule, tree, term_parts(tree), uses_deals(parsed)))
    return RuleSet(compiled, compiler, term_contexts)


def _holds(node: Compiled, found: _Found) -> bool:
    """Whether `node` is true, without collecting spans (most rules fail here, cheaply)."""
    if isinstance(node, Leaf):
        return not node.term_ids.isdisjoint(found.present[node.fields])
    if isinstance(node, AllOf):
        return all(_holds(child, found) for child in node.children)
    if isinstance(node, AnyOf):
        return any(_holds(child, found) for child in node.children)
    if isinstance(node, NoneOf):
        return not _holds(node.child, found)
    if isinstance(node, OneDeal):
        return any(deal_holds(node.tree, deal) for deal in found.deals)
    return _holds(node.left, found) and _holds(node.right, found) and bool(_within(node, found))


def _evaluate(node: Compiled, found: _Found) -> list[Span] | None:
    """The spans that make `node` true, or None when it is false ([] for a true NOT)."""
    if isinstance(node, Leaf):
        return _leaf_spans(node, found)
    if isinstance(node, AllOf):
        spans: list[Span] = []
        for child in node.children:
            child_spans = _evaluate(child, found)
            if child_spans is None:
                return None
            spans += child_spans
        return spans
    if isinstance(node, AnyOf):
        results = [_evaluate(child, found) for child in node.children]
        matched = [spans for spans in results if spans is not None]
        return [span for spans in matched for span in spans] if matched else None
    if isinstance(node, NoneOf):
        saved = list(found.deal_hits)  # deals under NOT are never evidence
        result: list[Span] | None = [] if _evaluate(node.child, found) is None else None
        found.deal_hits = saved
        return result
    if isinstance(node, OneDeal):
        hit = next((deal for deal in found.deals if deal_holds(node.tree, deal)), None)
        if hit is None:
            return None
        found.deal_hits.append(hit)
        return []
    return _within(node, found)


def _deal_evidence(deals: Sequence[Deal], title: str) -> tuple[Evidence, ...]:
    """The sentence that decided each matching deal's status, its cue as the marked term."""
    evidence: dict[str, Evidence] = {}
    for deal in deals:
        sentence = deal.sentences.get("status") or next(iter(deal.sentences.values()), "")
        if not sentence or sentence in evidence:
            continue
        field: Literal["title", "body"] = "title" if sentence == title.strip() else "body"
        terms = (deal.status_cue,) if deal.status_cue and deal.status_cue in sentence else ()
        evidence[sentence] = Evidence(field, sentence[:300], terms)
    return tuple(evidence.values())


def _leaf_spans(node: Leaf, found: _Found) -> list[Span] | None:
    spans: list[Span] = []
    for field in node.fields:
        by_term = found.spans[field]
        for term_id in node.term_ids & by_term.keys():
            spans += by_term[term_id]
    return spans or None


def _within(node: Within, found: _Found) -> list[Span] | None:
    left = _evaluate(node.left, found)
    right = _evaluate(node.right, found) if left else None
    if not left or not right:
        return None
    kept: dict[Span, None] = {}
    for a in left:
        for b in right:
            if a.field == b.field and _close(a, b, node.distance, found):
                kept[a] = None
                kept[b] = None
    return list(kept) or None


def _close(a: Span, b: Span, distance: int, found: _Found) -> bool:
    """At most `distance` non-whitespace characters between the two spans."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    raw = second.start - first.end
    if raw <= distance:
        return True  # whitespace only makes the squeezed gap smaller
    return found.texts[first.field].squeezed_gap(first.end, second.start) <= distance
