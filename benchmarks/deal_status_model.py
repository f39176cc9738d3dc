"""Train and cross-validate the learned second opinion on the main deal's status.

Run from the project root (standard library only, no extra to install):

    PYTHONPATH=. python benchmarks/deal_status_model.py            # CV on dev, prints JSON
    PYTHONPATH=. python benchmarks/deal_status_model.py --misses   # dev real deals read none

Only the DEV split of tests/fixtures/labelled/deals/{a..n}.jsonl is read. Cross-validation
is leave-one-batch-out (one labelled file held out at a time: unseen writing), comparing the
rules alone with the rules plus the model (argmax, or an override above a probability).
`--write PATH` trains on all dev items and writes the weights as JSON. Test items are never
read here.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from deal_status_features import features, scores

from scwatch.core.deals import extract_deals
from scwatch.core.deals.boilerplate import without_boilerplate
from scwatch.core.deals.models import DEAL_STATUSES, Deal
from scwatch.core.deals.sentences import split
from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, compile_rules

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "fixtures" / "labelled" / "deals"
THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass
class Item:
    row: dict[str, Any]
    batch: str
    deals: tuple[Deal, ...]
    found: list[str]
    rule: str  # the rules' main status as the quality script reads it
    gold: str


def dev_items() -> list[Item]:
    items = []
    for path in sorted(LABELLED.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else None
            if row is None or row["split"] != "dev":
                continue  # the test split is never read here
            published = date.fromisoformat(row["published"][:10]) if row.get("published") else None
            deals = extract_deals(row["title"], row["body"], published)
            sentences = without_boilerplate(split(row["title"], row["body"]))
            found = features(row["title"], sentences, deals)
            rule = deals[0].status if deals else "none"
            items.append(Item(row, path.stem, deals, found, rule, row["expect"]["status"]))
    return items


def blind_items(dumps: Sequence[Path]) -> list[Item]:
    """Dev items as older code read them before their batch was written
    (benchmarks/deal_status_dump.py): the rules' errors on unseen writing."""
    rows = {}
    for path in sorted(LABELLED.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else None
            if row is not None and row["split"] == "dev":
                rows[row["id"]] = row
    items = []
    for dump in dumps:
        for line in dump.read_text(encoding="utf-8").splitlines():
            got = json.loads(line)
            row = rows[got["id"]]
            deals = tuple(
                Deal(d["kind"], d["status"], d["cue"], sentences={"status": d["sentence"]})
                for d in got["deals"]
            )
            sentences = without_boilerplate(split(row["title"], row["body"]))
            found = features(row["title"], sentences, deals)
            rule = deals[0].status if deals else "none"
            items.append(Item(row, got["batch"], deals, found, rule, row["expect"]["status"]))
    return items


def train(items: Sequence[Item], l2: float, epochs: int = 60) -> dict[str, dict[str, float]]:
    """Multinomial logistic regression, AdaGrad on the summed log loss + l2/2·|w|²."""
    weights: dict[str, dict[str, float]] = {s: {} for s in DEAL_STATUSES}
    squares: dict[str, dict[str, float]] = {s: {} for s in DEAL_STATUSES}
    usable = [item for item in items if item.found]
    share = l2 / max(1, len(usable))  # the penalty spread over the examples
    for _ in range(epochs):
        for item in usable:
            probs = scores(weights, item.found)
            for status in DEAL_STATUSES:
                error = probs[status] - (item.gold == status)
                per, sq = weights[status], squares[status]
                for name in ["", *item.found]:
                    grad = error + share * per.get(name, 0.0)
                    sq[name] = sq.get(name, 0.0) + grad * grad
                    per[name] = per.get(name, 0.0) - 0.5 * grad / math.sqrt(sq[name] + 1e-8)
    return weights


def train_nb(items: Sequence[Item], alpha: float) -> dict[str, dict[str, float]]:
    """Bernoulli naive Bayes written as the same weights (so `scores` is its posterior):
    w[s][f] = log P(f|s) - log P(not f|s), bias = log P(s) + sum of log P(not f|s)."""
    usable = [item for item in items if item.found]
    names = {name for item in usable for name in item.found}
    weights: dict[str, dict[str, float]] = {}
    for status in DEAL_STATUSES:
        mine = [set(item.found) for item in usable if item.gold == status]
        seen = Counter(name for found in mine for name in found)
        per, bias = {}, math.log((len(mine) + alpha) / (len(usable) + alpha * len(DEAL_STATUSES)))
        for name in names:
            p = (seen[name] + alpha) / (len(mine) + 2 * alpha)
            per[name] = math.log(p) - math.log(1 - p)
            bias += math.log(1 - p)
        per[""] = bias
        weights[status] = per
    return weights


def decide(weights: dict[str, dict[str, float]], item: Item, threshold: float) -> str:
    if not item.found:
        return item.rule
    probs = scores(weights, item.found)
    best = max(probs, key=probs.__getitem__)
    return best if best != item.rule and probs[best] >= threshold else item.rule


def story_rules(items: Sequence[Item], statuses: Sequence[str]) -> dict[str, list[int]]:
    """Per-story TP/FP/FN of the default rules with the main status replaced."""
    ruleset = compile_rules(DEFAULT_RULES, DEFAULT_ALIASES)
    fired: dict[str, set[str]] = {}
    expected: dict[str, set[str]] = {}
    for item, status in zip(items, statuses, strict=True):
        deals = item.deals
        if deals and deals[0].status != status:
            deals = (replace(deals[0], status=status), *deals[1:])  # type: ignore[arg-type]
        row = item.row
        matches = ruleset.match(row["title"], row["body"], deals=deals)
        fired.setdefault(row["story"], set()).update(m.rule for m in matches)
        expected.setdefault(row["story"], set()).update(row["expect"]["rules"])
    counts = {rule.name: [0, 0, 0] for rule in DEFAULT_RULES}
    for story, wanted in expected.items():
        for name, tally in counts.items():
            got, want = name in fired[story], name in wanted
            tally[0 if got and want else 1 if got else 2] += got or want
    return counts


def cross_validate(
    items: Sequence[Item], l2: float, rules_wanted: bool = True, bayes: bool = False
) -> dict[str, Any]:
    batches = sorted({item.batch for item in items})
    predicted: dict[float, list[str]] = {t: [] for t in THRESHOLDS}
    ordered: list[Item] = []
    for batch in batches:
        held = [item for item in items if item.batch == batch]
        rest = [item for item in items if item.batch != batch]
        weights = train_nb(rest, l2) if bayes else train(rest, l2)
        ordered += held
        for threshold in THRESHOLDS:
            predicted[threshold] += [decide(weights, item, threshold) for item in held]
    golds = [item.gold for item in ordered]
    rules = [item.rule for item in ordered]
    with_rules = rules_wanted
    result: dict[str, Any] = {"rules_only": _summary(ordered, golds, rules, with_rules)}
    for threshold, statuses in predicted.items():
        result[f"model_over_{threshold}"] = _summary(ordered, golds, statuses, with_rules)
    return result


def _summary(
    items: Sequence[Item], golds: Sequence[str], got: Sequence[str], with_rules: bool
) -> dict[str, Any]:
    right = sum(g == p for g, p in zip(golds, got, strict=True))
    per_batch = Counter(i.batch for i, g, p in zip(items, golds, got, strict=True) if g != p)
    fixed = sum(g == p != i.rule for i, g, p in zip(items, golds, got, strict=True))
    broken = sum(g == i.rule != p for i, g, p in zip(items, golds, got, strict=True))
    summary = {
        "accuracy": round(right / len(golds), 4),
        "errors": len(golds) - right,
        "fixed": fixed,
        "broken": broken,
        "errors_by_batch": dict(sorted(per_batch.items())),
    }
    if with_rules:  # per-story rule firing needs the full deals (current code only)
        summary["rules_tp_fp_fn"] = story_rules(items, got)
    return summary


def misses(items: Sequence[Item]) -> dict[str, Any]:
    """Dev items with a real deal whose main status is read none, by kind of miss."""
    kinds: Counter[str] = Counter()
    for item in items:
        if item.gold == "none" or item.rule != "none":
            continue
        if not item.deals:
            kinds[f"no trigger ({item.row['expect']['kind']})"] += 1
        else:
            cue = item.deals[0].status_cue or "(no cue)"
            kinds[f"trigger read none, cue {cue!r}"] += 1
    return dict(kinds.most_common())


def cost(weights: dict[str, dict[str, float]], seconds: float) -> dict[str, float]:
    """CPU time per article of extraction alone and with the model's second opinion, on the
    synthetic articles of benchmarks/deals.py (best of three passes each)."""
    from deals import articles  # the deal benchmark's articles (same directory)

    batch = articles()

    def with_model(title: str, body: str) -> object:
        deals = extract_deals(title, body)
        sentences = without_boilerplate(split(title, body))
        return scores(weights, features(title, sentences, deals)) if deals else None

    def model_only(title: str, sentences: list[Any], deals: tuple[Deal, ...]) -> object:
        return scores(weights, features(title, sentences, deals)) if deals else None

    # What a hook inside extract_deals would add: its sentences are already cut there.
    extracted = [(t, without_boilerplate(split(t, b)), extract_deals(t, b)) for t, b in batch]
    result = {}
    for name, call in (("extract", extract_deals), ("extract_and_model", with_model)):
        result[f"{name}_articles_per_s"] = round(
            max(_rate(call, batch, seconds) for _ in range(3)), 1
        )
    result["features_and_scores_ms_per_article"] = round(
        1000 / max(_rate(model_only, extracted, seconds) for _ in range(3)), 4
    )
    return result


def _rate(call: Any, batch: Sequence[tuple[Any, ...]], seconds: float) -> float:
    done, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for args in batch:
            call(*args)
        done += len(batch)
    return done / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--l2", type=float, nargs="*", default=[0.3, 1.0, 3.0])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--bayes", action="store_true", help="naive Bayes (--l2 is its alpha)")
    parser.add_argument("--write", type=Path)
    parser.add_argument("--cost", type=float, metavar="SECONDS", help="measure CPU cost")
    parser.add_argument("--blind", type=Path, nargs="*", help="dumps of deal_status_dump.py")
    args = parser.parse_args()
    items = blind_items(args.blind) if args.blind else dev_items()
    if args.misses:
        print(json.dumps(misses(items), ensure_ascii=False, indent=1))
        return
    if args.cost:
        print(json.dumps(cost(train(items, args.l2[0]), args.cost)))
        return
    if args.write:
        weights = train(items, args.l2[0])
        kept = {
            s: {k: round(v, 4) for k, v in w.items() if abs(v) >= 1e-3} for s, w in weights.items()
        }
        args.write.write_text(json.dumps(kept, ensure_ascii=False, sort_keys=True) + "\n")
        return
    report = {"dev_items": len(items), "by_l2": {}}
    for l2 in args.l2:
        report["by_l2"][str(l2)] = cross_validate(items, l2, not args.blind, args.bayes)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
