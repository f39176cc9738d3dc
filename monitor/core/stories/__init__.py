"""Stories: every copy and rewrite of one news event grouped. Pure: no I/O."""

from scwatch.core.stories.models import (
    ArticleFacts,
    EventSignature,
    StoryDecision,
    StoryFacts,
    StoryJoin,
)

__all__ = ["ArticleFacts", "EventSignature", "StoryDecision", "StoryFacts", "StoryJoin"]
