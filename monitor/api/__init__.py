"""The library API: `Scwatch.open(config)` and the values its calls return.

The CLI (and, later, the web UI) are thin layers over this package; see docs/api.md for a
runnable example. What belongs here: the one class a Python user needs, composing the
scheduler, the demo, services and storage. It may import every layer below it; nothing but
the CLI and the web UI import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scwatch.core.lazy import lazy_attributes

if TYPE_CHECKING:
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
        SearchHit,
        SearchPage,
        SourceRecord,
    )
    from scwatch.demo.run import DemoResult, demo_config, run_demo
    from scwatch.scheduler.launcher import CrawlProgress, SpiderRun
    from scwatch.scheduler.service import CycleReport
    from scwatch.services.archive import ArticleDetail
    from scwatch.services.browse import RuleHit, WeekCount
    from scwatch.services.deliver import DeliveryReport
    from scwatch.services.explain import Explanation, RuleVerdict
    from scwatch.services.pages import Extraction
    from scwatch.services.story_archive import StoryDetail, StoryHit
    from scwatch.services.trials import RuleTrial, Sample

# Each name is imported on first use, so `scwatch --help` and the reading commands do not
# load the crawler (Scrapy, Twisted), the extractor or the migrations (docs/benchmarks.md).
_HOMES = {
    "ConfigCheck": "scwatch.api.checks",
    "check_config": "scwatch.api.checks",
    "DealFilter": "scwatch.api.filters",
    "CrawlReport": "scwatch.api.reports",
    "OpmlImport": "scwatch.api.reports",
    "Since": "scwatch.api.reports",
    "Scwatch": "scwatch.api.scwatch",
    "Amount": "scwatch.core.deals",
    "Deal": "scwatch.core.deals",
    "Party": "scwatch.core.deals",
    "ScwatchError": "scwatch.core.errors",
    "SourceHealth": "scwatch.core.policy.health",
    "AlertRecord": "scwatch.core.records",
    "ArticleRecord": "scwatch.core.records",
    "ChannelPause": "scwatch.core.records",
    "ClusterRecord": "scwatch.core.records",
    "DealRecord": "scwatch.core.records",
    "SearchHit": "scwatch.core.records",
    "SearchPage": "scwatch.core.records",
    "SourceRecord": "scwatch.core.records",
    "DemoResult": "scwatch.demo.run",
    "run_demo": "scwatch.demo.run",
    "demo_config": "scwatch.demo.run",
    "CrawlProgress": "scwatch.scheduler.launcher",
    "SpiderRun": "scwatch.scheduler.launcher",
    "CycleReport": "scwatch.scheduler.service",
    "ArticleDetail": "scwatch.services.archive",
    "DeliveryReport": "scwatch.services.deliver",
    "Explanation": "scwatch.services.explain",
    "RuleVerdict": "scwatch.services.explain",
    "Extraction": "scwatch.services.pages",
    "StoryDetail": "scwatch.services.story_archive",
    "StoryHit": "scwatch.services.story_archive",
    "RuleTrial": "scwatch.services.trials",
    "RuleHit": "scwatch.services.browse",
    "WeekCount": "scwatch.services.browse",
    "Sample": "scwatch.services.trials",
}


__getattr__ = lazy_attributes(__name__, _HOMES, globals())


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
    "RuleHit",
    "RuleTrial",
    "RuleVerdict",
    "Sample",
    "Scwatch",
    "ScwatchError",
    "SearchHit",
    "SearchPage",
    "Since",
    "SourceHealth",
    "SourceRecord",
    "SpiderRun",
    "StoryDetail",
    "StoryHit",
    "WeekCount",
    "check_config",
    "demo_config",
    "run_demo",
]
