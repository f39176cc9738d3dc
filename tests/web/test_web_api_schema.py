"""The JSON API is documented by OpenAPI and covers the same data: every /api call names a
response model in /openapi.json, and what each call answers fits that model exactly (no
field missing, none undocumented), over the demo crawl's archive and after each write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel
from support.web import TOKEN, TestClient, client_for

from scwatch.web import models

BEARER = {"Authorization": f"Bearer {TOKEN}"}


def fits(model: type[BaseModel], answer: Any) -> None:
    assert answer.status_code == 200, answer.text
    model.model_validate(answer.json())  # extra="forbid": an undocumented field fails


def test_every_api_call_names_its_response_schema(demo_client: TestClient) -> None:
    schema = demo_client.get("/openapi.json").json()
    api_calls = [
        (path, method, call)
        for path, methods in schema["paths"].items() if path.startswith("/api/")
        for method, call in methods.items()
    ]  # fmt: skip
    assert len(api_calls) >= 15
    components = schema["components"]["schemas"]
    for path, method, call in api_calls:
        body = call["responses"]["200"]["content"]["application/json"]["schema"]
        name = body.get("$ref", "").rpartition("/")[2]
        assert name in components, f"{method.upper()} {path} names no response schema"
        assert components[name]["properties"], f"{name} documents no field"
        assert call["responses"]["404"]["content"]["application/json"]["schema"]["$ref"]
    hit = components["Hit"]["properties"]
    assert hit["article"]["$ref"].endswith("/Article") and "snippet" in hit


def test_every_read_answer_fits_its_model(demo_client: TestClient) -> None:
    found = demo_client.get("/api/search", params={"q": "스마트시티", "limit": 3})
    fits(models.SearchAnswer, found)
    hit = found.json()["hits"][0]
    story, article = hit["story_id"], hit["article"]["id"]
    source = demo_client.get("/api/sources").json()["sources"][0]["slug"]
    answers: dict[str, type[BaseModel]] = {
        "/api/dashboard": models.DashboardAnswer,
        "/api/search?q=zzyzx": models.SearchAnswer,
        f"/api/stories/{story}": models.StoryAnswer,
        f"/api/articles/{article}": models.ArticleAnswer,
        "/api/rules": models.RulesAnswer,
        "/api/rules/test?query=스마트시티": models.RuleTrialAnswer,
        "/api/rules/test?query=": models.RuleTrialAnswer,
        "/api/alerts": models.AlertsAnswer,
        "/api/sources": models.SourcesAnswer,
        f"/api/sources/{source}": models.SourceAnswer,
        "/api/charts/weekly?by=rule": models.ChartAnswer,
        "/api/charts/weekly?by=country": models.ChartAnswer,
    }
    for path, model in answers.items():
        fits(model, demo_client.get(path))
    with_deals = 0
    for each in _all(demo_client):  # every article and story: the deals are checked too
        answer = demo_client.get(f"/api/articles/{each['id']}")
        fits(models.ArticleAnswer, answer)
        with_deals += bool(answer.json()["deals"])
        if each["story_id"]:
            fits(models.StoryAnswer, demo_client.get(f"/api/stories/{each['story_id']}"))
    assert with_deals, "the demo archive holds deals"


def _all(client: TestClient) -> list[dict[str, Any]]:
    found = client.get("/api/search", params={"q": "시", "limit": 100}).json()
    return [hit["article"] for hit in found["hits"]]


def test_every_write_answer_fits_its_model(archive: Path) -> None:
    writer = client_for(archive, token=TOKEN)
    fits(models.RetryAnswer, writer.post("/api/alerts/1/retry", headers=BEARER))
    fits(models.SourceSwitch, writer.post("/api/sources/gukje/disable", headers=BEARER))
    fits(models.SourceSwitch, writer.post("/api/sources/gukje/enable", headers=BEARER))
    split = writer.post("/api/articles/1/split", headers=BEARER)
    fits(models.SplitAnswer, split)
    fits(models.StoryAnswer, writer.get(f"/api/stories/{split.json()['story_id']}"))
    failed = writer.post("/api/articles/999/split", headers=BEARER)
    assert failed.status_code == 404
    models.Failure.model_validate(failed.json())
