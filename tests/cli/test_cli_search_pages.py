"""`scwatch search` as a desk uses it on the demo archive: snippets with the words
highlighted and the URL, "showing N of M", pages, relevance order, publication dates and
the JSON fields scripts read."""

from __future__ import annotations

from pathlib import Path

from support.cli import json_lines, scwatch


def run(demo_dir: Path, *args: str) -> tuple[int, str, str]:
    result = scwatch("search", *args, "-c", str(demo_dir / "scwatch.toml"))
    return result.returncode, result.stdout, result.stderr


def test_table_shows_snippet_url_and_how_many_in_all(demo_dir: Path) -> None:
    code, out, _ = run(demo_dir, "스마트시티", "--limit", "2")
    assert code == 0
    assert "/article/" in out and "://" in out and "스마트시티" in out
    assert "showing 1-2 of " in out and "next page: --offset 2" in out


def test_json_pages_carry_snippet_highlights_and_total(demo_dir: Path) -> None:
    _, out, _ = run(demo_dir, "스마트시티", "-f", "json", "--limit", "3")
    first = json_lines(out)
    _, out, _ = run(demo_dir, "스마트시티", "-f", "json", "--limit", "3", "--offset", "3")
    second = json_lines(out)
    assert first and {row["total"] for row in first + second} == {first[0]["total"]}
    assert not {row["id"] for row in first} & {row["id"] for row in second}
    for row in first:
        snippet = str(row["snippet"])
        spans = row["highlights"]
        assert isinstance(spans, list) and spans
        assert all(snippet[s:e].replace(" ", "") == "스마트시티" for s, e in spans)
        assert str(row["url"]).startswith("http") and row["story_matches"] == row["copies"] + 1


def test_relevance_order_and_publication_dates(demo_dir: Path) -> None:
    code, out, _ = run(demo_dir, "스마트시티", "--order", "relevance", "-f", "json")
    assert code == 0 and {row["order"] for row in json_lines(out)} == {"relevance"}
    _, out, _ = run(demo_dir, "스마트시티", "--from", "2025-01-01", "--to", "2025-12-31",
                    "-f", "json")  # fmt: skip
    dated = json_lines(out)
    assert all(str(row["published_at"]) >= "2024-12-31T15:00" for row in dated)
    code, _, err = run(demo_dir, "스마트시티", "--to", "yesterday")
    assert code == 2 and "--to" in err


def test_bad_queries_and_unknown_rules_are_usage_errors(demo_dir: Path) -> None:
    code, _, err = run(demo_dir, "수출 AND (")
    assert code == 2 and "position" in err
    code, _, err = run(demo_dir, "수출", "--rule", "no-such-rule")
    assert code == 2 and "no-such-rule" in err
    code, _, err = run(demo_dir, "수출", "--order", "oldest")
    assert code == 2


def test_out_of_range_story_or_date_is_a_usage_error_not_a_traceback(demo_dir: Path) -> None:
    for extra in (["--story", "99999999999999999999"], ["--to", "9999-12-31"]):
        code, out, err = run(demo_dir, "스마트시티", *extra)
        assert code == 2, (extra, out, err)
        assert "out of range" in err and "Traceback" not in err
