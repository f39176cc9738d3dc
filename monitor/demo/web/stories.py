"""The demo web's data: outlets, sources and stories, read from the package's site/ folder."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any
from urllib.parse import urlsplit

from scwatch.core.models import Source, SourceKind

SITE_PACKAGE = "scwatch.demo.web"


def site_root() -> Traversable:
    """The packaged site/ folder (templates, stories, static files)."""
    return resources.files(SITE_PACKAGE).joinpath("site")


@dataclass(frozen=True)
class Outlet:
    """One fictional news site of the demo, in the style of one Korean CMS."""

    slug: str
    name: str
    style: str
    encoding: str
    home: str
    article: str
    html_content_type: str
    feed: str = ""
    feed_content_type: str = ""
    listing: str = ""
    listing_page_size: int = 10
    # Press-release portals attach the original document (a PDF) to each article.
    attachment: str = ""

    def article_path(self, article_id: str) -> str:
        return self.article.format(id=article_id)

    def attachment_path(self, article_id: str) -> str:
        return self.attachment.format(id=article_id) if self.attachment else ""


def route_of(pattern: str) -> tuple[str, str]:
    """(path, key query parameter) of a URL pattern such as "/a.html?idxno={id}"; "" when none."""
    parts = urlsplit(pattern)
    return parts.path, parts.query.split("=", 1)[0]


@dataclass(frozen=True)
class Edition:
    """One appearance of a story on one outlet (a wire story has several)."""

    outlet: str
    article_id: str
    section: str
    published_at: datetime
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Story:
    key: str
    title: str
    subtitle: tuple[str, ...]
    reporter: str
    email: str
    paragraphs: tuple[str, ...]
    editions: tuple[Edition, ...]

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class Placement:
    """A story as one outlet shows it: the unit that becomes one article page."""

    story: Story
    edition: Edition
    outlet: Outlet

    @property
    def path(self) -> str:
        return self.outlet.article_path(self.edition.article_id)


@dataclass(frozen=True)
class SourceSpec:
    """A source of the demo, with its URL relative to the server."""

    slug: str
    kind: SourceKind
    path: str
    name: str
    link_selector: str = ""
    next_selector: str = ""
    max_pages: int = 1
    allow_pattern: str = ""

    def to_source(self, base_url: str) -> Source:
        return Source(
            slug=self.slug,
            kind=self.kind,
            url=base_url + self.path,
            name=self.name,
            interval_minutes=10,
            link_selector=self.link_selector,
            next_selector=self.next_selector,
            max_pages=self.max_pages,
            allow_pattern=self.allow_pattern,
        )


def _read_toml(file: Traversable) -> dict[str, Any]:
    with file.open("rb") as handle:
        return tomllib.load(handle)


def load_outlets() -> dict[str, Outlet]:
    data = _read_toml(site_root().joinpath("outlets.toml"))
    outlets = [Outlet(**entry) for entry in data["outlet"]]
    return {outlet.slug: outlet for outlet in outlets}


def load_source_specs() -> list[SourceSpec]:
    data = _read_toml(site_root().joinpath("outlets.toml"))
    return [SourceSpec(**entry) for entry in data["source"]]


def _edition(entry: dict[str, Any]) -> Edition:
    published = entry["published"]
    updated = entry.get("updated")
    for value in (published, updated):
        if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
            raise ValueError(f"edition {entry.get('id')}: dates need a UTC offset, got {value!r}")
    return Edition(
        outlet=entry["outlet"],
        article_id=str(entry["id"]),
        section=entry["section"],
        published_at=published,
        updated_at=updated,
    )


def _story(key: str, data: dict[str, Any]) -> Story:
    return Story(
        key=key,
        title=data["title"],
        subtitle=tuple(data.get("subtitle", ())),
        reporter=data["reporter"],
        email=data.get("email", ""),
        paragraphs=tuple(data["paragraphs"]),
        editions=tuple(_edition(entry) for entry in data["edition"]),
    )


def load_stories() -> list[Story]:
    """Every story of the demo, sorted by file name (so by key) for deterministic output."""
    folder = site_root().joinpath("stories")
    files = sorted(
        (item for item in folder.iterdir() if item.name.endswith(".toml")),
        key=lambda item: item.name,
    )
    return [_story(item.name.removesuffix(".toml"), _read_toml(item)) for item in files]


def placements(stories: list[Story], outlets: dict[str, Outlet]) -> list[Placement]:
    """Every article page of the demo, newest first."""
    found = [
        Placement(story=story, edition=edition, outlet=outlets[edition.outlet])
        for story in stories
        for edition in story.editions
    ]
    return sorted(found, key=lambda item: item.edition.published_at, reverse=True)
