"""One served response held in memory, and the static files loaded once at start."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from scwatch.demo.web.stories import site_root

# Static files are read into memory at start; anything larger is a packaging mistake.
MAX_STATIC_BYTES = 256 * 1024
STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}


@dataclass(frozen=True)
class Resource:
    body: bytes
    content_type: str
    status: int = 200
    etag: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha1(self.body, usedforsecurity=False).hexdigest()[:20]
        object.__setattr__(self, "etag", f'"{digest}"')


def static_resources() -> dict[str, Resource]:
    """The files of site/static/ served under /static/, refusing unknown types and big files."""
    loaded: dict[str, Resource] = {}
    for item in site_root().joinpath("static").iterdir():
        suffix = "." + item.name.rsplit(".", 1)[-1]
        if not item.is_file() or suffix not in STATIC_TYPES:
            continue
        body = item.read_bytes()
        if len(body) > MAX_STATIC_BYTES:
            raise ValueError(f"static file {item.name} is {len(body)} bytes, over the cap")
        loaded[f"/static/{item.name}"] = Resource(body, STATIC_TYPES[suffix])
    return loaded
