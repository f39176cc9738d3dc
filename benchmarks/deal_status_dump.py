"""Dump the main deal each DEV item of some labelled batches gets from whatever
`scwatch.core.deals.extract_deals` is on the path: run it against an older checkout to get
the rules' *blind* reading of batches written after that checkout (docs/deals.md,
"Learned status"). Standard library and extract_deals only, so it runs on old code:

    mkdir /tmp/old-8dc1981 && git archive 8dc1981 monitor scwatch | tar -x -C /tmp/old-8dc1981
    cd /tmp && PYTHONPATH=/tmp/old-8dc1981 python "$REPO"/benchmarks/deal_status_dump.py \
        k l m n > /tmp/blind-8dc1981.jsonl

(Run it from outside the checkout: the current directory would come first on the path.)

One JSON line per dev item: id, batch, and the deals (kind, status, cue, status sentence).
Test items are never read.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from scwatch.core.deals import extract_deals

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "labelled" / "deals"


def main(batches: list[str]) -> None:
    for batch in batches:
        for line in (LABELLED / f"{batch}.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else None
            if row is None or row["split"] != "dev":
                continue
            published = date.fromisoformat(row["published"][:10]) if row.get("published") else None
            deals = extract_deals(row["title"], row["body"], published)
            found = [
                {
                    "kind": d.kind,
                    "status": d.status,
                    "cue": d.status_cue,
                    "sentence": d.sentences.get("status", ""),
                }
                for d in deals
            ]
            print(json.dumps({"id": row["id"], "batch": batch, "deals": found}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
