"""Per-rule Atom feeds (`/rules/<name>/feed.xml`): the stories a rule matched, newest
first, so people follow a rule in the feed reader they already use. Built with
ElementTree, which escapes every text; characters XML 1.0 forbids are taken out first."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scwatch.core.clock import utcnow
from scwatch.core.text.controls import strip_controls, xml_safe
from scwatch.core.text.links import safe_http_url as http_url
from scwatch.core.views import shorten
from scwatch.web import data
from scwatch.web.state import scwatch_of

router = APIRouter(tags=["feeds"])
ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50


def _text(value: object) -> str:
    return xml_safe(strip_controls(str(value or ""), lines=True))


def _child(parent: ET.Element, tag: str, text: object = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = _text(text)
    return element


@router.get(
    "/rules/{name:path}/feed.xml",
    summary="Atom feed of the stories a rule matched",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def rule_feed(request: Request, name: str) -> Response:
    sw = scwatch_of(request)
    if name not in {rule.name for rule in sw.config.rules}:
        raise data.NotFound(f"no configured rule {name!r}")
    hits = data.by_story(sw.rule_hits(name, limit=FEED_ENTRIES * 4))[:FEED_ENTRIES]
    base = str(request.base_url).rstrip("/")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _child(feed, "title", f"scwatch · {name}")
    _child(feed, "id", f"{base}/rules/{name}")
    _child(feed, "updated", (hits[0]["matched_at"] if hits else None) or utcnow().isoformat())
    _child(feed, "link", href=f"{base}/rules", rel="alternate")
    for hit in hits:
        _entry(feed, hit, base)
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _entry(feed: ET.Element, hit: dict[str, Any], base: str) -> None:
    entry = _child(feed, "entry")
    story = hit["story_id"] or f"article-{hit['id']}"
    _child(entry, "title", hit["title"])
    _child(entry, "id", f"{base}/stories/{story}")
    _child(entry, "updated", hit["matched_at"])
    if hit.get("published_at"):
        _child(entry, "published", hit["published_at"])
    link = http_url(hit["url"])
    if link:
        _child(entry, "link", href=link, rel="alternate")
    _child(entry, "link", href=f"{base}/stories/{story}" if hit["story_id"] else
           f"{base}/articles/{hit['id']}", rel="related")
    _child(_child(entry, "author"), "name", hit["source"])
    _child(entry, "summary", shorten(hit.get("summary", ""), 300) or hit["title"])
