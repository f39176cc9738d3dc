"""OPML files for the import tests: a feed reader's export, and files that must be refused."""

from __future__ import annotations

READER_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="\xec\x8a\xa4\xeb\xa7\x88\xed\x8a\xb8\xec\x8b\x9c\xed\x8b\xb0">
      <outline type="rss" text="\xec\xa0\x84\xec\x9e\x90\xec\x8b\xa0\xeb\xac\xb8" xmlUrl="http://rss.etnews.com/Section901.xml"/>
      <outline type="rss" text="\xec\xa0\x84\xec\x9e\x90\xec\x8b\xa0\xeb\xac\xb8 IT" xmlUrl="http://rss.etnews.com/Section902.xml"/>
      <outline type="rss" title="Smart City Today" xmlUrl="https://smartcity.example.com/feed"/>
    </outline>
    <outline type="rss" text="Smart City Today" xmlUrl="https://smartcity.example.com/other"/>
    <outline text="no feed here" htmlUrl="https://example.com/"/>
    <outline type="rss" text="ftp" xmlUrl="ftp://example.com/feed.xml"/>
    <outline type="rss" text="known" xmlUrl="https://www.molit.go.kr/rss/news.xml"/>
  </body>
</opml>
"""

HOSTILE_OPML = [
    b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
    b'<opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.example/f"/></body></opml>',
    b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "http://127.0.0.1:9/evil.dtd">'
    b'<opml version="2.0"><body/></opml>',
    b"<html><body>not opml</body></html>",
    b"<opml><body><outline",
]
