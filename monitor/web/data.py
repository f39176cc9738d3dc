"""What each page shows, as plain JSON-ready dicts: the HTML page renders the dict and its
twin under /api returns it, so the two never disagree. Only calls on `Scwatch`."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from scwatch.api import Scwatch
from scwatch.core.clock import KST, parse_since, utcnow
from scwatch.core.errors import QueryError
from scwatch.core.policy.health import HEALTH_RULE_PREFIX
from scwatch.core.records import AlertRecord, ArticleRecord, FetchRecord, MatchRecord
from scwatch.core.views import alert_dict, article_dict, deal_record_dict, health_dict, iso
from scwatch.web.search import search_page

ALERT_STATUSES = ("pending", "sent", "dead")


class NotFound(Exception):
    """The page's subject does not exist (404)."""


def since_of(text: str | None) -> datetime | None:
    """A `since` parameter ('30d', '2w', '2025-01-01' in KST) or None; QueryError if bad."""
    if not text:
        return None
    try:
        return parse_since(text, utcnow())
    except ValueError as exc:
        raise QueryError(f"since: {exc}") from None


def today_start() -> datetime:
    return datetime.combine(utcnow().astimezone(KST).date(), time(), KST)


def fetch_dict(fetch: FetchRecord) -> dict[str, Any]:
    return {
        "url": fetch.url,
        "started_at": iso(fetch.started_at),
        "finished_at": iso(fetch.finished_at),
        "status": fetch.status,
        "items": fetch.items,
        "new_items": fetch.new_items,
        "error": fetch.error,
    }


def match_dict(match: MatchRecord) -> dict[str, Any]:
    sentences = [str(e.get("sentence", "")) for e in match.evidence if isinstance(e, dict)]
    return {"rule": match.rule, "matched_at": iso(match.matched_at), "evidence": sentences}


def alert_row(alert: AlertRecord) -> dict[str, Any]:
    """An alert with its story's id (a source-health alert has no story)."""
    story = None if alert.rule.startswith(HEALTH_RULE_PREFIX) else alert.cluster_id
    return alert_dict(alert) | {"story_id": story}


def dashboard(sw: Scwatch) -> dict[str, Any]:
    """Today's alerts (KST), new stories per rule today, sources needing attention."""
    start = today_start()
    alerts = [alert_row(a) for a in sw.alerts(limit=200) if a.created_at >= start]
    stories: dict[str, set[object]] = {rule.name: set() for rule in sw.config.rules}
    for hit in sw.rule_hits(since=start, limit=2000):
        stories.setdefault(hit.rule, set()).add(hit.article.cluster_id or ("a", hit.article.id))
    attention = [health_dict(h) for h in sw.health() if h.status not in ("OK", "NEW")]
    return {
        "today": start.date().isoformat(),
        "alerts": alerts,
        "new_stories": [{"rule": rule, "stories": len(ids)} for rule, ids in stories.items()],
        "attention": attention,
    }


def search(sw: Scwatch, **params: Any) -> dict[str, Any]:
    return search_page(sw, since=since_of(params.pop("since", None)), **params)


def story(sw: Scwatch, story_id: int) -> dict[str, Any]:
    """The story: original, copies (outlet, time, how each joined), timeline, evidence of
    the rules its articles matched, deal facts, alerts."""
    detail = sw.story(story_id)
    if detail is None:
        raise NotFound(f"no story with id {story_id}")
    members = [article_dict(m) | {"story_score": m.story_score} for m in detail.members]
    evidence = _story_evidence(sw, detail.members)
    # Coverage as it appeared: publication time, first-seen time when the page had none.
    timeline = sorted(members, key=lambda m: m["published_at"] or m["first_seen_at"] or "")
    return {
        "story": {
            "id": detail.story.id,
            "size": detail.story.size,
            "first_seen_at": iso(detail.story.first_seen_at),
            "last_seen_at": iso(detail.story.last_seen_at),
            "original_article_id": detail.story.original_article_id,
        },
        "original": article_dict(detail.original) if detail.original else None,
        "members": members,
        "timeline": [
            {"at": m["published_at"] or m["first_seen_at"], "first_seen_at": m["first_seen_at"],
             "id": m["id"], "source": m["source"], "story_join": m["story_join"]}
            for m in timeline
        ],
        "outlets": detail.outlets,
        "evidence": evidence,
        "deals": [deal_record_dict(d) for d in detail.deals],
        "alerts": [alert_dict(a) for a in detail.alerts],
    }


def _story_evidence(sw: Scwatch, members: list[ArticleRecord]) -> list[dict[str, Any]]:
    found = []
    for member in members[:20]:  # a story of hundreds of copies: the first ones say enough
        detail = sw.article(member.id)
        for match in detail.matches if detail else []:
            found.append(match_dict(match) | {"article_id": member.id, "source": member.source})
    return found


