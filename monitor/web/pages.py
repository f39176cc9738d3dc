"""The HTML pages. Each renders the dict its JSON twin (scwatch.web.json_api) returns."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from scwatch.web import data
from scwatch.web.charts import weekly_chart
from scwatch.web.render import page
from scwatch.web.search import SearchParameters, Text
from scwatch.web.state import guard_of, scwatch_of

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/")
def dashboard_page(request: Request) -> HTMLResponse:
    found = data.dashboard(scwatch_of(request))
    return page(request, guard_of(request), "dashboard.html", found, title="대시보드 Dashboard")


@router.get("/search")
def search_page(
    request: Request,
    search: Annotated[SearchParameters, Depends()],
    order: Annotated[str, Query(max_length=20)] = "newest",
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> HTMLResponse:
    sw = scwatch_of(request)
    found = data.search(
        sw, q=search.q, since=search.since, order=order, offset=offset, **search.filters()
    )
    context = found | {
        "filters": search.form(),
        "sources": [s.slug for s in sw.config.sources],
        "rules": [r.name for r in sw.config.rules],
    }
    return page(request, guard_of(request), "search.html", context, title="검색 Search")


@router.get("/stories/{story_id}")
def story_page(request: Request, story_id: int) -> HTMLResponse:
    found = data.story(scwatch_of(request), story_id)
    return page(request, guard_of(request), "story.html", found, title=f"이야기 Story {story_id}")


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: int) -> HTMLResponse:
    found = data.article(scwatch_of(request), article_id)
    title = f"기사 Article {article_id}"
    return page(request, guard_of(request), "article.html", found, title=title)


@router.get("/rules")
def rules_page(
    request: Request, query: Annotated[str, Query(max_length=2000)] = "", since: Text = None
) -> HTMLResponse:
    sw = scwatch_of(request)
    found = data.rules(sw) | {"trial": data.rule_trial(sw, query, since)}
    return page(request, guard_of(request), "rules.html", found, title="규칙 Rules")


@router.get("/alerts")
def alerts_page(request: Request, status: Text = None) -> HTMLResponse:
    found = data.alerts(scwatch_of(request), status)
    return page(request, guard_of(request), "alerts.html", found, title="알림 Alerts")


@router.get("/sources")
def sources_page(request: Request) -> HTMLResponse:
    found = data.sources(scwatch_of(request))
    return page(request, guard_of(request), "sources.html", found, title="출처 Sources")


@router.get("/sources/{slug}")
def source_page(request: Request, slug: str) -> HTMLResponse:
    found = data.source(scwatch_of(request), slug)
    return page(request, guard_of(request), "source.html", found, title=f"출처 Source {slug}")


@router.get("/charts")
def charts_page(
    request: Request, weeks: Annotated[int, Query(ge=2, le=520)] = 26
) -> HTMLResponse:
    sw = scwatch_of(request)
    by_rule, by_country = data.chart(sw, "rule", weeks), data.chart(sw, "country", weeks)
    found = {
        "weeks": weeks,
        "by_rule": by_rule | {"svg": weekly_chart(by_rule, "Stories per week by rule")},
        "by_country": by_country
        | {"svg": weekly_chart(by_country, "Stories per week by deal country")},
    }
    return page(request, guard_of(request), "charts.html", found, title="차트 Charts")


@router.get("/api")
def api_page(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    endpoints = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", "")}
        for path, ops in schema.get("paths", {}).items()
        for method, op in ops.items()
    ]
    found = {"endpoints": endpoints}
    return page(request, guard_of(request), "api.html", found, title="API")
