"""Feed dates: every form Vietnamese outlets write, every offset the world uses, and nothing else.

Each case names the exact instant (in UTC) it must give, so a sign, a minute, a second or a
century read wrongly fails here."""

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bulletins import dates
from bulletins.dates import VIETNAM, parse_date
from bulletins.parsing import parse_feed
from tests.bulletins import reference_parsing as reference

UTC = dt.UTC


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        # RFC 822 with every kind of zone
        ("Thu, 21 Mar 2024 08:00:00 +0700", utc(2024, 3, 21, 1, 0)),
        ("Thu, 21 Mar 2024 08:00:00 -0500", utc(2024, 3, 21, 13, 0)),  # negative: later in UTC
        ("Thu, 21 Mar 2024 08:00:00 +0530", utc(2024, 3, 21, 2, 30)),  # half-hour offset
        ("Thu, 21 Mar 2024 08:00:00 -0930", utc(2024, 3, 21, 17, 30)),
        ("Thu, 21 Mar 2024 08:00:00 +05:45", utc(2024, 3, 21, 2, 15)),  # quarter-hour, with a colon
        ("Thu, 21 Mar 2024 08:00:00 +1400", utc(2024, 3, 20, 18, 0)),  # the widest real offset
        ("Thu, 21 Mar 2024 08:00:00 -1200", utc(2024, 3, 21, 20, 0)),
        ("Thu, 21 Mar 2024 08:00:00 GMT+7", utc(2024, 3, 21, 1, 0)),
        ("Thu, 21 Mar 2024 08:00:00 GMT+07:00", utc(2024, 3, 21, 1, 0)),
        ("Thu, 21 Mar 2024 08:00:00 UTC+7", utc(2024, 3, 21, 1, 0)),
        ("Thu, 21 Mar 2024 08:00:00 GMT-3", utc(2024, 3, 21, 11, 0)),
        ("Thu, 21 Mar 2024 08:00:00 ICT", utc(2024, 3, 21, 1, 0)),
        ("Thu, 21 Mar 2024 08:00:00 GMT", utc(2024, 3, 21, 8, 0)),
        ("Thu, 21 Mar 2024 08:00:00 Z", utc(2024, 3, 21, 8, 0)),
        ("Thu, 21 Mar 2024 08:00:00", utc(2024, 3, 21, 1, 0)),  # no zone: Hà Nội time
        ("Thu, 21 Mar 2024 08:00:45 +0700", utc(2024, 3, 21, 1, 0, 45)),  # seconds kept
        ("21 Mar 2024 08:00 +0700", utc(2024, 3, 21, 1, 0)),  # no weekday, no seconds
        ("Thursday, 21 March 2024 23:59:59 +0700", utc(2024, 3, 21, 16, 59, 59)),
        ("Thu, 21 Mar 24 08:00:00 +0700", utc(2024, 3, 21, 1, 0)),  # two-digit year: this century
        ("Sat, 1 Jan 00 00:00:00 +0700", utc(1999, 12, 31, 17, 0)),
        ("Thu, 29 Feb 2024 08:00:00 +0700", utc(2024, 2, 29, 1, 0)),
        # ISO 8601
        ("2024-03-21T08:00:00+07:00", utc(2024, 3, 21, 1, 0)),
        ("2024-03-21T08:00:00-05:00", utc(2024, 3, 21, 13, 0)),
        ("2024-03-21T08:00:00+05:30", utc(2024, 3, 21, 2, 30)),
        ("2024-03-21T08:00:30Z", utc(2024, 3, 21, 8, 0, 30)),
        ("2024-03-21T08:00:00", utc(2024, 3, 21, 1, 0)),  # naive: Hà Nội time
        ("2024-03-21 08:00:00.500+07:00", utc(2024, 3, 21, 1, 0, 0, 500_000)),
        ("2024-03-21", utc(2024, 3, 20, 17, 0)),  # midnight in Hà Nội
        # Day first, as Vietnamese pages print it
        ("21/03/2024 08:00", utc(2024, 3, 21, 1, 0)),
        ("21/3/2024 8h05", utc(2024, 3, 21, 1, 5)),
        ("21-03-2024 08:00:15", utc(2024, 3, 21, 1, 0, 15)),
        ("21.03.2024 08:00 GMT+7", utc(2024, 3, 21, 1, 0)),
        ("21/03/2024 08:00 +05:30", utc(2024, 3, 21, 2, 30)),
        ("05/04/2024", utc(2024, 4, 4, 17, 0)),  # 5 April, never 4 May
        ("Thứ năm, 21/3/2024, 08:00 (GMT+7)", utc(2024, 3, 21, 1, 0)),
        ("Thứ Năm, 21/03/2024 - 08:00", utc(2024, 3, 21, 1, 0)),
        ("CHỦ NHẬT, 24/03/2024 07:30", utc(2024, 3, 24, 0, 30)),
        ("Thứ 5, 21/03/2024 08:00", utc(2024, 3, 21, 1, 0)),
        ("Thứ năm, 21/3/2024, 08:00 (GMT-3)", utc(2024, 3, 21, 11, 0)),
        ("  21/03/2024 08:00  ", utc(2024, 3, 21, 1, 0)),
    ],
)
def test_each_form_gives_its_instant(text, instant):
    parsed = parse_date(text)
    assert parsed is not None, text
    assert parsed.utcoffset() is not None  # always aware
    assert parsed == instant
    assert parsed.astimezone(UTC).replace(tzinfo=None) == instant.replace(tzinfo=None)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("Thu, 21 Mar 2024 08:00:00 -0500", -5 * 60),
        ("Thu, 21 Mar 2024 08:00:00 +0530", 5 * 60 + 30),
        ("Thu, 21 Mar 2024 08:00:00 GMT-3", -3 * 60),
        ("2024-03-21T08:00:00-03:30", -(3 * 60 + 30)),
        ("Thứ năm, 21/3/2024, 08:00 (GMT+9)", 9 * 60),
        ("2024-03-21T08:00:00Z", 0),
        ("21/03/2024 08:00", 7 * 60),
        ("Thu, 21 Mar 2024 08:00:00", 7 * 60),
    ],
)
def test_the_writers_offset_is_kept(text, offset):
    assert parse_date(text).utcoffset() == dt.timedelta(minutes=offset)


