"""Open everything a run needs (config, database, rules, ingestor) in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass

from scwatch.config import Config, load_config
from scwatch.core.rules import RuleSet, compile_rules
from scwatch.services.ingest import Ingestor
from scwatch.services.sources import sync_sources
from scwatch.storage import Database, open_database


@dataclass
class Runtime:
    config: Config
    db: Database
    ruleset: RuleSet
    ingestor: Ingestor

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_runtime(config_path: str | os.PathLike[str] | None = None) -> Runtime:
    """Load config, open (and migrate) the database, sync sources, compile rules."""
    config = load_config(config_path)
    return runtime_for(config)


def runtime_for(config: Config) -> Runtime:
    db = open_database(config.database_url)
    sync_sources(db, config.sources)
    ruleset = compile_rules(config.rules, config.aliases)
    ingestor = Ingestor(
        db, ruleset, config.rules, config.channels, window_days=config.story_window_days
    )
    return Runtime(config=config, db=db, ruleset=ruleset, ingestor=ingestor)
