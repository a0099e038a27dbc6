"""Every bad input of issue 4, served over real HTTP from tests/fixtures/feeds/, ends as a
recorded readable error or a correctly ingested item, and never costs another source its items."""

import datetime as dt
import unicodedata

import feedparser
import pytest
from django.utils import timezone

from bulletins import services
from bulletins.models import FeedItem, FeedSource

from .conftest import Reply, feed_bytes

pytestmark = pytest.mark.django_db

MOJIBAKE_MARKS = ("Ã", "Â", "Ä", "Æ", "á»", "\ufffd")


def _fetch(feed_server, make_source, name, *, headers=None):
    kwargs = {"headers": headers} if headers else {}
    url = feed_server.serve_file(f"/{name}", name, **kwargs)
    source = make_source(url)
    outcome = services.fetch_source(source)
    source.refresh_from_db()
    return source, outcome, list(FeedItem.objects.filter(source=source).order_by("published_at", "pk"))


def _assert_clean(item: FeedItem):
    for value in (item.title, item.summary_text, item.summary_html, item.author):
        assert unicodedata.is_normalized("NFC", value)
        assert not any(mark in value for mark in MOJIBAKE_MARKS), value


def test_good_feed_is_ingested(feed_server, make_source, rules):
    source, outcome, items = _fetch(feed_server, make_source, "good_rss.xml")
    assert outcome.ok and outcome.created == 2
    assert source.last_status == 200 and source.consecutive_failures == 0 and source.items_found == 2
    first = items[0]
    assert first.title == "Phường Tây Hồ rút ngắn thời gian giải quyết thủ tục hành chính"
    assert first.link == "https://baothunghiem.vn/tay-ho-rut-ngan-thu-tuc-101.html?id=101"  # utm_* stripped
    assert first.guid == "btn-101"
    assert first.author == "Minh Anh"
    assert first.image_url == "https://baothunghiem.vn/anh/101.jpg"
    assert "<strong>dịch vụ công trực tuyến</strong>" in first.summary_html
    assert first.summary_text.startswith("Bộ phận Một cửa phường Tây Hồ")
    assert first.published_at == dt.datetime(2024, 3, 21, 1, 0, tzinfo=dt.UTC)
    assert first.day == dt.date(2024, 3, 21)


def test_unescaped_ampersand_is_read_leniently(feed_server, make_source):
    source, outcome, items = _fetch(feed_server, make_source, "malformed_ampersand.xml")
    assert outcome.ok
    assert [i.title for i in items] == ["Cải cách hành chính & chuyển đổi số ở Cầu Giấy"]
    assert items[0].link == "https://baoloi.vn/cchc-cau-giay.html?a=1&b=2"
    assert "không hợp lệ" in source.last_warning or "well-formed" in source.last_warning


def test_truncated_feed_keeps_whole_items_only(feed_server, make_source):
    source, outcome, items = _fetch(feed_server, make_source, "truncated.xml")
    assert outcome.ok
    assert [i.guid for i in items] == ["baobicat-1"]
    assert source.last_warning


@pytest.mark.parametrize(
    ("name", "words"),
    [("html_page.html", "HTML"), ("empty_body.xml", "rỗng"), ("claims_utf8_but_cp1258.xml", "UTF-8")],
)
def test_unusable_bodies_are_recorded_errors(feed_server, make_source, name, words):
    headers = {"Content-Type": "text/html; charset=utf-8"} if name.endswith(".html") else None
    source, outcome, items = _fetch(feed_server, make_source, name, headers=headers)
    assert not outcome.ok
    assert items == []
    assert words in source.last_error
    assert source.consecutive_failures == 1 and source.is_active
    assert source.next_attempt_at > source.last_fetched_at


def test_empty_feed_is_a_success_with_no_items(feed_server, make_source):
    source, outcome, items = _fetch(feed_server, make_source, "empty_feed.xml")
    assert outcome.ok and items == []
    assert source.items_found == 0 and source.last_error == ""


