"""Configuration: scwatch.toml (sources, rules, channels, [crawl], [schedule], [health]) over
packaged defaults, and the SCWATCH_* environment variables.

What belongs here: reading and checking settings, turning them into the core's values
(Source, Rule, Channel), and the starter file `scwatch init` writes. The only reader of
os.environ is scwatch.config.env. It may import scwatch.core and nothing else of scwatch.
"""

from scwatch.config.env import ENV_SETTINGS, EnvSetting
from scwatch.config.files import (
    CrawlConfig,
    FileConfig,
    RuleConfig,
    SourceConfig,
    StorageConfig,
    StoriesConfig,
    parse_duration_minutes,
)
from scwatch.config.load import Config, find_config_path, load_config
from scwatch.config.secrets import log_redactor, secret_values

__all__ = [
    "ENV_SETTINGS",
    "Config",
    "CrawlConfig",
    "EnvSetting",
    "FileConfig",
    "RuleConfig",
    "SourceConfig",
    "StorageConfig",
    "StoriesConfig",
    "find_config_path",
    "load_config",
    "log_redactor",
    "parse_duration_minutes",
    "secret_values",
]
