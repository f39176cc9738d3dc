"""Throughput of the rule matcher: articles/s with 10, 100 and 1,000 rules on one core.

Run from the project root:  PYTHONPATH=. python benchmarks/rules.py [--seconds 3]

Rules are generated in every operator shape from the default alias vocabulary plus either
made-up names ("random_terms": most rules stay silent, as in a real rule set) or words of
the labelled sentences ("labelled_words": a dense worst case where many rules fire on every
article). ~3,000-character bodies are made by joining labelled sentences, so the two default
rules fire on nearly every article. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import time
from pathlib import Path

from scwatch.core.models import Rule
from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, RuleSet, compile_rules

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


def random_terms(rng: random.Random, count: int) -> list[str]:
    """Made-up names: 2-4 Hangul syllables, or 3-5 Latin letters (one in five)."""
    syllables = [chr(code) for code in range(0xAC00, 0xD7A4)]
    terms = []
    for _ in range(count):
        if rng.random() < 0.2:
            terms.append("".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=rng.randint(3, 5))))
        else:
            terms.append("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    return terms


def labelled_words(texts: list[str]) -> list[str]:
    """Real words of the labelled set: terms that occur in the bodies (the dense scenario)."""
    return sorted({word for text in texts for word in re.findall(r"[가-힣]{2,4}", text)})


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


def measure(
    words: list[str], articles: list[tuple[str, str]], seconds: float, rng: random.Random
) -> dict[str, object]:
    results: dict[str, object] = {}
    for count in RULE_COUNTS:
        started = time.perf_counter()
        ruleset = compile_rules(make_rules(count, words, rng), DEFAULT_ALIASES)
        compile_seconds = time.perf_counter() - started
        matches = sum(len(ruleset.match(title, body)) for title, body in articles)
        results[str(count)] = {
            "articles_per_s": round(throughput(ruleset, articles, seconds)),
            "compile_s": round(compile_seconds, 3),
            "matches_per_article": round(matches / len(articles), 1),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()
    rng = random.Random(20241125)
    texts = labelled_texts()
    articles = make_articles(texts, rng)
    result: dict[str, object] = {
        "body_chars": BODY_CHARS,
        "articles": len(articles),
        "python": platform.python_version(),
        # Rules from the alias vocabulary and made-up names: most rules stay silent.
        "random_terms": measure(random_terms(rng, 5000), articles, args.seconds, rng),
        # Rules from words of the bodies themselves: many rules fire on every article.
        "labelled_words": measure(labelled_words(texts), articles, args.seconds, rng),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
