"""The pure core: models, errors, clock, text, extraction, formats, rules and policy.

What belongs here: every decision that can be made from values alone (decoding bytes,
reading dates, extracting an article, parsing a feed, matching a rule, planning the next
poll, judging a source's health). No I/O: no network, no files, no database, no clock
read except through `clock.utcnow` passed in by callers. It may import only scwatch.core
and third-party libraries that do no I/O (lxml, trafilatura, feedparser, pydantic, courlan).
"""
