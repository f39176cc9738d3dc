"""Hostile or odd bodies (a page of digits, a table flattened into one endless line, a run
of one syllable) cost deal extraction and the story facts time in proportion to their
length. Before, several patterns were retried from every position: a 200,000-character
run of digits took about 25 minutes and would have stalled a crawl."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

HOSTILE = {
    "digits": "'1' * 200_000",
    "one endless sentence of triggers": "'수주 체결 MOU 1,200억원 (약 ' * 20_000",
    "one syllable": "'억' * 200_000",
    "letters with no space": "'가' * 300_000",
    "brackets": "'(' * 200_000 + '억원'",
    "amounts": "'1조 2천억 3백만 달러 ' * 20_000",
    "address-like run": "'a' * 200_000 + '@'",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_bodies_are_read_in_linear_time(name: str) -> None:
    # A subprocess with a generous limit: a hang guard (the work takes well under a
    # second), not a speed assertion.
    code = textwrap.dedent(
        f"""
        from scwatch.core.deals import extract_deals
        from scwatch.core.stories.signature import facts_of
        body = {HOSTILE[name]}
        deals = extract_deals("스마트시티 수주", body)
        facts_of("스마트시티 수주", body, None, deals)
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
