"""Stories: every copy and rewrite of one news event grouped. Pure: no I/O.

`facts_of` turns an article into ArticleFacts (MinHash, LSH bands, event signature, lookup
keys, wire dateline); `decide` picks the story it joins among candidates. docs/stories.md
gives the rule and the measurements behind its thresholds.
"""

from scwatch.core.stories.decide import WINDOW, decide, in_window, is_frozen
from scwatch.core.stories.models import (
    ArticleFacts,
    EventSignature,
    StoryDecision,
    StoryFacts,
    StoryJoin,
)
from scwatch.core.stories.signature import facts_of

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
