"""Every field of every entry equals what the normalisation gave before its fast paths
(tests/bulletins/reference_parsing.py): for the fixture feeds, generated feeds full of odd input
(NFD, entities, CR/NUL, byte-order marks, relative and odd links, tracking parameters, Atom content,
media:content, enclosures, every kind of date), and feedparser entries built directly (lone surrogates
and other text no XML parser hands over)."""

from __future__ import annotations

import dataclasses
import time
import unicodedata
from xml.sax.saxutils import escape, quoteattr

import feedparser
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench.feedgen import feed_xml
from bulletins import parsing
from tests.bulletins import reference_parsing as reference
from tests.bulletins.conftest import FEEDS
from tests.bulletins.test_entry_field_lookup import ATOM_AND_MEDIA

HEADERS = {"content-type": "application/xml; charset=utf-8"}
BASES = [
    "",
    "https://bao.example.vn/rss",
    "HTTP://Bao.Example.VN/a/b;p?q=1#f",
    "https://x.vn:8443/",
    "https://u@x.vn/r",
]


def fast_fields(entry):
    return reference.comparable(dataclasses.asdict(entry))


def outcome(function, *args):
    try:
        return ("ok", function(*args))
    except Exception as error:  # the same refusal (a lone surrogate) counts as the same outcome
        return ("error", type(error))


def parse_both(body: bytes, base: str):
    """(fast, reference) outcomes of parse_feed: entries as comparable fields, the title, the warnings."""

    def run():
        try:
            parsed = parsing.parse_feed(body, HEADERS, base_url=base)
        except parsing.FeedParseError as error:
            return ("refused", str(error))
        except ValueError as error:  # urljoin's, for a base such as "https://[" (both versions let it out)
            return ("raised", type(error))
        entries = [entry if isinstance(entry, dict) else fast_fields(entry) for entry in parsed.entries]
        return (entries, parsed.title, parsed.warnings)

    fast = run()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feedparser.datetimes, "_date_handlers", reference.feedparser_handlers())
        patch.setattr(parsing, "_entry", lambda raw, base: reference.comparable(reference.entry(raw, base)))
        slow = run()
    return fast, slow


def test_reference_handlers_are_feedparsers_own_after_ours():
    handlers = reference.feedparser_handlers()
    assert handlers[0] is reference.feedparser_date_handler
    assert len(handlers) == len(feedparser.datetimes._date_handlers) >= 9


def test_fixture_and_bench_feeds_equal_the_reference():
    bodies = [path.read_bytes() for path in sorted(FEEDS.iterdir())]
    bodies += [ATOM_AND_MEDIA, feed_xml(source=3, items=60), feed_xml(source=20000, items=200, version=2)]
    entries = 0
    for body in bodies:
        for base in BASES:
            fast, slow = parse_both(body, base)
            assert fast == slow
            entries += len(fast[0]) if isinstance(fast[0], list) else 0
    assert entries > 1000


