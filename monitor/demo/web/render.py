"""Renders the whole demo web into memory once: every page, feed and static file as bytes.

The server only looks resources up in the finished map, so no request ever touches the file
system (nothing to traverse) and every response is deterministic for a given base URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qs

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from scwatch.demo.web.broken import PDF_BYTES, broken_resources
from scwatch.demo.web.resource import Resource, static_resources
from scwatch.demo.web.stories import (
    Outlet,
    Placement,
    SourceSpec,
    load_outlets,
    load_source_specs,
    load_stories,
    placements,
    route_of,
)

KST = timezone(timedelta(hours=9), "KST")
WEEKDAYS_KO = "월화수목금토일"
SUMMARY_CHARS = 110
RELATED_COUNT = 4
PDF_CONTENT_TYPE = "application/pdf"


@dataclass
class Site:
    """The rendered demo web, keyed by path (plus its one significant query parameter)."""

    base_url: str
    resources: dict[str, Resource]
    key_params: dict[str, str]
    pages: list[Placement] = field(default_factory=list)
    source_specs: list[SourceSpec] = field(default_factory=list)

    def lookup(self, path: str, query: str) -> Resource | None:
        """The resource for a request path and query; other query parameters are ignored."""
        param = self.key_params.get(path)
        if not param:
            return self.resources.get(path)
        values = parse_qs(query).get(param)
        return self.resources.get(f"{path}?{param}={values[0]}" if values else path)

    def url(self, path: str) -> str:
        return self.base_url + path


def _kst(moment: datetime, pattern: str) -> str:
    local = moment.astimezone(KST)
    return local.strftime(pattern.replace("%K", WEEKDAYS_KO[local.weekday()]))


def _iso(moment: datetime) -> str:
    return moment.astimezone(KST).isoformat()


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(KST))


def _cdata(text: str) -> Markup:
    return Markup("<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>")


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("scwatch.demo.web", "site/templates"),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    filters: dict[str, Callable[..., Any]] = {
        "kst": _kst,
        "iso": _iso,
        "rfc822": _rfc822,
        "cdata": _cdata,
        "summary": summarize,
    }
    env.filters.update(filters)
    return env


def summarize(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The feed/list teaser of a paragraph: cut at a word boundary and marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


class OutletRenderer:
    """Renders one outlet's pages, feed and list pages with that outlet's templates."""

    def __init__(self, env: Environment, outlet: Outlet, pages: list[Placement], base: str):
        self.env = env
        self.outlet = outlet
        self.pages = pages
        self.base = base

    def page_url(self, page: Placement) -> str:
        return self.base + page.path

    def common(self) -> dict[str, Any]:
        outlet = self.outlet
        return {
            "outlet": outlet,
            "base_url": self.base,
            "home_url": self.base + outlet.home,
            "feed_url": self.base + outlet.feed if outlet.feed else "",
            "newest": self.pages[0].edition.published_at,
            "pages": self.pages,
            "page_url": self.page_url,
        }

    def encode(self, template: str, content_type: str, **context: Any) -> Resource:
        text = self.env.get_template(f"{self.outlet.slug}/{template}").render(
            **self.common(), **context
        )
        return Resource(text.encode(self.outlet.encoding), content_type)

    def article(self, page: Placement) -> Resource:
        others = [other for other in self.pages if other is not page]
        return self.encode(
            "article.html",
            self.outlet.html_content_type,
            page=page,
            story=page.story,
            edition=page.edition,
            url=self.page_url(page),
            related=others[:RELATED_COUNT],
            summary=summarize(page.story.paragraphs[0]),
            attachment_url=self.outlet.attachment_path(page.edition.article_id),
        )

    def listing_pages(self) -> dict[str, Resource]:
        size = self.outlet.listing_page_size
        chunks = [self.pages[start : start + size] for start in range(0, len(self.pages), size)]
        rendered: dict[str, Resource] = {}
        for number, chunk in enumerate(chunks, start=1):
            path = self.outlet.listing + (f"?page={number}" if number > 1 else "")
            rendered[path] = self.encode(
                "list.html",
                self.outlet.html_content_type,
                items=chunk,
                page_number=number,
                page_count=len(chunks),
            )
        return rendered

    def render(self) -> dict[str, Resource]:
        outlet = self.outlet
        rendered = {page.path: self.article(page) for page in self.pages}
        rendered[outlet.home] = self.encode("home.html", outlet.html_content_type)
        if outlet.feed:
            rendered[outlet.feed] = self.encode("rss.xml", outlet.feed_content_type)
        if outlet.listing:
            rendered.update(self.listing_pages())
        if outlet.attachment:
            for page in self.pages:
                rendered[outlet.attachment_path(page.edition.article_id)] = Resource(
                    PDF_BYTES, PDF_CONTENT_TYPE
                )
        return rendered


def _key_params(outlets: dict[str, Outlet]) -> dict[str, str]:
    params: dict[str, str] = {}
    for outlet in outlets.values():
        for pattern in (outlet.article, outlet.attachment):
            path, param = route_of(pattern)
            if param:
                params[path] = param
        if outlet.listing:
            params[outlet.listing] = "page"
    return params


def _index(
    env: Environment, base: str, outlets: dict[str, Outlet], specs: list[SourceSpec]
) -> dict[str, Resource]:
    html = env.get_template("common/index.html").render(
        base_url=base, outlets=list(outlets.values()), sources=specs
    )
    robots = env.get_template("common/robots.txt").render(base_url=base)
    return {
        "/": Resource(html.encode("utf-8"), "text/html; charset=utf-8"),
        "/robots.txt": Resource(robots.encode("utf-8"), "text/plain; charset=utf-8"),
    }


def build_site(base_url: str) -> Site:
    """Render every resource of the demo web for a server reachable at base_url."""
    base = base_url.rstrip("/")
    env = make_environment()
    outlets = load_outlets()
    specs = load_source_specs()
    pages = placements(load_stories(), outlets)
    resources: dict[str, Resource] = {}
    for outlet in outlets.values():
        own = [page for page in pages if page.outlet is outlet]
        resources.update(OutletRenderer(env, outlet, own, base).render())
    resources.update(_index(env, base, outlets, specs))
    resources.update(static_resources())
    resources.update(broken_resources(env))
    return Site(base, resources, _key_params(outlets), pages, specs)
