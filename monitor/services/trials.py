"""Trying rules without storing or sending anything: `scwatch rules test`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from scwatch.config import Config
from scwatch.core.models import Match, Rule
from scwatch.core.rules import RuleSet, compile_rules
from scwatch.services.archive import iter_archive
from scwatch.storage import Database


@dataclass(frozen=True)
class Sample:
    """An article to try rules on: stored (its id) or given (e.g. a line number)."""

    ref: str
    title: str
    body: str
    source: str = ""


@dataclass(frozen=True)
class RuleTrial:
    sample: Sample
    matches: list[Match]


def trial_ruleset(config: Config, query: str | None) -> RuleSet:
    """`query` as a rule named "query", else the configured rules (RuleSyntaxError when
    the query does not parse)."""
    rules = [Rule(name="query", query=query)] if query else config.rules
    return compile_rules(rules, config.aliases)


def try_rules(ruleset: RuleSet, samples: Iterable[Sample]) -> Iterator[RuleTrial]:
    for sample in samples:
        yield RuleTrial(sample, ruleset.match(sample.title, sample.body, sample.source))


def archive_samples(db: Database, since: datetime | None) -> Iterator[Sample]:
    for article in iter_archive(db, since=since):
        yield Sample(str(article.id), article.title, article.body, article.source)