# --- Generated feeds ------------------------------------------------------------------------------
NFD = unicodedata.normalize("NFD", "Thứ năm Đà Nẵng cải cách")
TEXT_PIECES = [
    "Cải cách", NFD, "hành chính", "ĐẨY MẠNH", "x", "A_b", "1", " ", "  ", "\t", "\n", "\r", "\r\n", "\u00a0",
    "\u3000", "\ufeff", "\u200b", "e\u0301", "ß", "İ", "ﬁ", "đ", "Ð", "’", "–", "!", "?", ".", ",", "&amp;",
    "&lt;b&gt;", "&#39;", "&#x111;", "&nbsp;", "&bogus;", "<b>", "</b>", "<p>", "</p>", "<br>", "<script>x</script>",
    "<!-- c -->", "<img src='/anh/1.jpg'>", '<img alt="a" SRC="https://anh.vn/2.png?utm_source=x">', "<",
]  # fmt: skip
TEXT = st.lists(st.sampled_from(TEXT_PIECES), max_size=10).map("".join)
ODD_LINKS = [
    "https://bao.example.vn/tin/1.html", "HTTPS://BAO.Example.vn/Tin/2", "http://bao.vn", "/tin/3", "tin/4",
    "../tin/5", "./a/../b", "//cdn.vn/x.jpg", "/.well-known/x", "/a//b", "/a/./b/", "/a/..", "/a/b/.",
    "https://bao.vn/a?utm_source=x&id=1", "https://bao.vn/a?fbclid=1#top", "https://bao.vn/a;p", "https://bao.vn/a?",
    "https://bao.vn/a#", "https://u:p@Bao.vn/", "https://bao.vn:80/a", "https://bao.vn:x/a", "https://[::1]/a",
    "https://[bad/a", "javascript:alert(1)", "data:image/png;base64,AA", "mailto:a@b.vn", "ftp://x.vn/a", "https:///a",
    "https://", " https://bao.vn/ a ", "https://bao.vn/đường", "https://bão.vn/a", "https://bao.vn/%20a%2F",
    "https://bao.vn/a@b:c!$'()*+,=~_-.", "https://.", "https://-/", "https://bao.vn/" + "a" * 985, "/" + "b" * 995, "",
]  # fmt: skip
LINK_PIECES = [
    "https://", "http://", "HTTP://", "/", "a", "B", ".", "..", ";", "?", "#", "&", "=", "@", ":", "%20", "utm_x=1",
    "x=1", "bao.vn", "ư", " ", "-", "_", "~", "'", "!", "*", "(", "[", "\t", "?id=1&", "&UTM_Medium=x", "mc_cid=",
    "_hsenc", "pk_kwd=1", "mtm_source", "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "zarsrc", "gidzl",
    "_ga", "ref_src", "cmpid", "=1&", "&&", "%26", "+",
]  # fmt: skip
QUERY_NAMES = [
    "id", "p", "utm_source", "UTM_Campaign", "mc_cid", "_hsenc", "pk_kwd", "mtm_source", "fbclid", "GCLID", "dclid",
    "msclkid", "yclid", "igshid", "zarsrc", "gidzl", "_ga", "ref_src", "cmpid", "ref", "utm", "a b", "đ", "",
]  # fmt: skip
QUERIES = st.lists(
    st.builds("{}{}".format, st.sampled_from(QUERY_NAMES), st.sampled_from(["", "=", "=1", "=a%20b", "=x=y", "=đ"])),
    max_size=4,
).map("&".join)
LINKS = st.one_of(
    st.sampled_from(ODD_LINKS),
    st.lists(st.sampled_from(LINK_PIECES), max_size=10).map("".join),
    st.builds("{}?{}{}".format, st.sampled_from(["https://bao.vn/a", "/tin/1", "http://X.vn"]), QUERIES,
              st.sampled_from(["", "#f", ";p"])),
)  # fmt: skip
ODD_DATES = [
    "Thu, 21 Mar 2024 08:00:00 GMT+7", "Thu, 21 Mar 2024 08:00:00 UTC+7", "Thu, 21 Mar 2024 08:00:00 ICT",
    "Thu, 21 Mar 2024 08:00:00 +0700", "Thu, 21 Mar 2024 08:00:00 GMT", "21 Mar 24 08:00 EST",
    "Thu, 21 Mar 2024 08:00:00", "Thu, 21 Mar 2024 08:00:00 Z", "Thu, 21 Mar 2024 25:00:00 +0700",
    "Thu, 31 Feb 2024 08:00:00 +0000", "Thu, 21 Foo 2024 08:00:00 +0000", "Thu, 21 Mar 2024 08:00:00 +1500",
    "Thu, 21 Mar 2024 08:00:00 (GMT+7)", "Thu, 21 Mar 2024 08:00:00 -03:30", "21/3/2024 8h05", "21/03/2024 08:00",
    "Thứ năm, 21/3/2024, 08:00 (GMT+7)", unicodedata.normalize("NFD", "Thứ Năm, 21/03/2024 - 08:00"), "3/21/2024",
    "2024-03-21T08:00:00", "2024-03-21T08:00:00Z", "2024-03-21T08:00:00+07:00", "2024-03-21",
    "2024-03-21T08:00:00+15:00", "2024-03-21 08:00:00.123456+07:00", "Thu Mar 21 08:00:00 2024", "20240321T080000",
    "Sat, 05 Dec 2026 18:40:03 +0000", "  Sat, 5 Dec 26 18:40 +0700  ", "Sat, 05 Dec 2026 18:40:03 +0000\n",
    "Sat,\u00a005 Dec 2026 18:40:03 +0000", "Sat, 05 Dec 2026 18:40:03 +0000 ", "Sat, 05 Dec 2026 1:40:03 -0000",
    "Sat, 05 Dec 2026 18:40:03 +0000 (UTC)", "hôm qua", "", "1710982800",
]  # fmt: skip
ZONES = [
    "", "GMT", "UTC", "UT", "Z", "ICT", "ict", "ICT+7", "GMT+7", "UTC+07:00", "UT-3", "+0700", "-0000", "+14", "+1401",
    "-1400", "+7", "(GMT+7)", "( UTC+7 )", "EST", "PDT", "A", "+07:60", "+0000", "+00:00", "-0330", "+0700 (ICT)",
]  # fmt: skip
DATES = st.one_of(
    st.sampled_from(ODD_DATES),
    st.builds(
        "{}{} {} {} {:02d}:{:02d}{} {}".format,
        st.sampled_from(["", "Thu, ", "Thursday, ", "thu ", "T, ", "Sat,"]),
        st.integers(0, 32),
        st.sampled_from(["Jan", "mar", "MAY", "Sept", "Dec.", "Foo", "Dec"]),
        st.sampled_from(["2024", "24", "1969", "9999", "0001", "2026"]),
        st.integers(0, 25),
        st.integers(0, 61),
        st.sampled_from(["", ":00", ":59", ":60"]),
        st.sampled_from(ZONES),
    ),
)


