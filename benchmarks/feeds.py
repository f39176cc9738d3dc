"""Feed robustness: every feed of feedparser's test corpus (283 files in
/work/shared/corpora/feedparser-corpus, read in place) through scwatch's feed path, as the
feed spider runs it: decode_feed (with the Content-Type a file's `Header:` comment
simulates) -> parse_feed_text -> feed_entries -> feed_problem.

A crash is any exception. Each file also has to keep scwatch's invariants: every entry has
an absolute http(s) URL and str fields, dates are timezone-aware or absent, a feed without
usable entries gets a reason. Prints JSON: files, crashes, invariant breaks, feeds read,
feeds refused with a reason, slowest file, peak RSS.

    python benchmarks/feeds.py [--corpus DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scwatch.core.formats.rss import feed_entries, feed_problem, parse_feed_text  # noqa: E402
from scwatch.core.models import FeedEntry  # noqa: E402
from scwatch.core.text.decoding import decode_feed  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "feedparser-corpus"
FEED_URL = "http://feeds.example.org/rss.xml"
CONTENT_TYPE = re.compile(rb"^Header:\s*Content-type:\s*(.+?)\s*$", re.I | re.M)


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.suffix in (".xml", ".json"))


def content_type(body: bytes) -> str | None:
    """The Content-Type the file's leading comment says the server sent, if any."""
    found = CONTENT_TYPE.search(body[:2000])
    return found.group(1).decode("latin-1") if found else None


def entry_breaks(entry: FeedEntry) -> list[str]:
    breaks = []
    if not entry.url.startswith(("http://", "https://")):
        breaks.append(f"entry URL not http(s): {entry.url[:60]!r}")
    for name in ("url", "title", "summary", "author", "guid"):
        if not isinstance(getattr(entry, name), str):
            breaks.append(f"{name} is not str")
    if entry.published_at is not None and entry.published_at.tzinfo is None:
        breaks.append("naive published_at")
    return breaks


def one_feed(path: Path) -> dict[str, Any]:
    """What scwatch's feed path made of one file."""
    body = path.read_bytes()
    text = decode_feed(body, content_type(body))
    parsed = parse_feed_text(text)
    entries = feed_entries(parsed, FEED_URL)
    problem = feed_problem(parsed, len(entries), text)
    breaks = [b for entry in entries for b in entry_breaks(entry)]
    if not entries and problem is None and parsed.get("entries"):
        breaks.append("entries dropped without a reason")
    return {"entries": len(entries), "problem": problem, "breaks": breaks}


def run(corpus: Path) -> dict[str, Any]:
    crashes, breaks, read, refused, empty = [], [], 0, 0, 0
    slowest = (0.0, "")
    files = corpus_files(corpus)
    for path in files:
        started = time.perf_counter()
        name = str(path.relative_to(corpus))
        try:
            outcome = one_feed(path)
        except Exception as exc:  # the figure: anything escaping the feed path is a crash
            crashes.append(f"{name}: {type(exc).__name__}: {exc}"[:200])
            continue
        finally:
            slowest = max(slowest, (time.perf_counter() - started, name))
        breaks += [f"{name}: {b}" for b in outcome["breaks"]]
        read += outcome["entries"] > 0
        refused += outcome["problem"] is not None
        empty += outcome["entries"] == 0 and outcome["problem"] is None
    return {
        "corpus": str(corpus),
        "files": len(files),
        "crashes": len(crashes),
        "crash_list": crashes,
        "invariant_breaks": len(breaks),
        "break_list": breaks[:20],
        "feeds_with_entries": read,
        "feeds_refused_with_reason": refused,
        "feeds_empty_no_error": empty,
        "slowest_ms": round(slowest[0] * 1000, 1),
        "slowest_file": slowest[1],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true", help="one line of JSON")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(json.dumps({"skipped": f"{args.corpus} is not on this machine"}))
        return 0
    figures = run(args.corpus)
    print(json.dumps(figures, ensure_ascii=False, indent=None if args.json else 2))
    return 1 if figures["crashes"] or figures["invariant_breaks"] else 0


if __name__ == "__main__":
    sys.exit(main())
