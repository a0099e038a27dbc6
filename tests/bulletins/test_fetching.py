"""The HTTP client and the fetch rounds: conditional GET, redirects, the SSRF guard, back-off,
410, claims that keep two runners off the same source."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from bulletins import fetching, services
from bulletins.fetching import FetchError, check_url, parse_retry_after
from bulletins.models import FeedItem, FeedSource
from bulletins.tasks import fetch_due_sources_task
from tests.concurrency import run_at_once

from .conftest import Reply

pytestmark = pytest.mark.django_db


def test_conditional_get_304_writes_no_items(feed_server, make_source):
    url = feed_server.serve_file("/feed.xml", "good_rss.xml", etag='"v1"')
    feed_server.routes["/feed.xml"].headers["Last-Modified"] = "Thu, 21 Mar 2024 02:00:00 GMT"
    source = make_source(url)
    assert services.fetch_source(source).created == 2
    source.refresh_from_db()
    assert source.etag == '"v1"' and source.last_modified == "Thu, 21 Mar 2024 02:00:00 GMT"
    FeedItem.objects.update(title="sửa tay")  # would be overwritten if the feed were re-ingested

    outcome = services.fetch_source(source)
    source.refresh_from_db()
    assert outcome.ok and outcome.status == 304 and outcome.created == 0
    assert source.last_status == 304 and source.consecutive_failures == 0
    _path, headers = feed_server.requests[-1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Thu, 21 Mar 2024 02:00:00 GMT"
    assert set(FeedItem.objects.values_list("title", flat=True)) == {"sửa tay"}


def test_health_writes_queue_no_search_index_task(feed_server, make_source):
    """A round updates every source's health; that must not queue a search-index task per source."""
    from django_tasks.signals import task_enqueued

    url = feed_server.serve_file("/feed.xml", "good_rss.xml", etag='"v1"')
    source = make_source(url)
    services.fetch_source(source)  # first fetch: new items (indexed as they should be)
    enqueued = []

    def remember(sender, task_result, **kwargs):
        enqueued.append(task_result.task.name)

    task_enqueued.connect(remember)
    try:
        assert services.fetch_source(source).status == 304
    finally:
        task_enqueued.disconnect(remember)
    source.refresh_from_db()
    assert source.last_status == 304
    assert "insert_or_update_object_task" not in enqueued


def test_user_agent_identifies_the_site(feed_server, make_source):
    source = make_source(feed_server.serve_file("/feed.xml", "good_rss.xml"))
    services.fetch_source(source)
    _path, headers = feed_server.requests[-1]
    assert headers["User-Agent"].startswith("CCHC-BanTin/")


def test_redirects_are_followed_hop_by_hop(feed_server, make_source):
    feed_server.serve("/old.xml", Reply(301, b"", {"Location": "/mid.xml"}))
    feed_server.serve("/mid.xml", Reply(302, b"", {"Location": feed_server.url("/new.xml")}))
    feed_server.serve_file("/new.xml", "good_rss.xml")
    source = make_source(feed_server.url("/old.xml"))
    assert services.fetch_source(source).created == 2
    assert [path for path, _h in feed_server.requests] == ["/old.xml", "/mid.xml", "/new.xml"]


def test_redirect_to_another_scheme_is_refused(feed_server, make_source):
    url = feed_server.serve("/evil.xml", Reply(302, b"", {"Location": "file:///etc/passwd"}))
    source = make_source(url)
    assert not services.fetch_source(source).ok
    source.refresh_from_db()
    assert "http" in source.last_error


@override_settings(FEEDS_ALLOW_PRIVATE_ADDRESSES=False)
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed.xml",
        "http://10.1.2.3/feed.xml",
        "http://192.168.1.1/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed.xml",
        "http://224.0.0.1/feed.xml",
        "http://0.0.0.0/feed.xml",
        "http://240.0.0.1/feed.xml",
        "http://localhost/feed.xml",
    ],
)
def test_ssrf_guard_refuses_private_and_reserved_hosts(url):
    with pytest.raises(FetchError):
        check_url(url)


