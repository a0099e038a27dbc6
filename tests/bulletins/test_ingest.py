"""Storing parsed entries: dedupe by GUID, then link, then folded title; updates; stories carried
by several outlets; batch queries; races with another runner."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bulletins import services
from bulletins.models import FeedItem
from bulletins.parsing import canonical_link, parse_date

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.django_db


def rss(*items: str, title: str = "Báo thử") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://baothu.vn/</link>{''.join(items)}</channel></rss>"
    ).encode()


def item(title: str, *, guid: str = "", link: str = "", summary: str = "", date: str = "") -> str:
    parts = [f"<title>{title}</title>"]
    if guid:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if link:
        parts.append(f"<link>{link}</link>")
    if summary:
        parts.append(f"<description>{summary}</description>")
    parts.append(f"<pubDate>{date or 'Thu, 21 Mar 2024 08:00:00 +0700'}</pubDate>")
    return f"<item>{''.join(parts)}</item>"


def test_same_guid_updates_the_row(make_source, rules):
    source = make_source()
    services.ingest_feed_bytes(source, rss(item("Tin cũ", guid="g1", link="https://baothu.vn/1")))
    result = services.ingest_feed_bytes(
        source, rss(item("Tin đã sửa về cải cách hành chính", guid="g1", link="https://baothu.vn/1"))
    )
    assert (result.created, result.updated) == (0, 1)
    (row,) = FeedItem.objects.all()
    assert row.title == "Tin đã sửa về cải cách hành chính"
    assert row.score > 0  # rescored on update


def test_each_feed_is_scored_with_the_rules_as_they_are_then(make_source, rules):
    """The compiled rules are kept per set of rules: a rule changed, added or deleted between two
    feeds applies to the second."""
    from bulletins.models import KeywordRule

    source = make_source()
    title = "Tây Hồ rút ngắn thủ tục hành chính"

    def score(guid: str) -> float:
        services.ingest_feed_bytes(source, rss(item(title, guid=guid)))
        return FeedItem.objects.get(guid=guid).score

    first = score("g1")
    KeywordRule.objects.filter(phrase="Tây Hồ").update(weight=30)
    raised = score("g2")
    assert raised > first
    KeywordRule.objects.create(phrase="rút ngắn", weight=5)
    assert score("g3") > raised
    KeywordRule.objects.create(phrase="rút ngắn thủ tục", weight=1, is_exclude=True)
    assert score("g4") == 0 and FeedItem.objects.get(guid="g4").is_excluded
    KeywordRule.objects.all().delete()
    assert score("g5") == 0 and not FeedItem.objects.get(guid="g5").is_excluded


def test_unchanged_items_are_not_written_again(make_source):
    source = make_source()
    body = rss(item("Tin", guid="g1"), item("Tin hai", guid="g2"))
    services.ingest_feed_bytes(source, body)
    stamp = FeedItem.objects.get(guid="g1").updated_at
    result = services.ingest_feed_bytes(source, body)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert FeedItem.objects.get(guid="g1").updated_at == stamp


def test_link_identifies_items_without_guid(make_source):
    source = make_source()
    services.ingest_feed_bytes(source, rss(item("Tin A", link="https://baothu.vn/a?utm_source=zalo")))
    services.ingest_feed_bytes(source, rss(item("Tin A (cập nhật)", link="https://baothu.vn/a?fbclid=xyz")))
    (row,) = FeedItem.objects.all()
    assert row.link == "https://baothu.vn/a" and row.title == "Tin A (cập nhật)"


def test_a_guid_arriving_later_upgrades_the_linked_row(make_source):
    source = make_source()
    services.ingest_feed_bytes(source, rss(item("Tin A", link="https://baothu.vn/a")))
    services.ingest_feed_bytes(source, rss(item("Tin A", guid="ga", link="https://baothu.vn/a")))
    (row,) = FeedItem.objects.all()
    assert row.guid == "ga"


def test_folded_title_identifies_items_without_guid_or_link(make_source):
    source = make_source()
    services.ingest_feed_bytes(source, rss(item("Cải cách hành chính ở Tây Hồ", summary="một")))
    services.ingest_feed_bytes(source, rss(item("CẢI CÁCH HÀNH CHÍNH Ở TÂY HỒ", summary="hai")))
    (row,) = FeedItem.objects.all()
    assert row.summary_text == "hai"


def test_same_guid_in_two_sources_are_two_items(make_source):
    body = rss(item("Tin chung", guid="g1"))
    services.ingest_feed_bytes(make_source(), body)
    services.ingest_feed_bytes(make_source(), body)
    assert FeedItem.objects.count() == 2


def test_same_story_from_several_outlets_is_grouped(make_source):
    first, second, third = make_source(), make_source(), make_source()
    services.ingest_feed_bytes(first, rss(item("Hà Nội đẩy mạnh tuyên truyền kiểm soát thủ tục hành chính", guid="a")))
    services.ingest_feed_bytes(
        second, rss(item("Hà Nội đẩy mạnh tuyên truyền về kiểm soát thủ tục hành chính!", guid="b"))
    )
    services.ingest_feed_bytes(third, rss(item("Giá vàng hôm nay giảm mạnh", guid="c")))
    lead = FeedItem.objects.get(guid="a")
    copy = FeedItem.objects.get(guid="b")
    other = FeedItem.objects.get(guid="c")
    assert copy.story_lead == lead
    assert lead.story_lead is None and other.story_lead is None
    assert list(lead.copies.all()) == [copy]


def test_ingest_queries_do_not_grow_with_the_feed(make_source, rules, django_assert_max_num_queries):
    source = make_source()
    small = rss(*(item(f"Thủ tục hành chính số {n}", guid=f"s{n}") for n in range(5)))
    large = rss(*(item(f"Cải cách hành chính tin {n}", guid=f"l{n}") for n in range(200)))
    services.ingest_feed_bytes(source, small)
    with django_assert_max_num_queries(12):
        services.ingest_feed_bytes(source, large)
    updated = rss(*(item(f"Cải cách hành chính tin {n} (sửa)", guid=f"l{n}") for n in range(200)))
    with django_assert_max_num_queries(12):
        services.ingest_feed_bytes(source, updated)
    assert FeedItem.objects.count() == 205


def test_a_concurrent_runner_inserting_first_is_handled(make_source, monkeypatch):
    source = make_source()
    body = rss(item("Tin một", guid="g1"), item("Tin hai", guid="g2"))
    services.ingest_feed_bytes(source, rss(item("Tin một (bản của runner khác)", guid="g1")))
    # This runner looked before the other one stored g1: it sees nothing and tries to insert both.
    monkeypatch.setattr(services.ingest, "_existing_items", lambda source, entries: {})
    result = services.ingest_feed_bytes(source, body)
    assert result.created == 1 and result.updated == 1
    assert sorted(FeedItem.objects.values_list("guid", "title")) == [("g1", "Tin một"), ("g2", "Tin hai")]


def test_canonical_link_strips_tracking_and_refuses_other_schemes():
    assert canonical_link("HTTPS://Bao.VN/a.html?utm_medium=x&id=3&gidzl=1#binh-luan") == "https://bao.vn/a.html?id=3"
    assert canonical_link("/bai-viet.html", "https://bao.vn/rss/") == "https://bao.vn/bai-viet.html"
    for bad in ("javascript:alert(1)", "data:text/html,x", "mailto:a@b.vn", "ftp://bao.vn/a", ""):
        assert canonical_link(bad) == ""


@pytest.mark.parametrize(
    "text",
    [
        "Thu, 21 Mar 2024 08:00:00 GMT+7",
        "Thu, 21 Mar 2024 08:00:00 GMT+07:00",
        "Thu, 21 Mar 2024 08:00:00 UTC+7",
        "Thu, 21 Mar 2024 08:00:00 ICT",
        "Thu, 21 Mar 2024 08:00",
        "21/03/2024 08:00",
        "21/3/2024 8:00",
        "21-03-2024 08:00:00",
        "2024-03-21T08:00:00",
        "2024-03-21T01:00:00Z",
    ],
)
def test_date_forms(text):
    assert parse_date(text) == dt.datetime(2024, 3, 21, 1, 0, tzinfo=dt.UTC)


def test_impossible_dates_are_none():
    assert parse_date("32/13/2024 08:00") is None
    assert parse_date("Thu, 21 Mar 2024 08:00:00 XYZ") is None


@pytest.mark.parametrize("section_of", ["rule", "source", "none"])
def test_a_new_item_is_built_as_the_generic_update_builds_it(make_source, section_of):
    """_new_item (positional Model.__init__) gives the item that a fresh FeedItem with _apply gives,
    for entries with and without GUID, link, date, author and image."""
    from bulletins.models import BulletinSection
    from bulletins.parsing import Entry
    from bulletins.relevance import Score
    from bulletins.services.ingest import _apply, _new_item

    def values(item):
        return {field.attname: getattr(item, field.attname) for field in FeedItem._meta.concrete_fields}

    section = BulletinSection.objects.create(name="Cải cách")
    source = make_source()
    if section_of == "source":
        source.default_section = section
    now = dt.datetime(2026, 3, 21, 1, 0, tzinfo=dt.UTC)
    scored = Score(2.5, [{"phrase": "cải cách"}], section.pk if section_of == "rule" else None, excluded=False)
    for n, published in enumerate([None, dt.datetime(2026, 3, 20, 23, 30, tzinfo=dt.UTC)]):
        for guid, link, author, image in [("g", "https://a.vn/1", "Thu Hà", "https://a.vn/1.jpg"), ("", "", "", "")]:
            entry = Entry(
                guid=guid and f"{guid}{n}",
                link=link,
                title="Cải cách hành chính",
                summary_html="<p>Tóm tắt</p>",
                summary_text="Tóm tắt",
                author=author,
                image_url=image,
                published_at=published,
            )
            generic = FeedItem(source=source, fetched_at=now)
            _apply(generic, entry, now=now, scored=scored, zone=VIETNAM)
            built = _new_item(source, entry, now=now, scored=scored, zone=VIETNAM)
            assert values(built) == values(generic)
            # The local day in the zone given: 23:30 UTC on 20/3 is the morning of 21/3 in Vietnam.
            assert built.day == dt.date(2026, 3, 21)
            assert (built.fetched_at, built.status, built.pk, built.source) == (now, "new", None, source)
            assert built._state.adding and built.story_lead_id is None
