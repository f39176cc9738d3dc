"""Precision and recall of the default rules on the hand-labelled sentences.

Print the tables (default rules, then NEAR/n variants):
    PYTHONPATH=.:tests python tests/core/rules/test_rules_quality.py
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from support.paths import LABELLED

from scwatch.core.models import Rule
from scwatch.core.rules import DEFAULT_ALIASES, KEYWORD_RULES, compile_rules

LABELS = {"export": "smart-city export", "mou": "smart-city MOU"}
# Floors set just below the measured values (docs/rules.md, "Measured quality").
FLOORS = {"export": (0.94, 0.95), "mou": (0.95, 0.92)}


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / ((self.true_positives + self.false_positives) or 1)

    @property
    def recall(self) -> float:
        return self.true_positives / ((self.true_positives + self.false_negatives) or 1)


def load() -> list[dict[str, object]]:
    lines = LABELLED.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def article(text: str) -> tuple[str, str]:
    """A record with a newline is title + body; a single line is a body."""
    title, newline, body = text.partition("\n")
    return (title, body) if newline else ("", text)


def measure(rules: Sequence[Rule] = KEYWORD_RULES) -> dict[str, Score]:
    ruleset = compile_rules(rules, DEFAULT_ALIASES)
    scores = {label: Score() for label in LABELS}
    for record in load():
        fired = {match.rule for match in ruleset.match(*article(str(record["text"])))}
        for label, rule in LABELS.items():
            score, wanted, got = scores[label], bool(record[label]), rule in fired
            score.true_positives += wanted and got
            score.false_positives += got and not wanted
            score.false_negatives += wanted and not got
    return scores


def test_the_labelled_set_is_big_enough_and_balanced() -> None:
    records = load()
    assert len(records) >= 150
    for label in LABELS:
        positives = sum(bool(record[label]) for record in records)
        assert 40 <= positives <= len(records) - 40


def test_default_rules_meet_the_quality_floor() -> None:
    for label, score in measure().items():
        precision_floor, recall_floor = FLOORS[label]
        assert score.precision >= precision_floor, (label, score)
        assert score.recall >= recall_floor, (label, score)


def near_variant(distance: int) -> tuple[Rule, ...]:
    return tuple(
        Rule(rule.name, rule.query.replace(" AND ", f" NEAR/{distance} ")) for rule in KEYWORD_RULES
    )


def print_table(title: str, scores: dict[str, Score]) -> None:
    print(f"\n{title}\n")
    print("| rule | precision | recall | TP | FP | FN |")
    print("|---|---|---|---|---|---|")
    for label, score in scores.items():
        print(
            f"| {LABELS[label]} | {score.precision:.3f} | {score.recall:.3f} | "
            f"{score.true_positives} | {score.false_positives} | {score.false_negatives} |"
        )


if __name__ == "__main__":
    print(f"{len(load())} labelled records")
    print_table("default rules (@smartcity AND @export / @mou)", measure())
    for distance in (30, 60, 100):
        print_table(f"variant: @smartcity NEAR/{distance} ...", measure(near_variant(distance)))
