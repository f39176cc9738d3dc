"""Rule commands: list the configured rules, try rules without sending anything."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from scwatch.cli.common import (
    EXIT_USAGE,
    SINCE_HELP,
    ConfigOption,
    FormatOption,
    OutputFormat,
    config_from,
    console,
    fail,
    handled_errors,
    open_scwatch,
    print_json_lines,
    print_table,
    since_moment,
)
from scwatch.core.errors import RuleSyntaxError

if TYPE_CHECKING:
    from scwatch.api import RuleTrial, Sample
    from scwatch.core.models import Match

rules_app = typer.Typer(help="Alert rules: list them, try them.", no_args_is_help=True)


@rules_app.command("list")
def rules_list(output: FormatOption = OutputFormat.table, config: ConfigOption = None) -> None:
    """Show the configured rules (the defaults when the config has none) and the alias
    groups (@smartcity, ...) their queries can use.

    Example: scwatch rules list
    """
    with handled_errors():
        settings = config_from(config)
    rows = [
        {"name": r.name, "query": r.query, "channels": list(r.channels), "mode": r.mode}
        for r in settings.rules
    ]
    aliases = [
        {"alias": f"@{name}", "terms": list(terms)} for name, terms in settings.aliases.items()
    ]
    if output is OutputFormat.json:
        print_json_lines(rows)  # one kind of object per command; the aliases are in the TOML
        return
    print_table(
        "Rules",
        ["name", "query", "channels", "mode"],
        ([r["name"], r["query"], ", ".join(r["channels"]), r["mode"]] for r in rows),
    )
    print_table(
        "Alias groups", ["alias", "terms"], ([a["alias"], ", ".join(a["terms"])] for a in aliases)
    )


@rules_app.command("test")
def rules_test(
    query: Annotated[
        str | None,
        typer.Argument(help="A query to try; without it the configured rules are tried."),
    ] = None,
    since: Annotated[str, typer.Option("--since", help=SINCE_HELP)] = "30d",
    input_file: Annotated[
        Path | None,
        typer.Option("--input", help='JSONL file of sample articles ({"title", "body"} a line).'),
    ] = None,
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Try rules on the stored archive or on sample articles; nothing is sent.

    Example: scwatch rules test "@smartcity AND (수출 OR 수주)" --since 30d
    """
    since_at = since_moment(since)
    samples = list(_read_samples(input_file)) if input_file is not None else None
    with open_scwatch(config) as scwatch:
        try:
            trials = scwatch.test_rule(query, since=since_at, samples=samples)
        except RuleSyntaxError as exc:
            raise fail(f"the query does not parse: {exc}", EXIT_USAGE) from None
    _print(trials, output)


def _read_samples(path: Path) -> Iterator[Sample]:
    from scwatch.api import Sample

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {path}: {exc}", EXIT_USAGE) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            yield Sample(
                str(number),
                str(item.get("title", "")),
                str(item.get("body", "")),
                str(item.get("source", "")),
            )
        except (json.JSONDecodeError, AttributeError):
            raise fail(
                f"{path}:{number}: not a JSON object with title and body", EXIT_USAGE
            ) from None


def _match_dict(match: Match) -> dict[str, Any]:
    return {
        "rule": match.rule,
        "evidence": [
            {"field": e.field, "sentence": e.sentence, "terms": list(e.terms), "marked": e.marked()}
            for e in match.evidence
        ],
    }


def _print(trials: Iterable[RuleTrial], output: OutputFormat) -> None:
    listed = [(trial.sample, trial.matches) for trial in trials]
    if output is OutputFormat.json:
        print_json_lines(
            {"article": s.ref, "title": s.title, "matches": [_match_dict(m) for m in ms]}
            for s, ms in listed
        )
        return
    rows = (
        [s.ref, s.title, m.rule, m.evidence[0].marked("«", "»") if m.evidence else ""]
        for s, ms in listed
        for m in ms
    )
    print_table("Rule matches (nothing was sent)", ["article", "title", "rule", "why"], rows)
    matched = sum(1 for _, ms in listed if ms)
    console.print(f"{matched} article(s) matched")
