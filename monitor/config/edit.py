"""Editing scwatch.toml from commands (`scwatch sources add|remove|enable|disable`): tomlkit
keeps the user's comments and layout; the result is checked as `load_config` would check it
before it replaces the file, atomically (a crash leaves the old file or the new, never half)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Table
from tomlkit.toml_document import TOMLDocument

from scwatch.config.load import Config, check_text
from scwatch.core.errors import ConfigError

Edit = Callable[[TOMLDocument], None]


def add_source(path: Path, fields: Mapping[str, Any]) -> Config:
    """Append a [[sources]] table with `fields` (slug, kind, url, ...); empty values left out."""

    def edit(doc: TOMLDocument) -> None:
        slug = str(fields["slug"])
        if _find(doc, slug) is not None:
            raise ConfigError(f"{path}: a source {slug!r} is already configured")
        table = tomlkit.table()
        for key, value in fields.items():
            if value not in ("", None):
                table[key] = value
        table.add(tomlkit.nl())
        sources = doc.get("sources")
        if sources is None:
            sources = tomlkit.aot()
            doc.append("sources", sources)
        if not isinstance(sources, AoT):
            raise ConfigError(f"{path}: sources is not written as [[sources]] tables")
        sources.append(table)

    return edit_config(path, edit)


def remove_source(path: Path, slug: str) -> Config:
    def edit(doc: TOMLDocument) -> None:
        del doc["sources"][_index(doc, slug, path)]

    return edit_config(path, edit)


def set_enabled(path: Path, slug: str, enabled: bool) -> Config:
    """Switch a source on or off; on means no `enabled` key (the default), off `false`."""

    def edit(doc: TOMLDocument) -> None:
        table: Table = doc["sources"][_index(doc, slug, path)]
        if enabled:
            table.pop("enabled", None)
        else:
            table["enabled"] = False

    return edit_config(path, edit)


def edit_config(path: Path, edit: Edit) -> Config:
    """Apply `edit` to the file, check the result, then replace the file; the new Config."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file (run `scwatch init`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    edit(doc)
    new_text = tomlkit.dumps(doc)
    config = check_text(new_text, path)  # ConfigError: the file stays as it was
    _replace(path, new_text)
    return config


def _find(doc: TOMLDocument, slug: str) -> int | None:
    sources = doc.get("sources")
    if not isinstance(sources, AoT):
        return None
    for index, table in enumerate(sources):
        if table.get("slug") == slug:
            return index
    return None


def _index(doc: TOMLDocument, slug: str, path: Path) -> int:
    index = _find(doc, slug)
    if index is None:
        raise ConfigError(f"{path}: no source {slug!r} in this file")
    return index


def _replace(path: Path, text: str) -> None:
    """Write beside the file, then rename over it (same folder, so the rename is atomic)."""
    mode = path.stat().st_mode & 0o777
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
