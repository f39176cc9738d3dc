"""Slack channel: a Block Kit message posted to an incoming webhook.

Slack's webhook answers 200 "ok"; 429 with Retry-After when posting too fast (about one
message a second per channel); 400 invalid_payload, 403, 404 no_service and
410 channel_is_archived are permanent. Every scraped value goes through slack_escape.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from scwatch.core.errors import ConfigError
from scwatch.core.text.links import safe_http_url
from scwatch.notify.escape import (
    StoryView,
    clip,
    digest_items,
    one_line,
    slack_bold,
    slack_escape,
    slack_link,
    slack_marked,
    story_view,
)
from scwatch.notify.http import DEFAULT_DEADLINE, new_client, post_json

SERVICE = "the Slack webhook"
SECTION_LIMIT = 3000  # Slack rejects a section text longer than this (invalid_blocks)
FALLBACK_LIMIT = 300
DIGEST_STORIES = 20  # a message holds at most 50 blocks


class SlackNotifier:
    def __init__(
        self,
        webhook_url: str,
        client: httpx.Client | None = None,
        *,
        timeout: float = DEFAULT_DEADLINE,
    ) -> None:
        if safe_http_url(webhook_url) is None:
            raise ConfigError("the Slack webhook URL must be an http(s) URL")
        self._webhook_url = webhook_url
        self._client = client or new_client()
        self.timeout = timeout

    def __repr__(self) -> str:  # the URL is the credential: never show it
        return "SlackNotifier(webhook_url=<hidden>)"

    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        message = build_slack_message(payload)
        post_json(self._client, self._webhook_url, message, service=SERVICE, deadline=self.timeout)

    def close(self) -> None:
        self._client.close()


def build_slack_message(payload: Mapping[str, object]) -> dict[str, object]:
    """The webhook body: Block Kit blocks plus a plain `text` for notifications."""
    if payload.get("digest"):
        blocks, fallback = _digest_blocks(payload)
    else:
        story = story_view(payload)
        blocks = _story_blocks(story)
        fallback = f"[{story.rule}] {_update_mark(story)}{story.title}"
        if story.outlet:
            fallback += f" ({story.outlet})"
    return {
        "text": slack_escape(clip(fallback, FALLBACK_LIMIT)),
        "blocks": blocks,
        "unfurl_links": False,
        "unfurl_media": False,
    }


def _update_mark(story: StoryView) -> str:
    return "Update: " if story.update else ""


def _story_blocks(story: StoryView) -> list[dict[str, object]]:
    heading = f"*{_update_mark(story)}{slack_link(story.url, story.title)}*"
    blocks: list[dict[str, object]] = [
        _section(heading, story.title),
        {"type": "context", "elements": [_mrkdwn(_meta(story, with_rule=True))]},
    ]
    if story.deal:
        blocks.append(_section(f"*Deal:* {slack_escape(story.deal)}", story.deal))
    for segments in story.evidence:
        plain = "".join(seg.text for seg in segments)
        blocks.append(_section(">" + slack_marked(segments), plain))
    return blocks


def _digest_blocks(payload: Mapping[str, object]) -> tuple[list[dict[str, object]], str]:
    title = clip(one_line(str(payload.get("title") or payload.get("rule") or "")), 200)
    items = digest_items(payload)
    blocks = [_section(slack_bold(slack_escape(title)), title)]
    for item in items[:DIGEST_STORIES]:
        story = story_view(item)
        lines = [f"*{slack_link(story.url, story.title)}*", _meta(story, with_rule=False)]
        if story.deal:
            lines.append(slack_escape(story.deal))
        if story.evidence:
            lines.append(">" + slack_marked(story.evidence[0]))
        blocks.append(_section("\n".join(lines), story.title))
    if len(items) > DIGEST_STORIES:
        more = len(items) - DIGEST_STORIES
        blocks.append({"type": "context", "elements": [_mrkdwn(f"and {more} more")]})
    return blocks, f"[scwatch] {title}"


def _meta(story: StoryView, *, with_rule: bool) -> str:
    """Outlet · time in KST · rule · "also in N other outlets"."""
    parts = [slack_escape(story.outlet)]
    if story.when:
        parts.append(f"{story.when_label} {story.when}")
    if with_rule and story.rule:
        parts.append(f"rule {slack_bold(slack_escape(story.rule))}")
    if story.also_in:
        plural = "s" if story.also_in > 1 else ""
        parts.append(f"also in {story.also_in} other outlet{plural}")
    return " · ".join(part for part in parts if part)


def _mrkdwn(text: str) -> dict[str, object]:
    # verbatim: Slack must not turn bare names like #general or @here into links or pings.
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section(text: str, plain: str) -> dict[str, object]:
    """A section; when the escaped text is too long, the plain words, shorter and unlinked.
    Escaping grows text at most fivefold (& -> &amp;), so 500 characters always fit."""
    if len(text) > SECTION_LIMIT:
        text = slack_escape(clip(plain, SECTION_LIMIT // 6))
    return {"type": "section", "text": _mrkdwn(text)}
