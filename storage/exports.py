"""What an export row says about each article besides itself: its story's size and
outlets, the rules it matched and its main deal, read for a batch of articles at once
(four queries per batch, not four per article)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select, union_all
from sqlalchemy.engine import Connection

from scwatch.core.deals import Deal
from scwatch.core.formats.exports import ArticleFacts
from scwatch.core.records import ArticleRecord
from scwatch.storage.deals import deal_of
from scwatch.storage.tables import article_sightings, articles, deals, matches


def facts_for(conn: Connection, batch: Sequence[ArticleRecord]) -> dict[int, ArticleFacts]:
    """ArticleFacts by article id for `batch` (keep it to a few hundred articles)."""
    ids = [article.id for article in batch]
    story_ids = sorted({a.cluster_id for a in batch if a.cluster_id is not None})
    sizes = _story_sizes(conn, story_ids)
    outlets = _story_outlets(conn, story_ids)
    rules = _rules_matched(conn, ids)
    main_deals = _main_deals(conn, ids)
    found = {}
    for article in batch:
        story = article.cluster_id
        found[article.id] = ArticleFacts(
            story_size=sizes.get(story, 1) if story is not None else 1,
            outlets=tuple(sorted(outlets.get(story, {article.source}))),
            rules=tuple(sorted(rules.get(article.id, ()))),
            deal=main_deals.get(article.id),
        )
    return found


def _story_sizes(conn: Connection, story_ids: list[int]) -> dict[int | None, int]:
    if not story_ids:
        return {}
    query = (
        select(articles.c.cluster_id, func.count())
        .where(articles.c.cluster_id.in_(story_ids))
        .group_by(articles.c.cluster_id)
    )
    return {story: int(count) for story, count in conn.execute(query)}


def _story_outlets(conn: Connection, story_ids: list[int]) -> dict[int | None, set[str]]:
    """Every source that ran each story, as an article or as a sighting of one."""
    if not story_ids:
        return {}
    members = select(articles.c.cluster_id, articles.c.source).where(
        articles.c.cluster_id.in_(story_ids)
    )
    sightings = (
        select(articles.c.cluster_id, article_sightings.c.source)
        .join(articles, articles.c.id == article_sightings.c.article_id)
        .where(articles.c.cluster_id.in_(story_ids))
    )
    found: dict[int | None, set[str]] = defaultdict(set)
    for story, source in conn.execute(union_all(members, sightings)):
        found[story].add(source)
    return found


def _rules_matched(conn: Connection, ids: list[int]) -> dict[int, set[str]]:
    if not ids:
        return {}
    query = select(matches.c.article_id, matches.c.rule).where(matches.c.article_id.in_(ids))
    found: dict[int, set[str]] = defaultdict(set)
    for article_id, rule in conn.execute(query):
        found[article_id].add(rule)
    return found


def _main_deals(conn: Connection, ids: list[int]) -> dict[int, Deal]:
    if not ids:
        return {}
    query = select(deals).where(deals.c.article_id.in_(ids), deals.c.position == 0)
    return {row.article_id: deal_of(row) for row in conn.execute(query)}


def articles_matching_rule(conn: Connection, rule: str) -> set[int]:
    """The ids of the articles `rule` matched."""
    query = select(matches.c.article_id).where(matches.c.rule == rule)
    return {int(article_id) for (article_id,) in conn.execute(query)}