@override_settings(FEEDS_ALLOW_PRIVATE_ADDRESSES=False)
@pytest.mark.parametrize("url", ["ftp://example.com/feed.xml", "file:///etc/passwd", "gopher://x/", "javascript:1"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError):
        check_url(url)


@override_settings(FEEDS_ALLOW_PRIVATE_ADDRESSES=False)
def test_public_address_passes_the_guard():
    check_url("http://93.184.216.34/feed.xml")  # an IP literal: no DNS needed


@override_settings(FEEDS_ALLOW_PRIVATE_ADDRESSES=False)
def test_the_guard_refuses_the_test_server_itself(feed_server, make_source):
    source = make_source(feed_server.serve_file("/feed.xml", "good_rss.xml"))
    assert not services.fetch_source(source).ok
    assert feed_server.requests == []  # refused before connecting


@override_settings(FEEDS_ALLOW_PRIVATE_ADDRESSES=False)
def test_every_redirect_hop_is_checked(feed_server, make_source, monkeypatch):
    # Treat our loopback test server as a public host; the redirect target stays private.
    real = fetching._forbidden_address
    monkeypatch.setattr(fetching, "_forbidden_address", lambda address: address != "127.0.0.1" and real(address))
    url = feed_server.serve("/hop.xml", Reply(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"}))
    source = make_source(url)
    assert not services.fetch_source(source).ok
    source.refresh_from_db()
    assert "169.254.169.254" in source.last_error
    assert [path for path, _h in feed_server.requests] == ["/hop.xml"]


@override_settings(FEEDS_ALLOW_PRIVATE_ADDRESSES=False)
def test_dns_rebinding_is_refused_at_connect_time(feed_server, make_source, monkeypatch):
    """The name resolves to a public address when checked, then to loopback when connecting."""
    import socket

    url = feed_server.serve_file("/feed.xml", "good_rss.xml")
    port = int(url.split(":")[2].split("/")[0])
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["93.184.216.34"])

    def rebinding(host, *args, **kwargs):
        if host != "rebind.example":
            return real_getaddrinfo(host, *args, **kwargs)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    source = make_source(f"http://rebind.example:{port}/feed.xml")
    assert not services.fetch_source(source).ok
    source.refresh_from_db()
    assert "rebind.example" in source.last_error and source.consecutive_failures == 1
    assert feed_server.requests == []  # not one byte of the request reached the private address


def test_backoff_is_exponential_and_capped(settings):
    settings.FEEDS_BACKOFF_BASE = 300
    settings.FEEDS_BACKOFF_MAX = 3600
    assert [services.backoff_seconds(n) for n in range(1, 6)] == [300, 600, 1200, 2400, 3600]
    assert services.backoff_seconds(40) == 3600
    assert services.backoff_seconds(1, retry_after=900) == 900
    assert services.backoff_seconds(1, retry_after=99999) == 3600


def test_retry_after_as_http_date():
    later = timezone.now() + dt.timedelta(hours=1)
    seconds = parse_retry_after(later.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    assert 3500 <= seconds <= 3600
    assert parse_retry_after("soon") is None


def test_failures_back_off_then_recover(feed_server, make_source, settings):
    settings.FEEDS_BACKOFF_BASE = 60
    url = feed_server.serve("/flaky.xml", Reply(500, b"down"))
    source = make_source(url)
    waits = []
    for _ in range(3):
        services.fetch_source(source)
        source.refresh_from_db()
        waits.append(round((source.next_attempt_at - source.last_fetched_at).total_seconds()))
    assert waits == [60, 120, 240]
    assert source.consecutive_failures == 3 and source.is_active

    feed_server.serve_file("/flaky.xml", "good_rss.xml")
    assert services.fetch_source(source).ok
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.last_error == ""
    assert source.last_success_at == source.last_fetched_at
    assert (source.next_attempt_at - source.last_fetched_at) == dt.timedelta(minutes=source.fetch_interval)


def test_410_switches_the_source_off_with_a_note(feed_server, make_source):
    source = make_source(feed_server.serve("/gone.xml", Reply(410, b"")))
    services.fetch_source(source)
    source.refresh_from_db()
    assert not source.is_active
    assert "410" in source.last_error
    assert source.last_status == 410
    # Not due any more, but kept (and shown) rather than silently dropped.
    assert services.fetch_due_sources() == []
    assert FeedSource.objects.filter(pk=source.pk).exists()


def test_only_due_active_sources_are_fetched(feed_server, make_source):
    due = make_source(feed_server.serve_file("/due.xml", "good_rss.xml"))
    later = make_source(
        feed_server.serve_file("/later.xml", "nfd.xml"), next_attempt_at=timezone.now() + dt.timedelta(hours=1)
    )
    off = make_source(feed_server.serve_file("/off.xml", "dates.xml"), is_active=False)
    outcomes = services.fetch_due_sources()
    assert [o.source_id for o in outcomes] == [due.pk]
    assert not FeedItem.objects.filter(source__in=[later, off]).exists()


def test_a_claimed_source_is_not_fetched_twice(make_source):
    source = make_source()
    assert services.claim_source(source)
    assert not services.claim_source(source)
    assert services.fetch_source(source) is None  # a second runner backs off
    assert services.claim_due_sources() == []


def test_an_expired_claim_can_be_taken_again(make_source):
    source = make_source()
    FeedSource.objects.filter(pk=source.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.claim_source(source)


def test_two_rounds_claim_disjoint_sources(make_source):
    sources = [make_source() for _ in range(4)]
    first = services.claim_due_sources(limit=2)
    second = services.claim_due_sources()
    assert len(first) == 2 and len(second) == 2
    assert {s.pk for s in first}.isdisjoint({s.pk for s in second})
    assert {s.pk for s in first} | {s.pk for s in second} == {s.pk for s in sources}


def test_fetch_task_runs_a_round(feed_server, make_source):
    make_source(feed_server.serve_file("/feed.xml", "good_rss.xml"))
    result = fetch_due_sources_task.enqueue()
    assert result.return_value == {"sources": 1, "failed": 0, "created": 2, "updated": 0}


def test_fetch_feeds_command(feed_server, make_source, capsys):
    good = make_source(feed_server.serve_file("/feed.xml", "good_rss.xml"))
    bad = make_source(feed_server.serve("/bad.xml", Reply(404, b"")))
    call_command("fetch_feeds")
    out = capsys.readouterr().out
    assert "Đã lấy 2 nguồn, 1 nguồn lỗi." in out  # the command line speaks Vietnamese, like the admin
    assert "không tìm thấy trang (404)" in out
    assert FeedItem.objects.filter(source=good).count() == 2
    # --source fetches that one now, due or not.
    FeedItem.objects.all().delete()
    call_command("fetch_feeds", source=good.pk)
    assert FeedItem.objects.filter(source=good).count() == 2
    assert bad.items.count() == 0


def test_fetch_feeds_command_unknown_source():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("fetch_feeds", source=999999)


@pytest.mark.django_db(transaction=True)
def test_two_runners_at_once_fetch_each_source_once(feed_server, sections):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads need PostgreSQL; SQLite's test database is one shared connection")

    for n in range(8):
        FeedSource.objects.create(
            url=feed_server.serve_file(f"/s{n}.xml", "good_rss.xml"), name=f"Báo {n}", credit_label=f"Bao{n}.vn"
        )
    results = run_at_once(lambda n: services.fetch_due_sources(), 2)
    assert not [r for r in results if isinstance(r, Exception)], results
    paths = [path for path, _headers in feed_server.requests]
    assert sorted(paths) == sorted(f"/s{n}.xml" for n in range(8))  # each source fetched exactly once
    assert sum(len(r) for r in results) == 8
    assert FeedItem.objects.count() == 16