def test_stray_windows_1252_byte_does_not_garble_the_feed(feed_server, make_source):
    source, outcome, items = _fetch(feed_server, make_source, "stray_cp1252_byte.xml")
    assert outcome.ok
    (item,) = items
    assert item.title == "Hoàn Kiếm – tăng tốc số hóa hồ sơ thủ tục hành chính"
    assert item.summary_text.startswith("Phường Hoàn Kiếm đã số hóa toàn bộ hồ sơ cư trú")
    _assert_clean(item)
    assert "windows-1252" in source.last_warning


def test_nfd_text_is_stored_nfc(feed_server, make_source):
    _source, outcome, items = _fetch(feed_server, make_source, "nfd.xml")
    assert outcome.ok
    (item,) = items
    assert item.title == unicodedata.normalize("NFC", "Cầu Giấy đẩy mạnh cải cách thủ tục hành chính")
    assert item.author == unicodedata.normalize("NFC", "Đặng Thủy")
    _assert_clean(item)


def test_vietnamese_date_forms_all_mean_8_am_in_ha_noi(feed_server, make_source):
    _source, outcome, items = _fetch(feed_server, make_source, "dates.xml")
    assert outcome.ok
    by_guid = {item.guid: item for item in items}
    eight_am = dt.datetime(2024, 3, 21, 1, 0, tzinfo=dt.UTC)
    for guid in ("ngay-gmt7", "ngay-utc7", "ngay-ict", "ngay-khong-mui", "ngay-kieu-viet", "ngay-0700", "ngay-utc"):
        assert by_guid[guid].published_at == eight_am, guid
        assert by_guid[guid].day == dt.date(2024, 3, 21)
    # An unreadable date is not a crash: the item belongs to the day it was fetched.
    assert by_guid["ngay-hong"].published_at is None
    assert by_guid["ngay-hong"].day == timezone.localdate(by_guid["ngay-hong"].fetched_at)


def test_duplicate_guids_keep_the_first(feed_server, make_source):
    _source, outcome, items = _fetch(feed_server, make_source, "duplicate_guids.xml")
    assert outcome.ok
    assert [i.guid for i in items] == ["lap-1", "lap-2"]
    assert items[0].title == "Hà Nội công bố chỉ số cải cách hành chính các sở, ngành"


def test_items_without_guid_or_link_are_kept_and_not_duplicated(feed_server, make_source):
    source, outcome, items = _fetch(feed_server, make_source, "missing_guid_link.xml")
    assert outcome.ok and len(items) == 3
    untitled = [i for i in items if i.title.startswith("Một mẩu tin")]
    assert untitled and untitled[0].guid == "" and untitled[0].link == ""
    # A second fetch of the same feed adds nothing.
    source.etag = ""
    source.save()
    second = services.fetch_source(source)
    assert second.ok and second.created == 0
    assert FeedItem.objects.filter(source=source).count() == 3


def test_scripts_forms_handlers_and_javascript_links_are_removed(feed_server, make_source):
    _source, outcome, items = _fetch(feed_server, make_source, "unsafe_summary.xml")
    assert outcome.ok
    (item,) = items
    html = item.summary_html.lower()
    for forbidden in ("<script", "<form", "<input", "<style", "<iframe", "onclick", "onmouseover", "onerror"):
        assert forbidden not in html
    assert "javascript:" not in html and "javascript:" not in item.link
    assert item.link == ""
    assert 'href="https://dichvucong.gov.vn/huong-dan"' in item.summary_html
    assert 'href="mailto:banbientap@baomadoc.vn"' in item.summary_html
    assert item.title == "Hướng dẫn nộp hồ sơ trên Cổng dịch vụ công"
    assert "alert" not in item.title and "document.cookie" not in item.summary_text


