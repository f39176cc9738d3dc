"""`explain`: why an article did or did not alert. The same pure steps as ingest (deal
extraction, then the rules) run again on the article, and the outbox says what was sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scwatch.config import Config
from scwatch.core.deals import Deal, extract_deals
from scwatch.core.errors import QueryError
from scwatch.core.models import Article, Evidence, Rule
from scwatch.core.records import AlertRecord
from scwatch.core.rules import AliasRef, And, Near, Node, Or, Term, compile_rules, parse_query
from scwatch.core.text.keys import url_key
from scwatch.services.ingest import without_controls
from scwatch.services.pages import extract_page, page_from_file, page_from_web
from scwatch.storage import Database, outbox
from scwatch.storage import articles as article_store


@dataclass(frozen=True)
class RuleVerdict:
    """One configured rule on the article: fired or not, and the sentences it saw."""

    rule: str
    query: str
    fired: bool
    # Fired: the sentences that made it fire. Not fired: the sentences holding any of its
    # words (deal fields are judged on `Explanation.deals`).
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Explanation:
    article: Article
    article_id: int | None  # None: not in the archive (extracted from the URL or file)
    story_id: int | None
    deals: tuple[Deal, ...]  # the main deal first
    rules: tuple[RuleVerdict, ...]
    alerts: tuple[AlertRecord, ...]  # what the outbox holds for the article's story


def explain_article(db: Database | None, config: Config, target: int | str) -> Explanation:
    article, article_id, story_id = _resolve(db, config, target)
    deals = extract_deals(article.title, article.body, article.published_at)
    verdicts = tuple(_verdicts(config, article, deals))
    alerts: tuple[AlertRecord, ...] = ()
    if db is not None and story_id is not None:
        with db.read() as conn:
            alerts = tuple(outbox.alerts_for_story(conn, story_id))
    return Explanation(article, article_id, story_id, deals, verdicts, alerts)


def _resolve(
    db: Database | None, config: Config, target: int | str
) -> tuple[Article, int | None, int | None]:
    """A stored article (by id or URL) or, for an unknown URL or a file, an extracted one."""
    stored_id = _stored_id(db, target)
    if stored_id is not None and db is not None:
        with db.read() as conn:
            record = article_store.get_article(conn, stored_id)
        if record is not None:
            article = Article(
                source=record.source,
                url=record.url,
                canonical_url=record.canonical_url,
                url_key=record.url_key,
                title=record.title,
                body=record.body,
                author=record.author,
                published_at=record.published_at,
                updated_at=record.updated_at,
                first_seen_at=record.first_seen_at,
                content_key=record.content_key,
            )
            return article, record.id, record.cluster_id
    if isinstance(target, int) or str(target).isdigit():
        raise QueryError(f"no article with id {target}")
    return _extracted(config, str(target)), None, None


def _stored_id(db: Database | None, target: int | str) -> int | None:
    if db is None:
        return None
    if isinstance(target, int) or str(target).isdigit():
        return int(target)
    with db.read() as conn:
        return article_store.article_id_for_url(conn, url_key(str(target)))


def _extracted(config: Config, target: str) -> Article:
    """The article as ingest would store it (so the verdicts are the ones it would get)."""
    if target.startswith(("http://", "https://")):
        return without_controls(extract_page(page_from_web(target, config.crawl)).article)
    path = Path(target)
    if not path.is_file():
        raise QueryError(f"{target!r} is neither a stored article id, a URL nor a file")
    return without_controls(extract_page(page_from_file(path)).article)


def _verdicts(config: Config, article: Article, deals: Sequence[Deal]) -> list[RuleVerdict]:
    ruleset = compile_rules(config.rules, config.aliases)
    fired = {m.rule: m for m in ruleset.match(
        article.title, article.body, article.source, deals=deals
    )}
    verdicts = []
    for rule in config.rules:
        match = fired.get(rule.name)
        evidence = match.evidence if match else _words_seen(config, rule, article)
        verdicts.append(RuleVerdict(rule.name, rule.query, match is not None, evidence))
    return verdicts


def _words_seen(config: Config, rule: Rule, article: Article) -> tuple[Evidence, ...]:
    """The sentences holding any word of the rule (its deal fields left out)."""
    words = _words(parse_query(rule.query))
    if not words:
        return ()
    probe = Rule(name=rule.name, query=" OR ".join(words))
    found = compile_rules([probe], config.aliases).match(article.title, article.body)
    return found[0].evidence if found else ()


def _words(node: Node) -> list[str]:
    """The rule's terms and alias references as query text, NOT branches left out."""
    if isinstance(node, Term):
        text = node.text.replace('"', "")
        return [f'"{text}"' if node.phrase or " " in text else text]
    if isinstance(node, AliasRef):
        return [f"@{node.name}"]
    if isinstance(node, And | Or):
        return [word for child in node.children for word in _words(child)]
    if isinstance(node, Near):
        return _words(node.left) + _words(node.right)
    return []  # Not, and the deal fields
