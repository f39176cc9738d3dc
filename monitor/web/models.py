"""The JSON API's answers as pydantic models: what /openapi.json documents for each /api
call. The routes build plain dicts (scwatch.web.data, the same dicts the pages render) and
send them as they are, so no answer is validated twice or serialised by pydantic at run
time; tests/web check that every answer fits its model exactly (no field undocumented:
`extra="forbid"`). Times are ISO 8601 text with their offset, or null when unknown."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

Time = str | None  # ISO 8601 with offset, null when unknown


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Failure(Model):
    error: str


class Article(Model):
    """An article without its body: `story_id` (also as `cluster_id`) is its story,
    `story_join` how it joined it, `also_seen` how many other URLs carried it."""

    id: int
    source: str
    title: str
    url: str
    author: str
    published_at: Time
    updated_at: Time
    first_seen_at: Time
    cluster_id: int | None
    story_id: int | None
    story_join: str | None
    also_seen: int


class ArticleWithBody(Article):
    body: str


class Member(Article):
    story_score: float | None = Field(description="How alike it is to the original")


class RecentHit(Article):
    matched_at: Time


class Hit(Model):
    """One result: the article (with collapse, its story's best match), a snippet of its
    body and the (start, end) character ranges of the words found in it."""

    article: Article
    story_id: int | None
    copies: int
    snippet: str
    highlights: list[tuple[int, int]]


class SearchAnswer(Model):
    """`total` results in all (stories; an estimate when `total_exact` is false: a very
    frequent word in a large archive); `hits` from `offset` on; `more`: another page."""

    query: str
    order: str
    offset: int
    limit: int
    total: int
    total_exact: bool
    more: bool
    hits: list[Hit]


class AlertBase(Model):
    id: int
    rule: str
    channel: str
    status: str = Field(description="pending, sent or dead")
    attempts: int
    title: str | None
    url: str | None
    evidence: list[str | None]
    created_at: Time
    sent_at: Time
    next_attempt_at: Time
    last_error: str | None


class Alert(AlertBase):
    story_id: int | None = Field(description="None for a source-health alert")


class Health(Model):
    slug: str
    name: str
    kind: str
    url: str
    status: str = Field(description="OK, NEW, RETRYING, FAILING, SILENT, DISABLED, ...")
    last_success_at: Time
    last_new_at: Time
    failures: int
    next_due_at: Time
    last_error: str | None
    silent_after_hours: float
    quiet_for_seconds: float | None


class Party(Model):
    name: str
    side: str
    kind: str


class Deal(Model):
    """A deal found in an article (docs/deals.md) and where it was found."""

    deal_id: int
    article_id: int
    story_id: int | None
    main: bool
    kind: str
    status: str
    status_cue: str
    parties: list[Party]
    country: str | None
    city: str | None
    amount: str | None
    amount_value: float | None
    amount_currency: str | None
    amount_krw: float | None
    event: str | None
    project: str | None
    on: str | None
    smartcity: bool
    sentences: dict[str, str]
    line: str
    title: str
    url: str
    source: str
    published_at: Time
    first_seen_at: Time


class RuleStories(Model):
    rule: str
    stories: int


class DashboardAnswer(Model):
    today: str = Field(description="The KST day")
    alerts: list[Alert]
    new_stories: list[RuleStories]
    attention: list[Health]


class StoryInfo(Model):
    id: int
    size: int
    first_seen_at: Time
    last_seen_at: Time
    original_article_id: int | None


class TimelineEntry(Model):
    at: Time
    first_seen_at: Time
    id: int
    source: str
    story_join: str | None


class Evidence(Model):
    rule: str
    matched_at: Time
    evidence: list[str]
    article_id: int
    source: str


class StoryAnswer(Model):
    story: StoryInfo
    original: Article | None
    members: list[Member]
    timeline: list[TimelineEntry]
    outlets: list[str]
    evidence: list[Evidence]
    deals: list[Deal]
    alerts: list[AlertBase]


class Sighting(Model):
    source: str
    url: str
    seen_at: Time


class Match(Model):
    rule: str
    matched_at: Time
    evidence: list[str]


class ArticleAnswer(Model):
    article: ArticleWithBody
    sightings: list[Sighting]
    matches: list[Match]
    deals: list[Deal]
    story_id: int | None
    story_size: int


class Rule(Model):
    name: str
    query: str
    description: str
    channels: list[str]
    mode: str
    feed: str = Field(description="The path of its Atom feed")
    recent: list[RecentHit]


class RulesAnswer(Model):
    rules: list[Rule]


class Trial(Model):
    article_id: int | None
    title: str
    source: str
    evidence: list[str]


class RuleTrialAnswer(Model):
    query: str
    since: str
    total: int
    trials: list[Trial] = Field(description="At most 100 of the `total` articles matched")


class Pause(Model):
    channel: str
    paused_until: Time
    reason: str


class AlertsAnswer(Model):
    status: str
    alerts: list[Alert]
    pauses: list[Pause]


class SourcesAnswer(Model):
    sources: list[Health]


class Fetch(Model):
    url: str
    started_at: Time
    finished_at: Time
    status: int | None
    items: int
    new_items: int
    error: str | None


class SourceAnswer(Model):
    source: Health
    fetches: list[Fetch]


class Series(Model):
    key: str
    counts: list[int] = Field(description="Stories per week, in the order of `weeks`")


class ChartAnswer(Model):
    by: str
    weeks: list[str] = Field(description="The Monday of each KST week")
    series: list[Series]


class RetryAnswer(Model):
    alert_id: int
    queued: bool


class SourceSwitch(Model):
    slug: str
    enabled: bool


class MergeAnswer(Model):
    story_id: int
    size: int


class SplitAnswer(Model):
    story_id: int
    article_id: int