def article(sw: Scwatch, article_id: int) -> dict[str, Any]:
    detail = sw.article(article_id)
    if detail is None:
        raise NotFound(f"no article with id {article_id}")
    sightings = [
        {"source": s.source, "url": s.url, "seen_at": iso(s.seen_at)} for s in detail.sightings
    ]
    return {
        "article": article_dict(detail.article, with_body=True),
        "sightings": sightings,
        "matches": [match_dict(m) for m in detail.matches],
        "deals": [deal_record_dict(d) for d in detail.deals],
        "story_id": detail.story.story.id if detail.story else None,
        "story_size": len(detail.story.members) if detail.story else 0,
    }


def rules(sw: Scwatch, *, hits_per_rule: int = 5) -> dict[str, Any]:
    """The configured rules with their newest matches (one line per story)."""
    listed = []
    for rule in sw.config.rules:
        hits = by_story(sw.rule_hits(rule.name, limit=hits_per_rule * 4))[:hits_per_rule]
        listed.append({
            "name": rule.name,
            "query": rule.query,
            "description": rule.description,
            "channels": list(rule.channels),
            "mode": rule.mode,
            "feed": f"/rules/{quote(rule.name, safe='')}/feed.xml",
            "recent": hits,
        })
    return {"rules": listed}


def by_story(hits: list[Any]) -> list[dict[str, Any]]:
    seen: set[object] = set()
    rows = []
    for hit in hits:
        key = hit.article.cluster_id or ("a", hit.article.id)
        if key not in seen:
            seen.add(key)
            rows.append(article_dict(hit.article) | {"matched_at": iso(hit.matched_at)})
    return rows


def rule_trial(sw: Scwatch, query: str, since: str | None) -> dict[str, Any]:
    """The dry run of a rule (`scwatch rules test`): nothing is stored or sent."""
    if not query.strip():
        return {"query": "", "since": since or "30d", "total": 0, "trials": []}
    window = since_of(since or "30d")
    trials = sw.test_rule(query, since=window)
    rows = [
        {
            "article_id": int(trial.sample.ref) if trial.sample.ref.isdigit() else None,
            "title": trial.sample.title,
            "source": trial.sample.source,
            "evidence": [e.sentence for m in trial.matches for e in m.evidence[:1]],
        }
        for trial in trials[:100]
    ]
    return {"query": query, "since": since or "30d", "total": len(trials), "trials": rows}


def alerts(sw: Scwatch, status: str | None, limit: int = 100) -> dict[str, Any]:
    if status and status not in ALERT_STATUSES:
        raise QueryError(f"status must be one of {', '.join(ALERT_STATUSES)}")
    found = sw.alerts(status=status or None, limit=limit)  # type: ignore[arg-type]
    pauses = [
        {"channel": p.channel, "paused_until": iso(p.paused_until), "reason": p.reason}
        for p in sw.channel_pauses()
    ]
    return {"status": status or "", "alerts": [alert_row(a) for a in found], "pauses": pauses}


def sources(sw: Scwatch) -> dict[str, Any]:
    return {"sources": [health_dict(h) for h in sw.health()]}


def source(sw: Scwatch, slug: str) -> dict[str, Any]:
    if slug not in {s.slug for s in sw.config.sources}:
        raise NotFound(f"no configured source {slug!r}")
    health = next(h for h in sw.health() if h.slug == slug)
    return {"source": health_dict(health), "fetches": [fetch_dict(f) for f in sw.fetch_log(slug)]}


def chart(sw: Scwatch, by: str, weeks: int) -> dict[str, Any]:
    """Matching stories per KST week by publication, one series per rule (or per deal
    country), over the `weeks` weeks that end with the newest week holding a story (this
    week when there is none), so an archive of older news still shows its coverage."""
    if by not in ("rule", "country"):
        raise QueryError("by must be rule or country")
    counts = sw.weekly_stories(by=by)  # type: ignore[arg-type]
    this_week = today_start().date() - timedelta(days=today_start().weekday())
    last = min(max((c.week for c in counts), default=this_week), this_week)
    first = last - timedelta(weeks=weeks - 1)
    all_weeks = [(first + timedelta(weeks=n)).isoformat() for n in range(weeks)]
    series: dict[str, dict[str, int]] = defaultdict(dict)
    for count in counts:
        if first <= count.week <= last:
            series[count.key][count.week.isoformat()] = count.stories
    return {
        "by": by,
        "weeks": all_weeks,
        "series": [
            {"key": key, "counts": [values.get(week, 0) for week in all_weeks]}
            for key, values in sorted(series.items(), key=lambda kv: -sum(kv[1].values()))
        ],
    }
