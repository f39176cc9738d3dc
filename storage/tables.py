"""SQLAlchemy Core tables. The migrations in storage/migrations create exactly these."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)

from scwatch.storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ALERT_STATUSES = ("pending", "sent", "dead")

metadata = MetaData(naming_convention=NAMING_CONVENTION)

SLUG = String(200)
HASH = String(64)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", SLUG, nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("url", Text, nullable=False),
    Column("name", Text, nullable=False, server_default=""),
    Column("interval_minutes", Integer, nullable=False, server_default=text("30")),
    Column("enabled", Boolean, nullable=False, server_default=text("true")),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("body_hash", HASH),
    Column("last_attempt_at", UTCDateTime),
    Column("last_success_at", UTCDateTime),
    Column("last_new_at", UTCDateTime),
    Column("failures", Integer, nullable=False, server_default=text("0")),
    Column("next_due_at", UTCDateTime),
    Column("last_error", Text),
    # Scheduling state (migration 0002): conditional polls since the last unconditional
    # fetch, when health watching began, and the lease of the scheduler crawling it now.
    Column("polls_since_full", Integer, nullable=False, server_default=text("0")),
    Column("watched_since", UTCDateTime),
    Column("lease_owner", String(64)),
    Column("lease_until", UTCDateTime),
)

INCIDENT_KINDS = ("FAILING", "SILENT")

# One row per health incident of a source: opened when it starts failing or falls silent,
# closed when it is OK again. Its id keys the incident's alerts in the outbox.
source_incidents = Table(
    "source_incidents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", SLUG, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),
    Column("detail", Text, nullable=False, server_default=""),
    CheckConstraint("kind IN ('FAILING', 'SILENT')", name="kind"),
    Index("ix_source_incidents_source_closed_at", "source", "closed_at"),
)

fetches = Table(
    "fetches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", SLUG, nullable=False),
    Column("url", Text, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=False),
    Column("status", Integer),
    Column("items", Integer, nullable=False, server_default=text("0")),
    Column("new_items", Integer, nullable=False, server_default=text("0")),
    Column("error", Text),
    Index("ix_fetches_source_started_at", "source", "started_at"),
)

# original_article_id has no foreign key on purpose: articles.cluster_id already points here
# and a reference cycle would make every migration and delete order-dependent.
clusters = Table(
    "clusters",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("original_article_id", Integer, nullable=False),
    Column("size", Integer, nullable=False, server_default=text("1")),
    Column("first_seen_at", UTCDateTime, nullable=False),
    # Stories (migration 0003): the newest member's arrival, the decision's state as JSON
    # (scwatch.core.stories.codec) and, once merged by hand, the story it went into.
    Column("last_seen_at", UTCDateTime),
    Column("signature", Text),
    Column("merged_into", Integer),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", SLUG, nullable=False),
    Column("url", Text, nullable=False),
    Column("canonical_url", Text, nullable=False),
    Column("url_key", HASH, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("search_text", Text, nullable=False),
    Column("author", Text, nullable=False, server_default=""),
    Column("published_at", UTCDateTime),
    Column("updated_at", UTCDateTime),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("content_key", HASH, nullable=False, unique=True),
    Column("cluster_id", Integer, ForeignKey("clusters.id")),
    Column("extractor_version", String(40), nullable=False, server_default=""),
    Column("raw_sha256", HASH, nullable=False, server_default=""),
    # How the article joined its story (copy, rewrite, original, manual) and the score.
    Column("story_join", String(10)),
    Column("story_score", Float),
    Index("ix_articles_first_seen_at", "first_seen_at"),
    Index("ix_articles_published_at", "published_at"),
    # Health: the arrival times of one source's newest articles (migration 0002).
    Index("ix_articles_source_first_seen_at", "source", "first_seen_at"),
    # A story's members (migration 0003); also keeps deleting an emptied story cheap.
    Index("ix_articles_cluster_id", "cluster_id"),
)

# "Newest first" everywhere means this expression; an index on it lets newest-N stop early.
newest_first_key = func.coalesce(articles.c.published_at, articles.c.first_seen_at)
Index("ix_articles_newest", newest_first_key)

# One row per LSH band of an article's MinHash: copies are looked up by (band, bucket).
story_bands = Table(
    "story_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("bucket", BigInteger, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("cluster_id", Integer, nullable=False),
    Index("ix_story_bands_band_bucket", "band", "bucket"),
    Index("ix_story_bands_article_id", "article_id"),
)

# Rewrites are looked up by the keys of a story's event (party, amount, event, place+kind),
# within the window that starts at the story's first article.
story_keys = Table(
    "story_keys",
    metadata,
    Column("key", String(200), nullable=False),
    Column("cluster_id", Integer, nullable=False),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Index("ix_story_keys_key_first_seen_at", "key", "first_seen_at"),
    Index("ix_story_keys_cluster_id", "cluster_id"),
)

# Each article's story facts (MinHash and event signature, JSON), so a split or merge can
# recompute a story's state from its members.
article_minhashes = Table(
    "article_minhashes",
    metadata,
    Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("facts", Text, nullable=False),
)

# Each deal an article reports (scwatch.core.deals.Deal); position 0 is the main deal.
deals = Table(
    "deals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("cluster_id", Integer),
    Column("position", Integer, nullable=False, server_default=text("0")),
    Column("kind", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("status_cue", Text, nullable=False, server_default=""),
    Column("parties", Text, nullable=False, server_default="[]"),
    Column("country", Text),
    Column("city", Text),
    Column("amount_value", Float),
    Column("amount_currency", String(3)),
    Column("amount_krw", Float),
    Column("amount_text", Text),
    Column("event", Text),
    Column("project", Text),
    Column("deal_on", String(10)),
    Column("smartcity", Boolean, nullable=False, server_default=text("false")),
    Column("sentences", Text, nullable=False, server_default="{}"),
    Index("ix_deals_article_id", "article_id"),
    Index("ix_deals_cluster_id", "cluster_id"),
    Index("ix_deals_kind_status", "kind", "status"),
)

article_sightings = Table(
    "article_sightings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("source", SLUG, nullable=False),
    Column("url", Text, nullable=False),
    Column("url_key", HASH, nullable=False, unique=True),
    Column("seen_at", UTCDateTime, nullable=False),
    Index("ix_article_sightings_article_id", "article_id"),
    Index("ix_article_sightings_source_seen_at", "source", "seen_at"),
)

matches = Table(
    "matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rule", SLUG, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("evidence", Text, nullable=False, server_default="[]"),
    Column("matched_at", UTCDateTime, nullable=False),
    UniqueConstraint("rule", "article_id"),
    Index("ix_matches_article_id", "article_id"),
)

# cluster_id and article_id have no foreign keys since migration 0002: a source-health alert
# ("source-health:<slug>") keys its story by the incident id and has no article (id 0).
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rule", SLUG, nullable=False),
    Column("cluster_id", Integer, nullable=False),
    Column("article_id", Integer, nullable=False),
    Column("channel", SLUG, nullable=False),
    Column("status", String(10), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("idempotency_key", String(32), nullable=False, unique=True),
    Column("payload", Text, nullable=False, server_default="{}"),
    # The worker sending it now (migration 0004); its lease ends at next_attempt_at.
    Column("lease_owner", String(64)),
    UniqueConstraint("rule", "cluster_id", "channel"),
    CheckConstraint("status IN ('pending', 'sent', 'dead')", name="status"),
    Index("ix_alerts_status_next_attempt_at", "status", "next_attempt_at"),
)

# A channel that answered 429 or 503 is paused until `paused_until` for every worker
# (migration 0004); `strikes` counts pauses in a row, reset by a delivery that goes through.
channel_pauses = Table(
    "channel_pauses",
    metadata,
    Column("channel", SLUG, primary_key=True),
    Column("paused_until", UTCDateTime, nullable=False),
    Column("strikes", Integer, nullable=False, server_default=text("1")),
    Column("reason", Text, nullable=False, server_default=""),
    Column("paused_at", UTCDateTime, nullable=False),
)
