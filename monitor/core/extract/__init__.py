"""Article extraction: (url, html) -> Article, with per-CMS profiles and Korean cleanup."""
