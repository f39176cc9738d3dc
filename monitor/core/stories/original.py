"""Which member of a story is its original. Pure.

The publisher's own press release first, then a text carrying a wire dateline (the agency's
report, or a copy that kept it), then the earliest published; first seen breaks ties.
"""

from __future__ import annotations

import re
from datetime import datetime

from scwatch.core.stories.models import ArticleFacts

# Cues of a ministry's or agency's own release at the top of its text.
_RELEASE = re.compile(r"보도\s*(?:참고)?\s*자료|배포\s*일시|보도\s*일시|press release", re.I)
_HEAD = 200


def is_release(title: str, body: str) -> bool:
    return bool(_RELEASE.search(title) or _RELEASE.search(body[:_HEAD]))


def original_rank(facts: ArticleFacts, first_seen_at: datetime) -> tuple[int, datetime, datetime]:
    """Sort key: the smallest rank is the story's original."""
    tier = 0 if facts.release else 1 if facts.wire else 2
    return (tier, facts.published_at or first_seen_at, first_seen_at)