def media_element(name: str, url: str, *, kind: str = "") -> str:
    return f"<{name} url={quoteattr(url)}{f' type={quoteattr(kind)}' if kind else ''}/>"


@st.composite
def rss_items(draw):
    parts = []
    if draw(st.booleans()):
        parts.append(f"<title>{escape(draw(TEXT))}</title>")
    if draw(st.booleans()):
        parts.append(f"<link>{escape(draw(LINKS))}</link>")
    guid = draw(st.one_of(st.none(), LINKS, TEXT, st.just("x" * 600), st.just("javascript:x")))
    if guid is not None:
        parts.append(f"<guid>{escape(guid)}</guid>")
    summary = draw(st.one_of(st.none(), TEXT))
    if summary is not None:
        parts.append(f"<description>{escape(summary)}</description>")
    if draw(st.booleans()):
        parts.append(f"<content:encoded>{escape(draw(TEXT))}</content:encoded>")
    for tag in draw(st.lists(st.sampled_from(["pubDate", "dc:date", "atom:updated"]), max_size=2, unique=True)):
        parts.append(f"<{tag}>{escape(draw(DATES))}</{tag}>")
    if draw(st.booleans()):
        parts.append(f"<author>{escape(draw(TEXT))}</author>")
    if draw(st.booleans()):
        parts.append(media_element("media:content", draw(LINKS), kind=draw(st.sampled_from(["", "image/jpeg"]))))
    if draw(st.booleans()):
        parts.append(media_element("media:thumbnail", draw(LINKS)))
    if draw(st.booleans()):
        kind = draw(st.sampled_from(["image/png", "audio/mpeg", "IMAGE/png", ""]))
        parts.append(f'<enclosure url={quoteattr(draw(LINKS))} type={quoteattr(kind)} length="1"/>')
    return "<item>" + "".join(draw(st.permutations(parts))) + "</item>"


@st.composite
def atom_entries(draw):
    parts = []
    if draw(st.booleans()):
        kind = draw(st.sampled_from(["text", "html"]))
        parts.append(f'<title type="{kind}">{escape(draw(TEXT))}</title>')
    for _ in range(draw(st.integers(0, 2))):
        rel = draw(st.sampled_from(["alternate", "enclosure", "self", ""]))
        kind = draw(st.sampled_from(["", "image/jpeg", "text/html"]))
        parts.append(f"<link href={quoteattr(draw(LINKS))} rel={quoteattr(rel)} type={quoteattr(kind)}/>")
    if draw(st.booleans()):
        parts.append(f"<id>{escape(draw(st.one_of(LINKS, TEXT)))}</id>")
    if draw(st.booleans()):
        parts.append(f'<summary type="html">{escape(draw(TEXT))}</summary>')
    if draw(st.booleans()):
        parts.append(f'<content type="html">{escape(draw(TEXT))}</content>')
    for tag in draw(st.lists(st.sampled_from(["published", "updated"]), max_size=2, unique=True)):
        parts.append(f"<{tag}>{escape(draw(DATES))}</{tag}>")
    if draw(st.booleans()):
        parts.append(f"<author><name>{escape(draw(TEXT))}</name></author>")
    if draw(st.booleans()):
        parts.append(media_element("media:content", draw(LINKS)))
    return "<entry>" + "".join(parts) + "</entry>"


NAMESPACES = (
    'xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom"'
)


