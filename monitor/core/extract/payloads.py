"""Articles that a page carries only as inline JSON: Arc XP `Fusion.globalContent` (조선일보),
a Next.js `__NEXT_DATA__` payload, schema.org JSON-LD `articleBody`. Pure.

Client-rendered pages ship an empty article shell in their markup; the story, its headline,
reporters and times are in a script. `read_payload` finds the first such payload that holds
a story-sized text and returns it with the facts next to it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Payload", "read_payload"]

# Shorter texts are teasers (list items, menu entries), not the story.
_MIN_STORY_CHARS = 100
_MAX_DEPTH = 12
_MAX_NODES = 20_000
_FUSION = re.compile(r"Fusion\.globalContent\s*=\s*")
_NEXT_DATA = re.compile(r"<script[^>]*\bid=[\"']__NEXT_DATA__[\"'][^>]*>", re.I)
_JSON_LD = re.compile(r"<script[^>]*application/ld\+json[^>]*>", re.I)
_BLOCK_TAGS = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d)\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]+>")
_TITLE_KEYS = ("headline", "title", "articleTitle", "newsTitle", "subject")
_BODY_KEYS = (
    "articleBody",
    "body",
    "content",
    "contents",
    "articleContent",
    "newsContent",
    "articleInnerTextContent",
)
_AUTHOR_KEYS = (
    "author",
    "authors",
    "byline",
    "reporter",
    "reporters",
    "writer",
    "reporterName",
    "journalistName",
)
_PUBLISHED_KEYS = (
    "first_publish_date",
    "datePublished",
    "publishedAt",
    "published_at",
    "publishDate",
    "firstPublishedAt",
    "publicationDate",
    "publishedDate",
    "createdAt",
    "regDate",
)
_UPDATED_KEYS = (
    "last_updated_date",
    "dateModified",
    "updatedAt",
    "modifiedAt",
    "updateDate",
    "modifiedDate",
)


@dataclass(frozen=True)
class Payload:
    """The story found in a page's inline JSON; strings empty when the payload lacks them."""

    kind: str
    body: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""
    updated: str = ""


def _markup_text(value: str) -> str:
    """Plain text of an HTML fragment, block ends kept as line breaks."""
    text = _TAGS.sub("", _BLOCK_TAGS.sub("\n", value))
    lines = (" ".join(line.split()) for line in html.unescape(text).split("\n"))
    return "\n".join(line for line in lines if line)


def _json_after(text: str, start: int) -> Any:
    try:
        value, _ = json.JSONDecoder().raw_decode(text, start)
    except ValueError:
        return None
    return value


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _first_string(node: dict[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = node.get(key)
        if isinstance(value, dict):  # Arc XP: {"basic": "…"}
            value = value.get("basic")
        if _string(value):
            return _string(value)
    return ""


_ROLE = re.compile(r"^(?:기자|특파원|앵커|PD|리포터|통신원|논설위원|편집위원|선임기자|전문기자)$")


def _person(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, dict):
        return ""
    original = value.get("additional_properties", {}).get("original", {})
    byline = original.get("byline") if isinstance(original, dict) else None
    if _string(byline) or _string(value.get("byline")):
        return _string(byline) or _string(value.get("byline"))
    role = _string(value.get("role"))
    name = _string(value.get("name"))
    return f"{name} {role}" if name and _ROLE.match(role) else name


def _people(value: Any) -> list[str]:
    if isinstance(value, dict) and "by" in value:  # Arc XP credits
        value = value["by"]
    items = value if isinstance(value, list) else [value]
    return [name for name in (_person(item) for item in items[:10]) if name]


# ---------------------------------------------------------------- Arc XP


def _fusion_text(elements: Any) -> str:
    lines: list[str] = []
    for element in elements if isinstance(elements, list) else []:
        if not isinstance(element, dict):
            continue
        kind = element.get("type")
        if kind in ("text", "header"):
            lines.append(_markup_text(_string(element.get("content"))))
        elif kind == "list":
            lines.extend(_markup_text(_string(i.get("content"))) for i in element.get("items", []))
    return "\n".join(line for line in lines if line)


def _fusion(page: str) -> Payload | None:
    match = _FUSION.search(page)
    story = _json_after(page, match.end()) if match else None
    if not isinstance(story, dict):
        return None
    return Payload(
        kind="arc",
        body=_fusion_text(story.get("content_elements")),
        title=_first_string(story, ("headlines",)),
        authors=_people(story.get("credits")),
        published=_string(story.get("first_publish_date")) or _string(story.get("display_date")),
        updated=_string(story.get("last_updated_date")),
    )


# ---------------------------------------------------------------- Next.js and JSON-LD


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every object inside a JSON value, breadth first, bounded."""
    queue: list[tuple[Any, int]] = [(value, 0)]
    for node, depth in queue:
        if len(queue) > _MAX_NODES or depth > _MAX_DEPTH:
            return
        if isinstance(node, dict):
            yield node
            queue.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            queue.extend((child, depth + 1) for child in node)


def _story_of(node: dict[str, Any], kind: str) -> Payload | None:
    body = _markup_text(_first_string(node, _BODY_KEYS))
    title = _first_string(node, _TITLE_KEYS)
    if len(body) < _MIN_STORY_CHARS or not title:
        return None
    authors: list[str] = []
    for key in _AUTHOR_KEYS:
        authors = authors or _people(node.get(key))
    return Payload(
        kind=kind,
        body=body,
        title=_markup_text(title),
        authors=authors,
        published=_first_string(node, _PUBLISHED_KEYS),
        updated=_first_string(node, _UPDATED_KEYS),
    )


def _scripts(page: str, opening: re.Pattern[str]) -> Iterator[Any]:
    for match in list(opening.finditer(page))[:8]:
        end = page.find("</script", match.end())
        text = page[match.end() : end if end >= 0 else None]
        try:
            yield json.loads(text)
        except ValueError:
            continue


def _embedded(page: str, opening: re.Pattern[str], kind: str) -> Payload | None:
    best: Payload | None = None
    for value in _scripts(page, opening):
        for node in _objects(value):
            story = _story_of(node, kind)
            if story is not None and (best is None or len(story.body) > len(best.body)):
                best = story
    return best


def read_payload(page: str, *, json_ld: bool = False) -> Payload | None:
    """The story in the page's Arc XP or Next.js payload, or with `json_ld` in its JSON-LD
    (read only when the markup gave too little: most pages carry a JSON-LD block)."""
    candidates = (
        (("ld+json", lambda: _embedded(page, _JSON_LD, "json-ld")),)
        if json_ld
        else (
            ("Fusion.globalContent", lambda: _fusion(page)),
            ("__NEXT_DATA__", lambda: _embedded(page, _NEXT_DATA, "next")),
        )
    )
    for marker, read in candidates:
        if marker in page:
            found = read()
            if found is not None and found.body:
                return found
    return None
