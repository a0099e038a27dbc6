"""Entries' fields are read with the plain dict lookup for keys feedparser neither aliases nor treats
specially (its own `get` runs those rules in Python on every lookup): the entries parsed are the
same as with feedparser's `get` everywhere."""

import contextlib

import feedparser
from django.utils import timezone

from bench.feedgen import feed_xml
from bulletins import parsing
from tests.bulletins.conftest import FEEDS

ATOM_AND_MEDIA = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
  <title>B\xc3\xa1o th\xe1\xbb\xad</title>
  <entry><id>tag:a,1</id><title>Tin c\xc3\xb3 \xe1\xba\xa3nh</title><link href="/tin/1"/>
    <updated>2026-03-10T08:00:00+07:00</updated><content type="html">&lt;p&gt;N\xe1\xbb\x99i dung&lt;/p&gt;</content>
    <media:content url="https://anh.example.vn/1.jpg" medium="image"/><author><name>Lan</name></author></entry>
  <entry><title>Ch\xe1\xbb\x89 c\xc3\xb3 ti\xc3\xaau \xc4\x91\xe1\xbb\x81</title>
    <link rel="enclosure" type="image/png" href="https://anh.example.vn/2.png"/>
    <published>10/3/2026 08:00</published></entry>
  <entry><media:thumbnail url="/anh/3.jpg"/>
    <summary>Kh\xc3\xb4ng ti\xc3\xaau \xc4\x91\xe1\xbb\x81, ch\xe1\xbb\x89 t\xc3\xb3m t\xe1\xba\xaft</summary></entry>
</feed>"""

HEADERS = {"content-type": "application/xml; charset=utf-8"}


def bodies() -> list[bytes]:
    fixtures = [path.read_bytes() for path in sorted(FEEDS.iterdir()) if path.suffix == ".xml"]
    return [*fixtures, ATOM_AND_MEDIA, feed_xml(source=3, items=40, now=timezone.now())]


def test_plain_keys_are_neither_aliased_nor_special():
    special = {"category", "enclosures", "license", "updated", "updated_parsed"}
    assert parsing._PLAIN_KEYS and not parsing._PLAIN_KEYS & (set(feedparser.FeedParserDict.keymap) | special)


def test_each_plain_key_reads_what_feedparser_get_reads():
    checked = 0
    for body in bodies():
        for raw in feedparser.parse(body, response_headers=HEADERS).entries:
            for key in parsing._PLAIN_KEYS:
                assert parsing._get(raw, key, "default") == raw.get(key, "default")
                checked += key in raw
    assert checked > 300


def test_entries_equal_those_read_with_feedparser_get(monkeypatch):
    def parse_all():
        entries = []
        for body in bodies():
            with contextlib.suppress(parsing.FeedParseError):  # the fixtures of broken feeds
                entries += parsing.parse_feed(body, HEADERS, base_url="https://bao.example.vn/rss").entries
        return entries

    fast = parse_all()
    monkeypatch.setattr(parsing, "_get", lambda entry, key, default=None: entry.get(key, default))
    assert fast == parse_all()
    assert len(fast) > 50 and any(entry.image_url for entry in fast)
    images = {entry.image_url for entry in fast}
    assert {
        "https://anh.example.vn/1.jpg",
        "https://anh.example.vn/2.png",
        "https://bao.example.vn/anh/3.jpg",
    } <= images
