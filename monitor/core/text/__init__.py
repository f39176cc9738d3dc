"""Text: one folding for search, rules and dedup; control characters out; decoding; dates;
URLs; dedup keys."""
