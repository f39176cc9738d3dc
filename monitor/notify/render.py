"""Plain-text rendering of an alert payload for the console channel. Built on the same
StoryView as Slack and email, so scraped text is one-line, length-capped and free of
control characters (no ANSI escapes reach the operator's terminal)."""

from __future__ import annotations

from collections.abc import Mapping

from scwatch.notify.escape import StoryView, clip, digest_items, one_line, story_view


def _marked(view: StoryView) -> list[str]:
    return [
        "".join(f"**{s.text}**" if s.marked else s.text for s in segments)
        for segments in view.evidence
    ]


def _story_text(payload: Mapping[str, object], indent: str) -> str:
    view = story_view(payload)
    meta = " · ".join(part for part in (view.outlet, view.when, view.url or "") if part)
    if view.also_in:
        meta += f" · also in {view.also_in} other outlet{'s' if view.also_in > 1 else ''}"
    why = [f"{indent}  why: {line}" for line in _marked(view)]
    deal = [f"{indent}  deal: {view.deal}"] if view.deal else []
    title = ("Update: " if view.update else "") + view.title
    return "\n".join([f"{indent}{title}", f"{indent}  {meta}", *deal, *why])


def render_text(payload: Mapping[str, object]) -> str:
    """A few lines a person reads in a terminal or a log; a digest lists each story."""
    rule = clip(one_line(str(payload.get("rule") or "")), 80)
    if payload.get("digest"):
        stories = [_story_text(item, indent="  ") for item in digest_items(payload)]
        title = one_line(str(payload.get("title") or ""))
        return "\n".join([f"[{rule}] digest: {title}", *stories])
    return f"[{rule}] " + _story_text(payload, indent="")
