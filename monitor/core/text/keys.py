"""Keys that decide whether two articles are the same: by URL and by content. Pure."""

from __future__ import annotations

import hashlib

from scwatch.core.text.folding import squeeze
from scwatch.core.text.urls import canonical_url

__all__ = ["content_key", "url_key"]

# A body shorter than this (squeezed) is too generic to identify a story on its own.
_SHORT_BODY = 200


def url_key(url: str) -> str:
    """sha1 hex of the canonical URL: tracking parameters and mobile hosts do not matter."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()


def content_key(title: str, body: str) -> str:
    """sha1 hex of the squeezed body (title + body when the body is short).

    Spacing, case and Unicode compatibility forms do not change the key; boilerplate is
    expected to be gone already (scwatch.core.extract.cleanup).
    """
    squeezed = squeeze(body)
    if len(squeezed) < _SHORT_BODY:
        squeezed = squeeze(title + body)
    return hashlib.sha1(squeezed.encode("utf-8")).hexdigest()
