"""Alembic environment. scwatch.storage.migrate passes an open connection in config.attributes;
running the alembic CLI directly needs `sqlalchemy.url` set in the config instead."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from scwatch.storage.engine import BEGIN_OPTION, BEGIN_WRITE, make_engine
from scwatch.storage.search_index import outside_search_index
from scwatch.storage.tables import metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # The search index (migration 0005) is not declared in the metadata.
        include_object=outside_search_index,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    given = context.config.attributes.get("connection")
    if given is not None:
        run_with(given)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url or pass a connection in config.attributes")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execution_options(**{BEGIN_OPTION: BEGIN_WRITE})
            with conn.begin():
                run_with(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("scwatch migrations run online only")
run_online()
