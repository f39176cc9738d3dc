"""Parsers of the formats sources speak: RSS/Atom, sitemaps, Naver, Google News, OPML, TOML."""
