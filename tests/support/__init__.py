"""Helpers shared by the test folders, imported as `support.<module>` (tests/ is on sys.path
because tests/conftest.py lives there).

- `paths`: where the test data lives (fixtures, the golden sets, ../shared seeds and corpora).
- `loopback`: the one loopback HTTP server (routes of scripted replies or handlers, a log of
  every request, slow and broken replies) and the listeners that never answer.
- `crawl`: scwatch.toml for a test crawl, the one `scrapy crawl` runner, and what it stored.
- `cli`: `scwatch ARGS` run in-process with Typer's CliRunner; the console script for the
  few tests that need a real process.
- `korean_site`, `site_routes`: the loopback Korean news site of the crawl tests.
- `golden_set`, `golden_demo`: the two golden extraction sets.
- `articles`, `records`, `payloads`, `opml`: sample values (articles, source records, alert
  payloads, OPML files); `archive`: a small database for the read-only tests.
- `smtp`: a loopback SMTP server and a throwaway certificate.
- `scheduling`: a hand-moved clock, a fake crawler, a configured runtime.
"""
