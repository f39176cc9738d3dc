"""Text: one folding for search, rules and dedup; decoding; dates; URLs; dedup keys."""
