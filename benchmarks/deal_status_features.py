"""Features and inference of the learned second opinion on the main deal's status
(docs/deals.md, "Learned status"). Measured, not adopted: it lives with its experiment
(benchmarks/deal_status_model.py), not in the package.

The rules (cues.py, extract.py) read the status; this module describes that reading as a
few sparse features — the rule's status and cue, the trigger kind, where the status sentence
stands (headline, lead, later), the tense and the last syllables of its final predicate, the
day, event and past markers in it, the title's story kind — and scores the five statuses
with a multinomial logistic regression: weights are a dict, inference is dict look-ups.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

from scwatch.core.deals.english import is_english
from scwatch.core.deals.models import DEAL_STATUSES, Deal, DealStatus
from scwatch.core.deals.predicates import final_tense, quoted_clause
from scwatch.core.deals.sentences import Sentence

# {status: {feature: weight}}; "" is the bias.
Weights = Mapping[str, Mapping[str, float]]
_END_MARKS = re.compile(r"[\s.\"'”’)\]…!?]+$")
_QUOTE = re.compile(r"[\"“”]")
# Markers of its own, generic on purpose: the rules' tuned lists (dates.py, context.py,
# genre.py) were fitted on the labelled dev items, so features built on them would let a
# model trained there look better on those items than on unseen writing.
_PLANNED_WORD = re.compile(r"예정|계획|추진|방침|검토|협의|협상|기대|전망|목표|앞두|나선|나설")
_DAY = re.compile(r"\d{1,2}일|오는\s|내달|다음\s?달")
_EVENT = re.compile(r"엑스포|박람회|포럼|서밋|위크|CES|WSCW|SCEWC|expo|summit", re.IGNORECASE)
_PAST = re.compile(r"지난해|작년|앞서|이미|그동안|당시|\d{4}년|last year|earlier", re.IGNORECASE)
_POLICY = re.compile(
    r"전략|방안|정책|대책|예산|지원|방문|논의|회담|개막|분석|전망|\[", re.IGNORECASE
)
_RECORD = re.compile(r"영업\s?이익|매출|실적|상장|인사|취임|선임|수상", re.IGNORECASE)
_ASIDE = re.compile(r"기도\s?했|참가\s?(?:기업|업체|사)|참여\s?기업")
_HANGUL = re.compile(r"[가-힣]")


def features(title: str, sentences: Sequence[Sentence], deals: Sequence[Deal]) -> list[str]:
    """The sparse features of the main deal's reading (deals[0]); [] when there is none."""
    if not deals:
        return []
    main = deals[0]
    sentence = main.sentences.get("status", "")
    where = _where(title, sentences, sentence)
    found = [
        f"rule={main.status}",
        f"kind={main.kind}",
        f"rule&kind={main.status}&{main.kind}",
        f"where={where}",
        f"rule&where={main.status}&{where}",
        f"deals={min(len(deals), 4)}",
    ]
    found += [f"other={s}" for s in sorted({d.status for d in deals[1:]})]
    found += _cue_features(main.status_cue)
    found += _sentence_features(sentence, main.status)
    found += _title_features(title)
    return found


def _where(title: str, sentences: Sequence[Sentence], sentence: str) -> str:
    if sentence and sentence == title.strip():
        return "title"
    for found in sentences:
        if found.text == sentence:
            return "lead" if found.index <= 2 else "later"
    return "unknown"


def _cue_features(cue: str) -> list[str]:
    if not cue:
        return ["cue=none"]
    folded = cue.lower().replace(" ", "")
    grams = {folded[i : i + 2] for i in range(max(1, len(folded) - 1))}
    return [f"cue={folded[:12]}", *(f"cue2={g}" for g in sorted(grams))]


def _sentence_features(sentence: str, status: str) -> list[str]:
    tense = final_tense(sentence) if sentence else None
    found = [f"tense={tense[0] if tense else 'none'}", f"rule&tense={status}&{tense and tense[0]}"]
    clause = _END_MARKS.sub("", quoted_clause(sentence))
    tail = clause[-3:]
    found += [f"end3={tail}", f"end2={tail[-2:]}", f"end1={tail[-1:]}"] if tail else ["end=none"]
    markers = (
        ("date", _DAY.search(sentence)),
        ("event", _EVENT.search(sentence)),
        ("past", _PAST.search(sentence)),
        ("planword", _PLANNED_WORD.search(sentence)),
        ("quote", _QUOTE.search(sentence)),
        ("english", sentence and is_english(sentence)),
        ("side", _ASIDE.search(sentence)),
        ("korean_verbless", _HANGUL.search(tail) and not clause.endswith("다")),
    )
    return found + [f"mark={name}" for name, hit in markers if hit]


def _title_features(title: str) -> list[str]:
    markers = (("policy", _POLICY), ("record", _RECORD), ("planword", _PLANNED_WORD))
    return [f"title={name}" for name, pattern in markers if pattern.search(title)]


def scores(weights: Weights, found: Iterable[str]) -> dict[str, float]:
    """Probability of each status given the features (softmax of summed weights)."""
    names = list(found)
    raw = {
        status: per.get("", 0.0) + sum(per.get(name, 0.0) for name in names)
        for status, per in weights.items()
    }
    top = max(raw.values())
    exp = {status: math.exp(value - top) for status, value in raw.items()}
    total = sum(exp.values())
    return {status: value / total for status, value in exp.items()}


def second_opinion(
    weights: Weights, found: Iterable[str], rule: DealStatus, threshold: float
) -> tuple[DealStatus, float] | None:
    """The model's status when it differs from the rule's with at least `threshold`
    probability; None when the rule's reading stands."""
    probs = scores(weights, found)
    best = max(probs, key=probs.__getitem__)
    if best == rule or probs[best] < threshold or best not in DEAL_STATUSES:
        return None
    return best, probs[best]  # type: ignore[return-value]
