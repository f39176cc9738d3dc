"""The demo web's golden extraction set: one case per article page of scwatch.demo.web, in
tests/core/extract/expected.json (next to the test that extracts the pages)."""

from __future__ import annotations

import json
from typing import Any

from support.paths import ROOT

EXPECTED_JSON = ROOT / "tests" / "core" / "extract" / "expected.json"
EXPECTED: list[dict[str, Any]] = json.loads(EXPECTED_JSON.read_text(encoding="utf-8"))["articles"]


def case_id(case: dict[str, Any]) -> str:
    return f"{case['source']}:{case['story']}"