@pytest.mark.parametrize(
    "text",
    [
        # offsets no place on earth uses
        "Thu, 21 Mar 2024 08:00:00 +1500",
        "Thu, 21 Mar 2024 08:00:00 -1401",
        "Thu, 21 Mar 2024 08:00:00 +14:01",
        "Thu, 21 Mar 2024 08:00:00 GMT+15",
        "Thu, 21 Mar 2024 08:00:00 +0575",  # 75 minutes
        "Thu, 21 Mar 2024 08:00:00 +0760",
        "2024-03-21T08:00:00+15:00",
        "2024-03-21T08:00:00-14:30",
        "21/03/2024 08:00 GMT+20",
        "21/03/2024 08:00 (+07",  # half a bracket
        "21/03/2024 08:00 +07)",
        # impossible calendars and clocks
        "32/13/2024 08:00",
        "30/02/2024 08:00",
        "29/02/2023 08:00",
        "Thu, 30 Feb 2024 08:00:00 +0700",
        "Thu, 21 Mar 2024 24:00:00 +0700",
        "Thu, 21 Mar 2024 08:60:00 +0700",
        "21/03/2024 25:00",
        "2024-13-01T08:00:00",
        # not dates, or not whole ones
        "Thu, 21 Foo 2024 08:00:00 +0700",
        "Thu, 21 Mar 024 08:00:00 +0700",  # three-digit year
        "Thu, 21 Mar 2024 08:00:00 XYZ",
        "21/03/24 08:00",  # day-first forms always write the year in full
        "hôm qua",
        "Thứ năm",
        "",
        "   ",
    ],
)
def test_impossible_or_foreign_text_is_none(text):
    assert parse_date(text) is None


def test_none_is_none():
    assert parse_date(None) is None


