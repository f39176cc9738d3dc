"""The JSON API under /api: the twin of every page (the same dicts), documented by the
OpenAPI schema at /openapi.json with a model per answer (scwatch.web.models). Reading
needs nothing; writes are in scwatch.web.actions.

Each call sends its dict as JSON straight away (`json_answer`): the model documents it, and
the tests check that each answer fits it, but no answer goes through pydantic at run time
(with a second thread-pool hand-off, that cost about as much CPU as the search itself
for a query that finds nothing: docs/benchmarks.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from scwatch.web import data
from scwatch.web.models import (
    AlertsAnswer,
    ArticleAnswer,
    ChartAnswer,
    DashboardAnswer,
    Failure,
    RulesAnswer,
    RuleTrialAnswer,
    SearchAnswer,
    SourceAnswer,
    SourcesAnswer,
    StoryAnswer,
)
from scwatch.web.search import Text
from scwatch.web.state import scwatch_of

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Failure, "description": "bad query or filter"},
    404: {"model": Failure, "description": "no such thing"},
    503: {"model": Failure, "description": "no database yet, or one to upgrade"},
}
router = APIRouter(prefix="/api", tags=["read"], responses=ERRORS)


def json_answer(found: dict[str, Any]) -> JSONResponse:
    """`found` (JSON-ready: text, numbers, None, lists, dicts) as the answer, as it is."""
    return JSONResponse(found)


@router.get(
    "/dashboard", response_model=DashboardAnswer,
    summary="Today's alerts, new stories per rule, sources needing attention",
)
def dashboard(request: Request) -> JSONResponse:
    return json_answer(data.dashboard(scwatch_of(request)))


@router.get(
    "/search", response_model=SearchAnswer,
    summary="Search the archive; hits collapsed by story, with snippets",
)
def search(
    request: Request,
    q: Annotated[str, Query(max_length=500, description="The query (rule language)")] = "",
    since: Annotated[
        str | None,
        Query(max_length=40, description="First seen since: 30d, 2w, 12h or a KST date"),
    ] = None,
    date_from: Annotated[
        str | None, Query(alias="from", max_length=10, description="Published from (KST day)")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", max_length=10, description="Published to (KST day)")
    ] = None,
    source: Text = None,
    rule: Annotated[str | None, Query(max_length=200, description="Matched this rule")] = None,
    story: Annotated[int | None, Query(description="Articles of this story")] = None,
    kind: Annotated[str | None, Query(max_length=40, description="Deal kind: mou, export, ...")]
    = None,
    status: Annotated[str | None, Query(max_length=40, description="Deal status: done, ...")]
    = None,
    country: Annotated[str | None, Query(max_length=100, description="Deal country (Korean)")]
    = None,
    order: Annotated[str, Query(description="newest or relevance")] = "newest",
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> JSONResponse:
    return json_answer(data.search(
        scwatch_of(request), q=q, since=since, date_from=date_from, date_to=date_to,
        source=source, rule=rule, story=story, kind=kind, status=status, country=country,
        order=order, offset=offset, limit=limit,
    ))


@router.get(
    "/stories/{story_id}", response_model=StoryAnswer,
    summary="A story: original, copies, timeline, evidence, deals",
)
def story(request: Request, story_id: int) -> JSONResponse:
    return json_answer(data.story(scwatch_of(request), story_id))


@router.get(
    "/articles/{article_id}", response_model=ArticleAnswer,
    summary="An article with its body, matches and deals",
)
def article(request: Request, article_id: int) -> JSONResponse:
    return json_answer(data.article(scwatch_of(request), article_id))


@router.get(
    "/rules", response_model=RulesAnswer,
    summary="The configured rules with their recent hits and feeds",
)
def rules(request: Request) -> JSONResponse:
    return json_answer(data.rules(scwatch_of(request)))


@router.get(
    "/rules/test", response_model=RuleTrialAnswer,
    summary="Try a rule on the archive (dry run: nothing stored or sent)",
)
def rule_test(
    request: Request,
    query: Annotated[str, Query(max_length=2000, description="A rule query")],
    since: Annotated[str | None, Query(max_length=40, description="Default 30d")] = None,
) -> JSONResponse:
    return json_answer(data.rule_trial(scwatch_of(request), query, since))


@router.get(
    "/alerts", response_model=AlertsAnswer,
    summary="Alerts from the outbox, newest first, and paused channels",
)
def alerts(
    request: Request,
    status: Annotated[str | None, Query(description="pending, sent or dead")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> JSONResponse:
    return json_answer(data.alerts(scwatch_of(request), status, limit))


@router.get(
    "/sources", response_model=SourcesAnswer,
    summary="Every configured source with its health",
)
def sources(request: Request) -> JSONResponse:
    return json_answer(data.sources(scwatch_of(request)))


@router.get(
    "/sources/{slug}", response_model=SourceAnswer,
    summary="One source's health and its fetch log",
)
def source(request: Request, slug: str) -> JSONResponse:
    return json_answer(data.source(scwatch_of(request), slug))


@router.get(
    "/charts/weekly", response_model=ChartAnswer,
    summary="Stories per KST week of publication, by rule or country",
)
def weekly(
    request: Request,
    by: Annotated[str, Query(description="rule or country")] = "rule",
    weeks: Annotated[int, Query(ge=2, le=520)] = 26,
) -> JSONResponse:
    return json_answer(data.chart(scwatch_of(request), by, weeks))
