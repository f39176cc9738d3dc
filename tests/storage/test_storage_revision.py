"""The reading commands check the schema revision without Alembic; what they read must be
what Alembic says, on both backends."""

from __future__ import annotations

from scwatch.storage import Database, migrate, open_database, revision


def test_the_head_without_alembic_is_alembics_head() -> None:
    assert revision.head_revision() == migrate.head_revision()


def test_the_stored_revision_without_alembic_is_alembics(database: Database) -> None:
    with database.read() as conn:
        assert revision.stored_revision(conn) == migrate.revision_of(conn)
        assert revision.stored_revision(conn) == migrate.head_revision()


def test_a_database_without_schema_has_no_revision(database_url: str) -> None:
    empty = open_database(database_url, upgrade=False)
    try:
        with empty.read() as conn:
            assert revision.stored_revision(conn) is None
    finally:
        empty.dispose()
