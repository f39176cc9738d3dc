"""Throughput of the rule matcher: articles/s with 10, 100 and 1,000 rules on one core.

Run from the project root:  PYTHONPATH=. python benchmarks/rules.py [--seconds 3]

Rules are generated from the default alias vocabulary, words of the labelled sentences and
random Hangul strings, in every operator shape; ~3,000-character bodies are made by joining
labelled sentences. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import time
from pathlib import Path

from monitor.models import Rule
from monitor.rules import DEFAULT_ALIASES, DEFAULT_RULES, RuleSet, compile_rules

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "fixtures" / "labelled" / "sentences.jsonl"
BODY_CHARS = 3000
ARTICLES = 200
RULE_COUNTS = (10, 100, 1000)


def labelled_texts() -> list[str]:
    lines = LABELLED.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"].replace("\n", " ") for line in lines if line.strip()]


def make_articles(texts: list[str], rng: random.Random) -> list[tuple[str, str]]:
    articles = []
    for _ in range(ARTICLES):
        body: list[str] = []
        while sum(map(len, body)) < BODY_CHARS:
            body.append(rng.choice(texts))
        articles.append((rng.choice(texts)[:60], " ".join(body)[:BODY_CHARS]))
    return articles


def vocabulary(texts: list[str], rng: random.Random) -> list[str]:
    words = sorted({w for text in texts for w in re.findall(r"[가-힣]{2,4}", text)})
    aliases = [term for terms in DEFAULT_ALIASES.values() for term in terms]
    syllables = [chr(code) for code in range(0xAC00, 0xD7A4)]
    noise = ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(2000)]
    return aliases + words + noise


def make_rules(count: int, words: list[str], rng: random.Random) -> list[Rule]:
    aliases = [f"@{name}" for name in DEFAULT_ALIASES]
    shapes = [
        "{a} AND ({w1} OR {w2})",
        '"{w1}" NEAR/30 {a}',
        "{a} {w1} NOT {w2}",
        "title:{w1} OR body:({w2} {a})",
        "({w1} OR {w2} OR {w3}) AND {a}",
    ]
    rules = list(DEFAULT_RULES)[:count]
    while len(rules) < count:
        shape = rng.choice(shapes)
        query = shape.format(
            a=rng.choice(aliases), w1=rng.choice(words), w2=rng.choice(words), w3=rng.choice(words)
        )
        rules.append(Rule(f"rule-{len(rules)}", query))
    return rules


def throughput(ruleset: RuleSet, articles: list[tuple[str, str]], seconds: float) -> float:
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for title, body in articles:
            ruleset.match(title, body)
        done += len(articles)
    return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per rule count")
    args = parser.parse_args()
    rng = random.Random(20241125)
    texts = labelled_texts()
    articles = make_articles(texts, rng)
    words = vocabulary(texts, rng)
    result: dict[str, object] = {"body_chars": BODY_CHARS, "python": platform.python_version()}
    for count in RULE_COUNTS:
        started = time.perf_counter()
        ruleset = compile_rules(make_rules(count, words, rng), DEFAULT_ALIASES)
        compile_seconds = time.perf_counter() - started
        matches = sum(len(ruleset.match(title, body)) for title, body in articles)
        result[f"rules_{count}"] = {
            "articles_per_s": round(throughput(ruleset, articles, args.seconds)),
            "compile_s": round(compile_seconds, 3),
            "matches_per_article": round(matches / len(articles), 1),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