def test_nfd_weekday_reads_like_nfc():
    import unicodedata

    text = unicodedata.normalize("NFD", "Thứ năm, 21/3/2024, 08:00 (GMT+7)")
    assert parse_date(text) == utc(2024, 3, 21, 1, 0)


# -- round trips over every instant and offset -----------------------------------------------
instants = st.datetimes(min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2099, 12, 30)).map(
    lambda value: value.replace(microsecond=0)
)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda minutes: dt.timedelta(minutes=minutes))


def rfc822(value: dt.datetime) -> str:
    minutes = int(value.utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return value.strftime("%a, %d %b %Y %H:%M:%S ") + f"{sign}{hours:02d}{rest:02d}"


@given(instants, offsets)
@example(dt.datetime(2024, 3, 21, 8, 0, 59), dt.timedelta(minutes=-330))
@example(dt.datetime(2024, 12, 31, 23, 59, 59), dt.timedelta(hours=14))
def test_rfc822_round_trips(naive, offset):
    written = naive.replace(tzinfo=dt.timezone(offset))
    parsed = parse_date(rfc822(written))
    assert parsed == written and parsed.utcoffset() == offset


@given(instants, offsets)
def test_iso8601_round_trips(naive, offset):
    written = naive.replace(tzinfo=dt.timezone(offset))
    parsed = parse_date(written.isoformat())
    assert parsed == written and parsed.utcoffset() == offset


@given(instants)
def test_day_first_local_time_round_trips(naive):
    text = f"{naive.day}/{naive.month}/{naive.year} {naive:%H:%M:%S}"
    assert parse_date(text) == naive.replace(tzinfo=VIETNAM)  # Hà Nội's offset of that day (+8 before 1976)


@given(instants, st.integers(min_value=14 * 60 + 1, max_value=23 * 60 + 59), st.sampled_from([1, -1]))
def test_every_offset_beyond_fourteen_hours_is_refused(naive, minutes, sign):
    hours, rest = divmod(minutes, 60)
    marker = "+" if sign > 0 else "-"
    assert parse_date(naive.strftime("%a, %d %b %Y %H:%M:%S ") + f"{marker}{hours:02d}{rest:02d}") is None
    assert parse_date(naive.isoformat() + f"{marker}{hours:02d}:{rest:02d}") is None


def test_feed_entries_carry_the_instant():
    """Through feedparser: our handler reads the zone feedparser would read as UTC or refuse."""
    items = "".join(
        f"<item><title>Tin {n}</title><link>https://baothu.vn/{n}</link><pubDate>{date}</pubDate></item>"
        for n, date in enumerate(
            ["Thu, 21 Mar 2024 08:00:00 GMT+7", "Thu, 21 Mar 2024 08:00:00 -0330", "21/03/2024 08:00:30"]
        )
    )
    body = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>B</title>{items}</channel></rss>'
    entries = parse_feed(body.encode()).entries
    assert [entry.published_at for entry in entries] == [
        utc(2024, 3, 21, 1, 0),
        utc(2024, 3, 21, 11, 30),
        utc(2024, 3, 21, 1, 0, 30),
    ]


ZONE_TEXTS = st.text(alphabet="GMTUCIZ+-:0123456789() \t", max_size=10)


@given(ZONE_TEXTS)
@example("(GMT+7)")
@example("+1401")
def test_zones_read_from_the_cache_read_as_the_first_time(zone):
    """A zone's minutes and its fixed time zone are kept once read: a second reading gives the same."""
    first = dates._zone_minutes(zone)
    assert first == dates._zone_minutes(zone) == dates._zone_minutes.__wrapped__(zone) == reference._zone_minutes(zone)
    assert type(first) is type(reference._zone_minutes(zone))  # False is not 0
    for text in (f"Thu, 21 Mar 2024 08:00:00 {zone}", f"21/3/2024 08:00 {zone}"):
        for _ in range(2):
            fast, slow = parse_date(text), reference.parse_date(text)
            assert (fast, fast and fast.utcoffset(), fast and fast.isoformat()) == (
                slow,
                slow and slow.utcoffset(),
                slow and slow.isoformat(),
            )
