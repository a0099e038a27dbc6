"""Every class of fetch failure, produced for real on loopback, is stored with its kind and shown as
a short Vietnamese reason, the technical detail behind a disclosure (inbox, source list, health page)."""

import socket

import pytest
from django.urls import reverse

from bulletins import services
from bulletins.failures import FailureKind, failure_reason
from bulletins.models import FeedSource

from .conftest import Reply, feed_bytes

pytestmark = pytest.mark.django_db


def fetched(source: FeedSource):
    outcome = services.fetch_source(source)
    source.refresh_from_db()
    return outcome, source


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released): connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_refused_port_is_cannot_connect(make_source):
    outcome, source = fetched(make_source(f"http://127.0.0.1:{closed_port()}/rss.xml"))
    assert not outcome.ok
    assert source.last_error_kind == FailureKind.UNREACHABLE
    assert source.failure_reason == "không kết nối được" == outcome.reason
    assert "ConnectionError" in source.last_error  # the technical detail is kept


def test_hanging_server_is_a_timeout(feed_server, make_source, fast_timeouts):
    outcome, source = fetched(make_source(feed_server.serve("/hang.xml", Reply(hang=True))))
    assert not outcome.ok and outcome.reason == source.failure_reason
    assert source.last_error_kind == FailureKind.TIMEOUT
    assert source.failure_reason == "hết thời gian chờ"


def test_html_page_is_not_a_feed(feed_server, make_source):
    url = feed_server.serve("/", Reply(200, feed_bytes("html_page.html"), {"Content-Type": "text/html"}))
    outcome, source = fetched(make_source(url))
    assert not outcome.ok and outcome.reason == source.failure_reason
    assert source.last_error_kind == FailureKind.NOT_FEED
    assert source.failure_reason == "trang không phải RSS/Atom"
    assert "HTML" in source.last_error


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (500, "máy chủ trả lỗi 500"),
        (503, "máy chủ trả lỗi 503"),
        (404, "không tìm thấy trang (404)"),
        (403, "bị từ chối truy cập (403)"),
        (429, "gửi yêu cầu quá nhiều (429)"),
        (410, "nguồn tin đã ngừng (410)"),
    ],
)
def test_http_errors_by_status(feed_server, make_source, status, reason):
    outcome, source = fetched(make_source(feed_server.serve("/err.xml", Reply(status, b"oops"))))
    assert not outcome.ok and outcome.reason == source.failure_reason
    assert source.last_error_kind == FailureKind.HTTP and source.last_status == status
    assert source.failure_reason == reason


def test_private_address_is_blocked(feed_server, make_source, settings):
    settings.FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    outcome, source = fetched(make_source(feed_server.serve_file("/feed.xml", "good_rss.xml")))
    assert not outcome.ok and outcome.reason == source.failure_reason
    assert source.last_error_kind == FailureKind.PRIVATE
    assert source.failure_reason == "bị chặn vì địa chỉ nội bộ"
    assert feed_server.requests == []  # refused before any connection


def test_private_address_reached_by_rebinding_is_blocked(feed_server, make_source, settings, monkeypatch):
    """The connect-time guard (DNS answered public first, private at connect) gives the same kind."""
    from bulletins import fetching

    settings.FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    monkeypatch.setattr(fetching, "check_url", lambda url: None)  # the name "looked" public
    outcome, source = fetched(make_source(feed_server.serve_file("/feed.xml", "good_rss.xml")))
    assert not outcome.ok and outcome.reason == source.failure_reason
    assert source.last_error_kind == FailureKind.PRIVATE


def test_unknown_host_is_host_not_found(make_source, settings):
    settings.FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    outcome, source = fetched(make_source("http://khong-co-ten-mien-nay.invalid/rss"))
    assert not outcome.ok and outcome.reason == source.failure_reason
    assert source.last_error_kind == FailureKind.DNS
    assert source.failure_reason == "không tìm thấy tên miền"


def test_unknown_host_past_the_guard_is_host_not_found(make_source):
    # Tests allow private addresses, so the name is resolved by the HTTP client itself.
    outcome, source = fetched(make_source("http://khong-co-ten-mien-nay.invalid/rss"))
    assert not outcome.ok and outcome.reason == source.failure_reason
    assert source.last_error_kind == FailureKind.DNS


def test_other_schemes_are_not_http(make_source):
    source = make_source("https://bao.vn/rss")
    FeedSource.objects.filter(pk=source.pk).update(url="ftp://bao.vn/rss")
    outcome, source = fetched(source)
    assert not outcome.ok and outcome.reason == source.failure_reason
    assert source.last_error_kind == FailureKind.BAD_URL


def test_too_large_and_redirect_loops(feed_server, make_source, settings):
    settings.FEEDS_MAX_BYTES = 100
    outcome, big = fetched(make_source(feed_server.serve_file("/big.xml", "good_rss.xml")))
    assert not outcome.ok and outcome.reason == big.failure_reason
    assert big.last_error_kind == FailureKind.TOO_LARGE
    feed_server.serve("/a", Reply(302, b"", {"Location": "/b"}))
    outcome, loop = fetched(make_source(feed_server.serve("/b", Reply(302, b"", {"Location": "/a"}))))
    assert not outcome.ok and outcome.reason == loop.failure_reason
    assert loop.last_error_kind == FailureKind.REDIRECT and loop.failure_reason == "chuyển hướng lỗi"


def test_success_clears_the_failure(feed_server, make_source):
    source = make_source(feed_server.serve("/feed.xml", Reply(500, b"")))
    fetched(source)
    feed_server.serve_file("/feed.xml", "good_rss.xml")
    FeedSource.objects.filter(pk=source.pk).update(lease_expires_at=None)
    outcome, source = fetched(source)
    assert outcome.ok and source.last_error_kind == "" and source.failure_reason == ""


def test_every_kind_has_a_vietnamese_reason():
    from django.utils import translation

    for kind in FailureKind:
        with translation.override("en"):
            english = failure_reason(kind)
        assert failure_reason(kind) not in ("", english), kind
    assert failure_reason("", None) == "lấy tin không thành công"  # recorded before kinds existed


LONG_DETAIL = "HTTPConnectionPool(host=bao.vn):_Max_retries_exceeded_" + "x" * 1500


@pytest.fixture
def failing_source(make_source):
    source = make_source(name="Báo Lỗi", credit_label="Baoloi.vn")
    FeedSource.objects.filter(pk=source.pk).update(
        last_error=LONG_DETAIL, last_error_kind=FailureKind.UNREACHABLE, consecutive_failures=3
    )
    return source


@pytest.mark.parametrize(
    "url_name",
    ["bulletins_inbox", "bulletins_sources_health", "wagtailsnippets_bulletins_feedsource:list"],
)
def test_reason_shown_with_the_detail_behind_a_disclosure(client, officer, bulletin_index, failing_source, url_name):
    client.force_login(officer)
    html = client.get(reverse(url_name)).content.decode()
    assert "<strong>Không kết nối được</strong>" in html
    details = html.index('<details class="bulletins-failure-detail">')
    assert "<summary>Chi tiết kỹ thuật</summary>" in html[details : details + 200]
    assert html.index(LONG_DETAIL[:40]) > details  # the raw text only inside the disclosure
    assert html.count(LONG_DETAIL[:40]) == 1
