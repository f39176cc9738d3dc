"""Find the line of a key in a TOML text, so config errors can name the file line.

tomllib gives no positions, so this scans the text once: table headers ([a.b], [[a]]) and
`key =` lines. It only has to be good enough to point a person at the right line.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]+"|'[^']+'|[A-Za-z0-9_.-]+)\s*=""")

Path = tuple[str | int, ...]


def _split_dotted(name: str) -> list[str]:
    return [part.strip().strip("\"'") for part in name.split(".")]


def key_lines(text: str) -> dict[Path, int]:
    """Map each table and key path (as pydantic reports `loc`) to its 1-based line."""
    lines: dict[Path, int] = {}
    array_counts: dict[tuple[str, ...], int] = {}
    table: Path = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            names = tuple(_split_dotted(header.group(2)))
            if header.group(1) == "[[":
                index = array_counts.get(names, -1) + 1
                array_counts[names] = index
                table = (*names, index)
            else:
                table = names
            lines.setdefault(table, number)
            lines.setdefault(table[:1], number)
            continue
        key = _KEY.match(line)
        if key:
            path = (*table, *_split_dotted(key.group(1)))
            lines.setdefault(path, number)
    return lines


def line_of(text: str, loc: Path) -> int | None:
    """The line of the deepest known prefix of `loc` (a missing key points at its table)."""
    lines = key_lines(text)
    for end in range(len(loc), 0, -1):
        found = lines.get(tuple(loc[:end]))
        if found is not None:
            return found
    return None