def test_fifty_megabyte_body_is_cut_off_at_the_cap(feed_server, make_source, settings):
    settings.FEEDS_MAX_BYTES = 1024 * 1024

    def fifty_megabytes():
        yield b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>x</title>'
        chunk = b"<item><title>" + b"a" * 1000 + b"</title></item>"
        for _ in range(50 * 1024):
            yield chunk

    url = feed_server.serve("/big.xml", Reply(200, fifty_megabytes(), {"Content-Type": "application/rss+xml"}))
    source = make_source(url)
    outcome = services.fetch_source(source)
    source.refresh_from_db()
    assert not outcome.ok
    assert "1048576" in source.last_error
    assert FeedItem.objects.filter(source=source).count() == 0
    # The client hung up early: the server could not send anything near 50 MB.
    assert feed_server.sent_bytes.get("/big.xml", 0) < 10 * 1024 * 1024


def test_declared_content_length_over_the_cap_is_refused_before_reading(feed_server, make_source, settings):
    settings.FEEDS_MAX_BYTES = 1000
    url = feed_server.serve("/long.xml", Reply(200, b"x" * 5000, {"Content-Type": "application/rss+xml"}))
    source = make_source(url)
    assert not services.fetch_source(source).ok


def test_server_that_never_answers_times_out(feed_server, make_source, fast_timeouts):
    url = feed_server.serve("/hang.xml", Reply(hang=True))
    source = make_source(url)
    outcome = services.fetch_source(source)
    source.refresh_from_db()
    assert not outcome.ok
    assert source.last_error and source.consecutive_failures == 1
    assert source.last_status is None


def test_redirect_loop_is_refused(feed_server, make_source):
    feed_server.serve("/a.xml", Reply(302, b"", {"Location": "/b.xml"}))
    url = feed_server.serve("/b.xml", Reply(301, b"", {"Location": "/a.xml"}))
    source = make_source(url)
    outcome = services.fetch_source(source)
    source.refresh_from_db()
    assert not outcome.ok
    assert "vòng" in source.last_error or "loop" in source.last_error


def test_too_many_redirects_are_refused(feed_server, make_source, settings):
    settings.FEEDS_MAX_REDIRECTS = 2
    for n in range(5):
        feed_server.serve(f"/r{n}", Reply(302, b"", {"Location": f"/r{n + 1}"}))
    feed_server.serve_file("/r5", "good_rss.xml")
    source = make_source(feed_server.url("/r0"))
    assert not services.fetch_source(source).ok
    settings.FEEDS_MAX_REDIRECTS = 5
    FeedSource.objects.filter(pk=source.pk).update(lease_expires_at=None)
    assert services.fetch_source(source).ok


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors_back_off(feed_server, make_source, status):
    url = feed_server.serve("/err.xml", Reply(status, b"oops"))
    source = make_source(url)
    outcome = services.fetch_source(source)
    source.refresh_from_db()
    assert not outcome.ok
    assert source.last_status == status and str(status) in source.last_error
    assert source.is_active and source.consecutive_failures == 1


def test_429_honours_retry_after(feed_server, make_source, settings):
    settings.FEEDS_BACKOFF_BASE = 60
    url = feed_server.serve("/slow.xml", Reply(429, b"", {"Retry-After": "7200"}))
    source = make_source(url)
    services.fetch_source(source)
    source.refresh_from_db()
    assert source.last_status == 429
    wait = (source.next_attempt_at - source.last_fetched_at).total_seconds()
    assert 7190 <= wait <= 7210


def test_a_broken_source_never_costs_another_its_items(feed_server, make_source, fast_timeouts):
    good = make_source(feed_server.serve_file("/good.xml", "good_rss.xml"))
    broken = [
        make_source(feed_server.serve("/hang", Reply(hang=True))),
        make_source(feed_server.serve("/500", Reply(500, b"x"))),
        make_source(feed_server.serve_file("/html", "html_page.html")),
        make_source(feed_server.serve_file("/legacy", "claims_utf8_but_cp1258.xml")),
    ]
    outcomes = services.fetch_due_sources()
    assert len(outcomes) == 5
    assert FeedItem.objects.filter(source=good).count() == 2
    for source in broken:
        source.refresh_from_db()
        assert source.last_error and source.consecutive_failures == 1 and source.lease_expires_at is None


