"""Making scraped (untrusted) text safe for each alert channel.

Feed titles arrive decoded and unsanitised (`<!channel>`, `<script>`), so every channel escapes
them at the last moment: Slack mrkdwn here, HTML through a Jinja2 environment that
autoescapes. Matched terms are kept apart from the text as segments, so escaping the text
can never break (or forge) the markers that make terms bold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import NamedTuple

import jinja2

from scwatch.core.clock import format_kst
from scwatch.core.text.links import safe_http_url
from scwatch.core.text.marking import mark_terms

TEMPLATES = Path(__file__).resolve().parent / "templates"
TITLE_LIMIT = 300
SENTENCE_LIMIT = 400
NAME_LIMIT = 100

# Slack has no escape for mrkdwn markup, so markup characters in untrusted text become
# look-alike characters that never format (the approach of jsx-slack's <Escape>).
_SLACK_LOOKALIKES = str.maketrans(
    {
        "*": "\u2217",  # asterisk operator
        "\uff0a": "\ufe61",  # fullwidth asterisk -> small asterisk
        "_": "\u02cd",  # modifier letter low macron
        "\uff3f": "\u2e0f",  # fullwidth low line -> paragraphos
        "`": "\u02cb",  # modifier letter grave accent
        "\uff40": "\u02cb",
        "~": "\u223c",  # tilde operator
    }
)
_LINE_START_QUOTE = re.compile(r"^(&gt;|\uff1e)", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s+")
# Marker characters from the Unicode private use area; stripped from input first.
_MARK_START, _MARK_END = "\ue000", "\ue001"
_MARKED = re.compile(f"{_MARK_START}(.*?){_MARK_END}", re.DOTALL)


class Segment(NamedTuple):
    """A run of text, and whether it is a matched term to emphasise."""

    text: str
    marked: bool


def one_line(text: str) -> str:
    """Control characters (CR, LF, tab, NUL...) and runs of whitespace become one space."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + "…"


def slack_escape(text: str) -> str:
    """Untrusted text for a Slack mrkdwn field: no mentions, links, dates or formatting.

    & < > become entities (Slack's rule), so `<!channel>` or `<http://x|y>` show as text;
    * _ ~ ` become look-alikes; a quote mark opening a line gets an invisible soft hyphen.
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LINE_START_QUOTE.sub("\u00ad\\1", escaped.translate(_SLACK_LOOKALIKES))


def slack_bold(text: str) -> str:
    """Bold that also works inside a Korean word (`*시티*를`): zero-width spaces give Slack
    the word boundaries it needs around the asterisks. `text` must already be escaped."""
    return f"\u200b*\u200b{text}\u200b*\u200b" if text else ""


def slack_link(url: object, label: str) -> str:
    """`<url|label>` for an http(s) URL, else the label alone (javascript: never links)."""
    safe = safe_http_url(url)
    if safe is None:
        return slack_escape(label)
    target = safe.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E")
    return f"<{target.replace('|', '%7C')}|{slack_escape(label)}>"


def marked_segments(sentence: str, terms: Sequence[str]) -> list[Segment]:
    """The sentence cut into plain runs and matched-term runs (longest term wins)."""
    clean = sentence.replace(_MARK_START, "").replace(_MARK_END, "")
    marked = mark_terms(clean, [str(term) for term in terms], _MARK_START, _MARK_END)
    segments: list[Segment] = []
    cursor = 0
    for found in _MARKED.finditer(marked):
        if found.start() > cursor:
            segments.append(Segment(marked[cursor : found.start()], False))
        segments.append(Segment(found.group(1), True))
        cursor = found.end()
    if cursor < len(marked):
        segments.append(Segment(marked[cursor:], False))
    return segments


def slack_marked(segments: Sequence[Segment]) -> str:
    """Segments as mrkdwn: every run escaped, matched terms in bold."""
    return "".join(
        slack_bold(slack_escape(seg.text)) if seg.marked else slack_escape(seg.text)
        for seg in segments
    )


@cache
def template_environment() -> jinja2.Environment:
    """Jinja2 for the alert templates: HTML templates autoescape every value (scraped titles
    may hold `<script>`); plain-text templates are left as text. Undefined names fail."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "html.j2"),
            disabled_extensions=("txt", "txt.j2"),
            default=True,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True)
class StoryView:
    """One alerted story as the channels show it: single-line, length-capped text fields,
    a link only when the URL is http(s), evidence as segments. Still unescaped."""

    rule: str
    title: str
    url: str | None
    outlet: str
    author: str
    when: str  # "2024-05-02 09:30 KST", or "" when unknown
    when_label: str  # "published" or "first seen"
    also_in: int
    evidence: tuple[tuple[Segment, ...], ...]
    # The deal in one line ("LH ↔ 쿠웨이트 공공주택청 · 수주 · …"), or "" when none.
    deal: str = ""
    # An update of an earlier alert for the same story (a later copy added the amount).
    update: bool = False


def story_view(payload: Mapping[str, object]) -> StoryView:
    """The view of one alert payload (see scwatch.services.ingest.alert_payload for its keys)."""
    outlet = payload.get("source_name") or payload.get("source") or ""
    published = _kst_time(payload.get("published_at"))
    return StoryView(
        rule=clip(one_line(str(payload.get("rule") or "")), NAME_LIMIT),
        title=clip(one_line(str(payload.get("title") or "")), TITLE_LIMIT) or "(untitled)",
        url=safe_http_url(payload.get("url")),
        outlet=clip(one_line(str(outlet)), NAME_LIMIT),
        author=clip(one_line(str(payload.get("author") or "")), NAME_LIMIT),
        when=published or _kst_time(payload.get("first_seen_at")),
        when_label="published" if published else "first seen",
        also_in=_count(payload.get("also_in")),
        evidence=tuple(_evidence(payload.get("evidence"))),
        deal=_deal_line(payload.get("deal")),
        update=bool(payload.get("update")),
    )


def _deal_line(raw: object) -> str:
    line = raw.get("line") if isinstance(raw, Mapping) else None
    return clip(one_line(str(line)), SENTENCE_LIMIT) if line else ""


def digest_items(payload: Mapping[str, object]) -> list[Mapping[str, object]]:
    """The story payloads listed by a digest payload (scwatch.services.deliver.digest_payload)."""
    items = payload.get("items")
    return [item for item in items if isinstance(item, Mapping)] if isinstance(items, list) else []


def _kst_time(raw: object) -> str:
    if not raw:
        return ""
    try:
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        return ""
    return format_kst(moment) if moment.tzinfo is not None else ""


def _count(raw: object) -> int:
    try:
        return max(0, int(str(raw or 0)))
    except ValueError:
        return 0


def _evidence(raw: object) -> list[tuple[Segment, ...]]:
    items = raw if isinstance(raw, Sequence) and not isinstance(raw, str) else []
    found: list[tuple[Segment, ...]] = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        sentence = clip(one_line(str(item.get("sentence") or "")), SENTENCE_LIMIT)
        terms = item.get("terms") or ()
        is_list = isinstance(terms, Sequence) and not isinstance(terms, str)
        term_list = [str(term) for term in terms] if is_list else []
        if sentence:
            found.append(tuple(marked_segments(sentence, term_list)))
    return found
