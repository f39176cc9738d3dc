"""The write actions: retry an alert, disable or enable a source, merge two stories, split
an article out of its story; signing in and out. A form needs the session cookie (signed
in with the token) and the CSRF token; the API needs `Authorization: Bearer <token>`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Header, Request
from fastapi.responses import JSONResponse, RedirectResponse

from scwatch.core.errors import QueryError
from scwatch.web.data import NotFound
from scwatch.web.guard import CSRF_COOKIE, SESSION_COOKIE, WriteRefused
from scwatch.web.models import Failure, MergeAnswer, RetryAnswer, SourceSwitch, SplitAnswer
from scwatch.web.state import guard_of, scwatch_of, state_of

forms = APIRouter(include_in_schema=False)
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Failure, "description": "a story merged into itself"},
    401: {"model": Failure, "description": "no or wrong `Authorization: Bearer` token"},
    403: {"model": Failure, "description": "writes are disabled (no SCWATCH_WEB_TOKEN)"},
    404: {"model": Failure, "description": "no such alert, source, story or article"},
}
api = APIRouter(prefix="/api", tags=["write (Bearer token)"], responses=WRITE_ERRORS)
Csrf = Annotated[str, Form(max_length=200)]
Bearer = Annotated[str | None, Header(description="Bearer <SCWATCH_WEB_TOKEN>")]


def _form_allowed(request: Request, csrf: str) -> None:
    guard = guard_of(request)
    cookies = request.cookies
    guard.check_form(cookies.get(SESSION_COOKIE), cookies.get(CSRF_COOKIE), csrf)


def _write(request: Request, action: Callable[[], Any]) -> Any:
    with state_of(request).write_lock:
        return action()


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# ---------------------------------------------------------------- signing in


@forms.post("/login")
def login(
    request: Request, token: Annotated[str, Form(max_length=500)] = "", csrf: Csrf = ""
) -> Any:
    guard = guard_of(request)
    if not guard.writes_enabled:
        raise WriteRefused(403, "writes are disabled: SCWATCH_WEB_TOKEN is not set")
    if not guard.csrf_ok(request.cookies.get(CSRF_COOKIE), csrf):
        raise WriteRefused(403, "the form's CSRF token is missing or wrong: reload the page")
    if not guard.token_matches(token):
        raise WriteRefused(401, "wrong token")
    response = _back("/")
    response.set_cookie(
        SESSION_COOKIE, guard.session_value(), httponly=True, samesite="strict"
    )
    return response


@forms.post("/logout")
def logout(request: Request, csrf: Csrf = "") -> Any:
    if not guard_of(request).csrf_ok(request.cookies.get(CSRF_COOKIE), csrf):
        raise WriteRefused(403, "the form's CSRF token is missing or wrong: reload the page")
    guard_of(request).end_session(request.cookies.get(SESSION_COOKIE))
    response = _back("/")
    response.delete_cookie(SESSION_COOKIE)
    return response


# ---------------------------------------------------------------- the actions themselves


def retry(request: Request, alert_id: int) -> dict[str, Any]:
    if not _write(request, lambda: scwatch_of(request).retry_alert(alert_id)):
        raise NotFound(f"no dead or pending alert with id {alert_id}")
    return {"alert_id": alert_id, "queued": True}


def set_source(request: Request, slug: str, enabled: bool) -> dict[str, Any]:
    sw = scwatch_of(request)
    if slug not in {s.slug for s in sw.config.sources}:
        raise NotFound(f"no configured source {slug!r}")
    change = sw.enable_source if enabled else sw.disable_source
    source = _write(request, lambda: change(slug))
    return {"slug": source.slug, "enabled": source.enabled}


def merge(request: Request, keep: int, other: int) -> dict[str, Any]:
    if keep == other:
        raise QueryError("a story cannot be merged into itself")
    detail = _write(request, lambda: scwatch_of(request).merge_stories(keep, other))
    return {"story_id": detail.story.id, "size": len(detail.members)}


def split(request: Request, article_id: int) -> dict[str, Any]:
    if scwatch_of(request).article(article_id) is None:
        raise NotFound(f"no article with id {article_id}")
    detail = _write(request, lambda: scwatch_of(request).split_article(article_id))
    return {"story_id": detail.story.id, "article_id": article_id}


# ---------------------------------------------------------------- forms


@forms.post("/alerts/{alert_id}/retry")
def retry_form(request: Request, alert_id: int, csrf: Csrf = "") -> Any:
    _form_allowed(request, csrf)
    retry(request, alert_id)
    return _back("/alerts")


@forms.post("/sources/{slug}/disable")
def disable_form(request: Request, slug: str, csrf: Csrf = "") -> Any:
    _form_allowed(request, csrf)
    set_source(request, slug, False)
    return _back("/sources")


@forms.post("/sources/{slug}/enable")
def enable_form(request: Request, slug: str, csrf: Csrf = "") -> Any:
    _form_allowed(request, csrf)
    set_source(request, slug, True)
    return _back("/sources")


@forms.post("/stories/{story_id}/merge")
def merge_form(
    request: Request, story_id: int, other: Annotated[int, Form(ge=1)], csrf: Csrf = ""
) -> Any:
    _form_allowed(request, csrf)
    done = merge(request, story_id, other)
    return _back(f"/stories/{done['story_id']}")


@forms.post("/articles/{article_id}/split")
def split_form(request: Request, article_id: int, csrf: Csrf = "") -> Any:
    _form_allowed(request, csrf)
    done = split(request, article_id)
    return _back(f"/stories/{done['story_id']}")


# ---------------------------------------------------------------- API


@api.post(
    "/alerts/{alert_id}/retry", response_model=RetryAnswer,
    summary="Queue a dead or pending alert for delivery now",
)
def retry_api(request: Request, alert_id: int, authorization: Bearer = None) -> JSONResponse:
    guard_of(request).check_bearer(authorization)
    return JSONResponse(retry(request, alert_id))


@api.post(
    "/sources/{slug}/disable", response_model=SourceSwitch,
    summary="Disable (mute) a source in scwatch.toml",
)
def disable_api(request: Request, slug: str, authorization: Bearer = None) -> JSONResponse:
    guard_of(request).check_bearer(authorization)
    return JSONResponse(set_source(request, slug, False))


@api.post(
    "/sources/{slug}/enable", response_model=SourceSwitch,
    summary="Enable a source in scwatch.toml",
)
def enable_api(request: Request, slug: str, authorization: Bearer = None) -> JSONResponse:
    guard_of(request).check_bearer(authorization)
    return JSONResponse(set_source(request, slug, True))


@api.post(
    "/stories/{story_id}/merge", response_model=MergeAnswer,
    summary="Merge story `other` into this story",
)
def merge_api(
    request: Request, story_id: int, other: int, authorization: Bearer = None
) -> JSONResponse:
    guard_of(request).check_bearer(authorization)
    return JSONResponse(merge(request, story_id, other))


@api.post(
    "/articles/{article_id}/split", response_model=SplitAnswer,
    summary="Take an article out into a story of its own",
)
def split_api(request: Request, article_id: int, authorization: Bearer = None) -> JSONResponse:
    guard_of(request).check_bearer(authorization)
    return JSONResponse(split(request, article_id))
