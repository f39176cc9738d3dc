"""The schema is created by Alembic on first open, and only once."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from scwatch.storage import Database, open_database
from scwatch.storage.migrate import alembic_config, current_revision, head_revision, upgrade
from scwatch.storage.search_index import outside_search_index
from scwatch.storage.tables import metadata

EXPECTED_TABLES = {
    "sources",
    "fetches",
    "clusters",
    "articles",
    "article_sightings",
    "matches",
    "alerts",
    "channel_pauses",
    "story_bands",
    "story_keys",
    "article_minhashes",
    "deals",
}


def test_first_open_creates_every_table(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert tables >= EXPECTED_TABLES
    assert current_revision(database.url.render_as_string(hide_password=False)) == head_revision()


def test_upgrading_again_changes_nothing(database_url: str) -> None:
    open_database(database_url).dispose()
    upgrade(database_url)
    upgrade(database_url)
    reopened = open_database(database_url)
    with reopened.read() as conn:
        versions = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    reopened.dispose()
    assert versions == [(head_revision(),)]


def test_without_upgrade_a_new_database_stays_empty(database_url: str) -> None:
    db = open_database(database_url, upgrade=False)
    assert inspect(db.engine).get_table_names() == []
    db.dispose()


# SQLite cannot reflect the expression index; test_newest_first_index_exists covers it.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migration_builds_exactly_the_declared_tables(database: Database) -> None:
    with database.engine.connect() as conn:
        opts = {"compare_type": True, "include_object": outside_search_index}
        context = MigrationContext.configure(conn, opts=opts)
        differences = compare_metadata(context, metadata)
    assert differences == []


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_unique_constraints_exist(database: Database) -> None:
    inspector = inspect(database.engine)
    unique = {
        table: {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
        for table in ("articles", "article_sightings", "matches", "alerts", "sources")
    }
    assert {("url_key",), ("content_key",)} <= unique["articles"]
    assert ("url_key",) in unique["article_sightings"]
    assert ("rule", "article_id") in unique["matches"]
    assert {("rule", "cluster_id", "channel"), ("idempotency_key",)} <= unique["alerts"]
    assert ("slug",) in unique["sources"]


def test_newest_first_index_exists(database: Database) -> None:
    query = {
        "sqlite": "SELECT name FROM sqlite_master WHERE type = 'index'",
        "postgresql": "SELECT indexname FROM pg_indexes WHERE tablename = 'articles'",
    }[database.backend]
    with database.read() as conn:
        names = set(conn.exec_driver_sql(query).scalars())
    assert "ix_articles_newest" in names


def test_downgrade_to_base_removes_the_schema(database: Database) -> None:
    with database.engine.connect() as conn, conn.begin():
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    remaining = set(inspect(database.engine).get_table_names())
    assert remaining & EXPECTED_TABLES == set()


def _run_alembic(database: Database, action: str, target: str) -> None:
    with database.engine.connect() as conn, conn.begin():
        config = alembic_config()
        config.attributes["connection"] = conn
        getattr(command, action)(config, target)


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_0003_gives_stored_articles_a_story_join_and_downgrades_cleanly(
    database_url: str,
) -> None:
    db = open_database(database_url, upgrade=False)
    _run_alembic(db, "upgrade", "0002")
    with db.engine.connect() as conn, conn.begin():
        conn.exec_driver_sql(
            "INSERT INTO clusters (id, original_article_id, size, first_seen_at) "
            "VALUES (1, 1, 1, '2024-05-03 05:00:00+00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO articles (id, source, url, canonical_url, url_key, title, body, "
            "search_text, first_seen_at, content_key, cluster_id) VALUES (1, 's', 'u', 'u', "
            "'k', 't', 'b', 'tb', '2024-05-03 05:00:00+00:00', 'c', 1)"
        )
    _run_alembic(db, "upgrade", "0003")
    with db.read() as conn:
        row = conn.exec_driver_sql("SELECT story_join, story_score FROM articles").one()
        last = conn.exec_driver_sql("SELECT last_seen_at FROM clusters").scalar_one()
    assert tuple(row) == ("original", 1.0) and last is not None
    _run_alembic(db, "downgrade", "0002")
    inspector = inspect(db.engine)
    assert "story_join" not in {c["name"] for c in inspector.get_columns("articles")}
    assert "merged_into" not in {c["name"] for c in inspector.get_columns("clusters")}
    assert {"deals", "story_bands", "story_keys"} & set(inspector.get_table_names()) == set()
    with db.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM articles").scalar_one() == 1
    db.dispose()
