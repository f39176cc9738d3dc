"""Deal fields in rules: parsing, one-deal semantics, evidence and errors."""

from __future__ import annotations

import pytest

from scwatch.core.deals.models import Amount, Deal, Party
from scwatch.core.errors import RuleSyntaxError
from scwatch.core.models import Rule
from scwatch.core.rules import DEFAULT_ALIASES, DealField, compile_rules, parse_query

SENTENCE = "LH는 베트남 하노이시와 스마트시티 MOU를 체결했다."
DONE_MOU = Deal(
    "mou",
    "done",
    "체결했다",
    (Party("LH", "korean", "public_body"),),
    "베트남",
    "하노이",
    Amount(1e10, "KRW", 1e10, "100억원"),
    "WSCW",
    smartcity=True,
    sentences={"status": SENTENCE},
)
PLANNED_EXPORT = Deal("export", "planned", smartcity=True, sentences={"status": "x"})


def _fires(query: str, deals: list[Deal], title: str = "", body: str = SENTENCE) -> bool:
    ruleset = compile_rules([Rule("r", query)], DEFAULT_ALIASES)
    return bool(ruleset.match(title, body, deals=deals))


def test_parse_canonicalises_values() -> None:
    assert parse_query("country:Vietnam") == DealField("country", "베트남", 0)
    assert parse_query("party:한국토지주택공사") == DealField("party", "LH", 0)
    node = parse_query("amount>=1000만달러")
    assert isinstance(node, DealField) and node.op == ">=" and node.krw == 1.35e10


@pytest.mark.parametrize(
    ("query", "fires"),
    [
        ("deal:mou AND status:done", True),
        ("deal:export AND status:done", False),  # two different deals do not add up
        ("deal:export AND status:planned", True),
        ("subject:smartcity AND country:베트남 AND city:하노이", True),
        ("party:lh AND event:SCEWC", False),
        ("amount>=100억", True),
        ("amount>100억", False),
        ("deal:mou AND 체결", True),
        ("deal:mou AND 수주", False),
    ],
)
def test_one_deal_semantics(query: str, fires: bool) -> None:
    assert _fires(query, [DONE_MOU, PLANNED_EXPORT]) is fires


def test_evidence_is_the_deal_sentence() -> None:
    ruleset = compile_rules([Rule("r", "deal:mou AND status:done")], DEFAULT_ALIASES)
    [match] = ruleset.match("", SENTENCE, deals=[DONE_MOU])
    assert match.evidence[0].sentence == SENTENCE
    assert match.evidence[0].field == "body" and match.evidence[0].terms == ("체결했다",)


def test_deals_are_extracted_when_not_given() -> None:
    ruleset = compile_rules([Rule("r", "deal:mou AND status:done")], DEFAULT_ALIASES)
    assert ruleset.match("LH, 하노이시와 스마트시티 MOU 체결", "")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "deal:loan",
            "deal:loan is not a known value (allowed: deal:mou|export|consultation|pilot)",
        ),
        ("status:maybe", "allowed: status:done|scheduled|planned|background|none"),
        ("subject:space", "allowed: subject:smartcity"),
        ("amount>=lots", "amount>=lots: not an amount"),
        ("title:(deal:mou)", "deal: is a deal field and cannot be inside title:"),
        ("country:", "expected a value after country:"),
    ],
)
def test_errors_name_the_field(query: str, message: str) -> None:
    with pytest.raises(
        RuleSyntaxError, match=message.replace("(", r"\(").replace(")", r"\)").replace("|", r"\|")
    ):
        compile_rules([Rule("r", query)], DEFAULT_ALIASES)
