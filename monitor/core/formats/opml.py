"""Sources from and to OPML: import a feed reader's subscription list, export the
configured RSS sources. No I/O beyond the text given and returned.

Parsing refuses DOCTYPE declarations and entities outright (billion laughs, external
entities), never touches the network and caps the document size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from scwatch.core.errors import ScwatchError
from scwatch.core.formats.toml import toml_line
from scwatch.core.models import Source

MAX_OPML_BYTES = 5 * 1024 * 1024
SLUG_MAX = 64
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
# Host labels that say nothing about the outlet.
_NOISE_LABELS = {"www", "rss", "feeds", "feed", "news", "m", "kr", "co", "go", "or", "com"}
_NOISE_LABELS |= {"net", "org", "ne", "re", "ac", "io"}


class OpmlError(ScwatchError):
    """The file is not an OPML subscription list scwatch can read."""


@dataclass(frozen=True)
class OpmlFeed:
    """One feed outline: a proposed source."""

    slug: str
    url: str
    name: str
    html_url: str = ""


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """Every feed outline in document order, nested folders included; `slug` is the
    scwatchSlug attribute (scwatch's own exports) or ''. Outlines without an http(s) xmlUrl
    are skipped."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"the OPML file is larger than {MAX_OPML_BYTES // (1024 * 1024)} MiB")
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise OpmlError("the OPML file declares a DOCTYPE or entities; refused for safety")
    from lxml import etree  # only an import needs the parser: export and the CLI do not

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise OpmlError("the OPML file declares a DOCTYPE; refused for safety")
    if not isinstance(root.tag, str) or etree.QName(root).localname != "opml":
        raise OpmlError("not an OPML document (the root element is not <opml>)")
    feeds = []
    for outline in root.iter("{*}outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        try:
            parts = urlsplit(url)
        except ValueError:  # e.g. "http://[::1/rss": not a usable URL, skip the outline
            continue
        if parts.scheme not in ("http", "https") or not parts.netloc:
            continue
        feeds.append(
            OpmlFeed(
                slug=(outline.get("scwatchSlug") or "").strip(),
                url=url,
                name=(outline.get("title") or outline.get("text") or "").strip(),
                html_url=(outline.get("htmlUrl") or "").strip(),
            )
        )
    return feeds


def slug_from(title: str, url: str) -> str:
    """A slug from the title when it has Latin letters, else from the host and path."""
    from_title = _SLUG_CHARS.sub("-", title.lower()).strip("-")
    if len(from_title) >= 3:
        return from_title[:SLUG_MAX].strip("-")
    parts = urlsplit(url)
    labels = [label for label in (parts.hostname or "").split(".") if label not in _NOISE_LABELS]
    words = labels[:2] + [w for w in re.split(r"[/._-]+", parts.path.lower()) if w][:3]
    words = [w for w in words if w not in ("xml", "rss", "php", "do", "asp", "jsp", "html")]
    slug = _SLUG_CHARS.sub("-", "-".join(words) or "feed").strip("-") or "feed"
    return slug[:SLUG_MAX].strip("-")


def unique_slug(wanted: str, taken: set[str]) -> str:
    slug = wanted if re.match(r"^[a-z0-9]", wanted) else f"feed-{wanted}".strip("-")
    candidate, number = slug, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = slug[: SLUG_MAX - len(suffix)] + suffix
        number += 1
    taken.add(candidate)
    return candidate


def feeds_to_import(data: bytes, configured: Sequence[Source]) -> list[OpmlFeed]:
    """The OPML's feeds not configured yet (by URL), each with a unique slug."""
    taken = {source.slug for source in configured}
    known_urls = {source.url for source in configured}
    found = []
    for feed in parse_opml(data):
        if feed.url in known_urls:
            continue
        known_urls.add(feed.url)
        wanted = feed.slug if _valid_slug(feed.slug) else slug_from(feed.name, feed.url)
        slug = unique_slug(wanted, taken)
        found.append(OpmlFeed(slug, feed.url, feed.name or slug, feed.html_url))
    return found


def _valid_slug(text: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", text))


def toml_sources(feeds: Iterable[OpmlFeed]) -> str:
    """[[sources]] tables to append to scwatch.toml."""
    tables = []
    for feed in feeds:
        lines = ["[[sources]]", toml_line("slug", feed.slug), 'kind = "rss"']
        lines += [toml_line("url", feed.url), toml_line("name", feed.name)]
        tables.append("\n".join(lines))
    return "\n\n".join(tables) + ("\n" if tables else "")


def export_opml(sources: Iterable[Source], created: datetime, title: str = "scwatch") -> str:
    """OPML 2.0 of the RSS sources (disabled ones too, marked by the scwatchEnabled attribute)."""
    from email.utils import format_datetime  # imported here: the CLI loads this module
    from xml.etree import ElementTree

    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = f"{title} sources"
    ElementTree.SubElement(head, "dateCreated").text = format_datetime(created)
    body = ElementTree.SubElement(root, "body")
    for source in sources:
        if source.kind != "rss":
            continue
        ElementTree.SubElement(
            body,
            "outline",
            type="rss",
            text=source.name or source.slug,
            title=source.name or source.slug,
            xmlUrl=source.url,
            scwatchSlug=source.slug,
            scwatchEnabled="true" if source.enabled else "false",
        )
    ElementTree.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )
