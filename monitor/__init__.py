"""scwatch: a self-hosted monitor of Korean smart-city press coverage.

    from scwatch import Scwatch

    with Scwatch.open("scwatch.toml") as sw:
        for article in sw.search("스마트시티 수출"):
            print(article.title)

This folder (monitor/ in the repository) is the package `scwatch`; the repository's
spiders/ and storage/ folders are its subpackages scwatch.spiders and scwatch.storage.
The layers, top to bottom: cli -> api -> demo -> scheduler -> spiders -> services ->
notify, config, storage -> core (docs/architecture.md; checked by import-linter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from scwatch.api import Scwatch
    from scwatch.core.errors import ScwatchError

__all__ = ["Scwatch", "ScwatchError", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy, so `import scwatch.core.text` (the crawler, the core) does not load the whole API.
    if name == "Scwatch":
        from scwatch.api import Scwatch

        return Scwatch
    if name == "ScwatchError":
        from scwatch.core.errors import ScwatchError

        return ScwatchError
    raise AttributeError(f"module 'scwatch' has no attribute {name!r}")