def test_feedparser_reads_our_own_fixture_names():
    # Guard against a fixture silently becoming valid: the malformed ones are bozo for feedparser too.

    assert feedparser.parse(feed_bytes("malformed_ampersand.xml")).bozo
    assert feedparser.parse(feed_bytes("truncated.xml")).bozo


@pytest.mark.parametrize("kind", ["feed file", "relative path", "endless device", "process environment"])
def test_a_body_naming_a_file_of_this_machine_is_not_read(feed_server, make_source, tmp_path, monkeypatch, kind):
    """feedparser opens bytes that name a file: a feed answering with a path must be parsed as the
    text it is, never as that file (a readable feed on this machine, a path relative to the worker's
    directory, /dev/zero, which would never end, or the process environment and its secrets)."""
    local = tmp_path / "tin-noi-bo.xml"
    local.write_bytes(feed_bytes("good_rss.xml"))
    monkeypatch.chdir(tmp_path)
    body = {
        "feed file": str(local),
        "relative path": "tin-noi-bo.xml",
        "endless device": "/dev/zero",
        "process environment": "/proc/self/environ",
    }[kind].encode()
    source = make_source(feed_server.serve("/duong-dan", Reply(200, body, {"Content-Type": "application/rss+xml"})))
    outcome = services.fetch_source(source)
    source.refresh_from_db()
    assert not outcome.ok and FeedItem.objects.filter(source=source).count() == 0
    assert "RSS" in source.last_error and source.consecutive_failures == 1


@pytest.mark.parametrize(
    "bad",
    ["//[x", "http://[::1", "https://bao.vn:99999/tin", "https://bao.vn:cong/tin", "//bao.vn:-1/"],
)
def test_a_malformed_link_costs_its_item_the_link_only(feed_server, make_source, bad):
    """A link that cannot be read as a URL (an unclosed IPv6 host, an impossible port), as the item's
    link, its image or the channel's link, is dropped: the feed and every item are stored."""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo thử</title>'
        f"<link>{bad}</link>"
        f"<item><title>Tin có đường dẫn hỏng</title><guid>hong-1</guid><link>{bad}</link>"
        f'<enclosure url="{bad}" type="image/jpeg" length="1"/></item>'
        "<item><title>Tin bình thường</title><guid>tot-2</guid><link>/tin/2.html</link></item>"
        "</channel></rss>"
    ).encode()
    source = make_source(feed_server.serve("/hong", Reply(200, body, {"Content-Type": "application/rss+xml"})))
    outcome = services.fetch_source(source)
    assert outcome.ok and outcome.created == 2
    broken, good = FeedItem.objects.filter(source=source).order_by("guid")
    assert (broken.guid, broken.link, broken.image_url) == ("hong-1", "", "")
    assert good.link == feed_server.url("/tin/2.html")


def test_a_redirect_to_an_unreadable_address_is_a_recorded_error(feed_server, make_source):
    source = make_source(feed_server.serve("/di", Reply(302, b"", {"Location": "//[x/rss"})))
    outcome = services.fetch_source(source)
    source.refresh_from_db()
    assert not outcome.ok and source.consecutive_failures == 1
    assert source.last_error == "Máy chủ chuyển hướng tới một địa chỉ không phải là URL hợp lệ."


@pytest.mark.parametrize("url", ["https://bao.vn:99999/rss", "https://bao.vn:cong/rss", "https://[x/rss"])
def test_an_address_with_an_impossible_port_or_host_is_refused_before_any_lookup(settings, url):
    from bulletins.fetching import FetchError, check_url

    settings.FEEDS_ALLOW_PRIVATE_ADDRESSES = False  # as in production: the host would be resolved next
    with pytest.raises(FetchError) as refused:
        check_url(url)
    assert refused.value.message == "Địa chỉ nguồn tin không phải là URL hợp lệ."