@st.composite
def feeds(draw):
    if draw(st.booleans()):
        items = "".join(draw(st.lists(rss_items(), min_size=1, max_size=6)))
        link = escape(draw(LINKS))
        body = f'<rss version="2.0" {NAMESPACES}><channel><title>Báo</title><link>{link}</link>{items}</channel></rss>'
    else:
        entries = "".join(draw(st.lists(atom_entries(), min_size=1, max_size=6)))
        body = f'<feed xmlns="http://www.w3.org/2005/Atom" {NAMESPACES}><title>Báo</title>{entries}</feed>'
    if draw(st.booleans()):  # not well-formed: feedparser's lenient parser reads it
        body = body.replace("<title>", "<title>&nbsp;&", 1)
    return body.encode()


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(feeds(), st.sampled_from(BASES))
def test_generated_feeds_equal_the_reference(body, base):
    fast, slow = parse_both(body, base)
    assert fast == slow


# --- feedparser entries built directly --------------------------------------------------------------
ANY_TEXT = st.one_of(TEXT, st.text(max_size=12), st.text(alphabet="\ud800\udfff\0\r\ufeff<&a ", max_size=6))


def link_of(draw):
    link = feedparser.FeedParserDict()
    for key, values in (
        ("rel", st.sampled_from(["enclosure", "alternate", "ENCLOSURE"])),
        ("href", LINKS),
        ("type", st.sampled_from(["image/jpeg", "audio/mpeg", "", None, 5])),
    ):
        if draw(st.integers(0, 5)):  # now and then without it: no rel makes feedparser read no enclosures
            link[key] = draw(values)
    return link


@st.composite
def raw_entries(draw):
    raw = feedparser.FeedParserDict()
    for key, values in (("title", ANY_TEXT), ("summary", ANY_TEXT), ("link", st.one_of(LINKS, ANY_TEXT)),
                        ("id", st.one_of(LINKS, ANY_TEXT)), ("author", ANY_TEXT), ("published", DATES),
                        ("updated", DATES)):  # fmt: skip
        if draw(st.booleans()):
            raw[key] = draw(values)
    if draw(st.booleans()):
        raw["content"] = [feedparser.FeedParserDict(value=draw(ANY_TEXT))]
    for key in ("published", "updated"):
        if key in raw and draw(st.booleans()):
            parsed = reference.feedparser_date_handler(raw[key])
            raw[f"{key}_parsed"] = parsed if parsed is not None else draw(st.sampled_from([None, time.gmtime(0)]))
    if draw(st.booleans()):
        raw["media_content"] = [{"url": draw(st.one_of(LINKS, ANY_TEXT))} for _ in range(draw(st.integers(0, 2)))]
    if draw(st.booleans()):
        raw["media_thumbnail"] = [{"url": draw(LINKS)}]
    if draw(st.booleans()):
        raw["links"] = [link_of(draw) for _ in range(draw(st.integers(0, 3)))]
    return raw


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_entries(), st.sampled_from(BASES))
@example(feedparser.FeedParserDict(title="\ud800"), "")
@example(feedparser.FeedParserDict(title="\ufeffTin", summary="<p>\ufeffa</p>"), "")
def test_entries_equal_the_reference(raw, base):
    def fast(raw, base):
        entry = parsing._entry(raw, base)
        return entry and fast_fields(entry)

    def slow(raw, base):
        return reference.comparable(reference.entry(raw, base))

    assert outcome(fast, raw, base) == outcome(slow, raw, base)


@settings(max_examples=3000, deadline=None)
@given(DATES)
@example("Thu, 21 Mar 2024 08:00:00 GMT+7")
def test_dates_equal_the_reference(value):
    assert outcome(parsing.parse_date, value) == outcome(reference.parse_date, value)
    fast, slow = parsing.parse_date(value), reference.parse_date(value)
    if fast is not None:
        assert (fast.utcoffset(), fast.isoformat(), fast.tzinfo) == (slow.utcoffset(), slow.isoformat(), slow.tzinfo)
    # OverflowError (year 1 before UTC) and the like: feedparser skips a handler that raises
    assert outcome(parsing._feedparser_date_handler, value) == outcome(reference.feedparser_date_handler, value)
    assert feedparser.datetimes._parse_date(value) == _reference_parse_date(value)


def _reference_parse_date(value):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feedparser.datetimes, "_date_handlers", reference.feedparser_handlers())
        return feedparser.datetimes._parse_date(value)
