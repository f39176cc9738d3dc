"""The configuration-file calls of `Scwatch` (`scwatch sources add/remove/enable/disable`):
each edits scwatch.toml with comments and layout kept, checks the result as loading
checks it, and only then replaces the file (scwatch.config.edit)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scwatch.core.errors import ConfigError

if TYPE_CHECKING:
    from scwatch.config import Config
    from scwatch.core.models import Source

# scwatch.config.edit is imported by each call: it loads tomlkit, which the reading
# commands never need.


class SourceEditing:
    """Adds, removes, enables and disables sources in the configuration file; `config`
    follows each edit."""

    config: Config

    def add_source(
        self, slug: str, url: str = "", *, kind: str = "rss", **options: object
    ) -> Source:
        """Add a [[sources]] table to the configuration file (comments and layout kept);
        `options` are its other keys (name, interval, link_selector, ...). The result is
        checked as loading checks it before the file is replaced: ConfigError otherwise."""
        fields = {"slug": slug, "kind": kind, "url": url, **options}
        from scwatch.config.edit import add_source

        self.config = add_source(self._config_file(), fields)
        return self.config.source(slug)

    def remove_source(self, slug: str) -> None:
        """Remove a source's table from the configuration file (its history stays stored)."""
        from scwatch.config.edit import remove_source

        self.config = remove_source(self._config_file(), slug)

    def enable_source(self, slug: str) -> Source:
        from scwatch.config.edit import set_enabled

        self.config = set_enabled(self._config_file(), slug, True)
        return self.config.source(slug)

    def disable_source(self, slug: str) -> Source:
        from scwatch.config.edit import set_enabled

        self.config = set_enabled(self._config_file(), slug, False)
        return self.config.source(slug)

    def _config_file(self) -> Path:
        if self.config.path is None:
            raise ConfigError("no configuration file to edit: run `scwatch init` first")
        return self.config.path
