"""Writing TOML values: JSON literals of strings, numbers and booleans are valid TOML.
Non-ASCII text (Hangul, emoji) is written as is: escaped astral characters would become
surrogate pairs, which TOML refuses."""

from __future__ import annotations

import json


def toml_value(value: str | int | float | bool) -> str:
    return json.dumps(value, ensure_ascii=False)


def toml_line(key: str, value: str | int | float | bool) -> str:
    return f"{key} = {toml_value(value)}"
