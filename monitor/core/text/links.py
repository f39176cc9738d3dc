"""Which scraped URLs may become links: one test for alerts (Slack, email, webhooks) and for
the web UI and its feeds, so a javascript: or data: URL is never clickable anywhere."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Whitespace, C0/C1 controls and the bidi marks that can disguise where a link goes.
_UNSAFE_IN_URL = re.compile(
    r"[\x00-\x20\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def safe_http_url(url: object) -> str | None:
    """The URL when it is an absolute http(s) URL without spaces, control or bidi
    characters; anything else (javascript:, data:, relative) is never made a link."""
    text = str(url or "").strip()
    if not text or _UNSAFE_IN_URL.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in {"http", "https"} and parts.netloc else None
