"""The library API: `Scwatch.open(config)` and the values its calls return.

The CLI (and, later, the web UI) are thin layers over this package; see docs/api.md for a
runnable example. What belongs here: the one class a Python user needs, composing the
scheduler, the demo, services and storage. It may import every layer below it; nothing but
the CLI and the web UI import it.
"""

from scwatch.api.checks import ConfigCheck, check_config
from scwatch.api.filters import DealFilter
from scwatch.api.reports import CrawlReport, OpmlImport, Since
from scwatch.api.scwatch import Scwatch
from scwatch.core.deals import Amount, Deal, Party
from scwatch.core.errors import ScwatchError
from scwatch.core.policy.health import SourceHealth
from scwatch.core.records import (
    AlertRecord,
    ArticleRecord,
    ChannelPause,
    ClusterRecord,
    DealRecord,
    SourceRecord,
)
from scwatch.demo.run import DemoResult, run_demo
from scwatch.scheduler.launcher import CrawlProgress, SpiderRun
from scwatch.scheduler.service import CycleReport
from scwatch.services.archive import ArticleDetail
from scwatch.services.deliver import DeliveryReport
from scwatch.services.explain import Explanation, RuleVerdict
from scwatch.services.pages import Extraction
from scwatch.services.story_archive import StoryDetail, StoryHit
from scwatch.services.trials import RuleTrial, Sample

__all__ = [
    "AlertRecord",
    "Amount",
    "ArticleDetail",
    "ArticleRecord",
    "ChannelPause",
    "ClusterRecord",
    "ConfigCheck",
    "CrawlProgress",
    "CrawlReport",
    "CycleReport",
    "Deal",
    "DealFilter",
    "DealRecord",
    "DeliveryReport",
    "DemoResult",
    "Explanation",
    "Extraction",
    "OpmlImport",
    "Party",
    "RuleTrial",
    "RuleVerdict",
    "Sample",
    "Scwatch",
    "ScwatchError",
    "Since",
    "SourceHealth",
    "SourceRecord",
    "SpiderRun",
    "StoryDetail",
    "StoryHit",
    "check_config",
    "run_demo",
]
