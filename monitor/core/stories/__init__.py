"""Stories: every copy and rewrite of one news event grouped. Pure: no I/O.

`facts_of` turns an article into ArticleFacts (MinHash, LSH bands, event signature, lookup
keys, wire dateline); `decide` picks the story it joins among candidates. docs/stories.md
gives the rule and the measurements behind its thresholds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scwatch.core.lazy import lazy_attributes

if TYPE_CHECKING:
    from scwatch.core.stories.decide import WINDOW, decide, in_window, is_frozen
    from scwatch.core.stories.models import (
        ArticleFacts,
        EventSignature,
        StoryDecision,
        StoryFacts,
        StoryJoin,
    )
    from scwatch.core.stories.signature import facts_of

# Loaded on first use: the storage layer reads constants of stories.candidates, and a
# reading command should not pay for the signature's gazetteers (docs/benchmarks.md).
_HOMES = {
    "WINDOW": "scwatch.core.stories.decide",
    "decide": "scwatch.core.stories.decide",
    "in_window": "scwatch.core.stories.decide",
    "is_frozen": "scwatch.core.stories.decide",
    "ArticleFacts": "scwatch.core.stories.models",
    "EventSignature": "scwatch.core.stories.models",
    "StoryDecision": "scwatch.core.stories.models",
    "StoryFacts": "scwatch.core.stories.models",
    "StoryJoin": "scwatch.core.stories.models",
    "facts_of": "scwatch.core.stories.signature",
}


__getattr__ = lazy_attributes(__name__, _HOMES, globals())


__all__ = [
    "WINDOW",
    "ArticleFacts",
    "EventSignature",
    "StoryDecision",
    "StoryFacts",
    "StoryJoin",
    "decide",
    "facts_of",
    "in_window",
    "is_frozen",
]
