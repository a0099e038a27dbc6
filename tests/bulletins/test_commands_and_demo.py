"""Commands (import_opml, draft_bulletin), the demo loader, and the demo feeds this site serves."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from bulletins import demo, services
from bulletins.models import BulletinPage, FeedItem, FeedSource, ItemStatus

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(300)]  # loading the whole demo takes minutes on a busy machine

OPML = Path(__file__).resolve().parents[1] / "fixtures" / "bulletins" / "sources.opml"


def test_import_opml(capsys):
    call_command("import_opml", str(OPML))
    sources = {s.url: s for s in FeedSource.objects.all()}
    assert set(sources) == {
        "https://kinhtedothi.vn/rss/chinh-tri.rss",
        "https://hanoimoi.vn/rss/chinh-tri",
        "https://www.baogialai.com.vn/rss/thoi-su.rss",
    }
    assert sources["https://kinhtedothi.vn/rss/chinh-tri.rss"].credit_label == "Kinhtedothi.vn"
    assert sources["https://kinhtedothi.vn/rss/chinh-tri.rss"].name == "Kinh tế & Đô thị"
    assert sources["https://hanoimoi.vn/rss/chinh-tri"].name == "Hà Nội Mới"
    assert sources["https://hanoimoi.vn/rss/chinh-tri"].credit_label == "Hanoimoi.com.vn"
    assert sources["https://www.baogialai.com.vn/rss/thoi-su.rss"].credit_label == "Baogialai.com.vn"
    out = capsys.readouterr().out
    assert "Đã thêm 3, 0 đã có, 1 bị từ chối." in out  # the command line speaks Vietnamese
    assert "từ chối   ftp://" in out and "không phải địa chỉ http hoặc https" in out
    call_command("import_opml", str(OPML))
    assert FeedSource.objects.count() == 3
    assert "Đã thêm 0, 3 đã có" in capsys.readouterr().out


def test_opml_round_trip():
    services.import_opml(data=OPML.read_bytes())
    exported = services.export_opml()
    FeedSource.objects.all().delete()
    report = services.import_opml(data=exported)
    assert len(report.created) == 3
    assert FeedSource.objects.get(url="https://hanoimoi.vn/rss/chinh-tri").credit_label == "Hanoimoi.com.vn"


def test_an_unreadable_site_address_credits_the_feed_host():
    data = (
        '<opml version="2.0"><body>'
        '<outline text="Báo thử" xmlUrl="https://www.baothu.vn/rss" htmlUrl="https://[baothu"/>'
        "</body></opml>"
    ).encode()
    report = services.import_opml(data=data)
    assert [source.credit_label for source in report.created] == ["Baothu.vn"]


@pytest.mark.parametrize("data", [b"<opml><body><outline", b"<html><body></body></html>", b""])
def test_bad_opml_is_refused_and_writes_nothing(tmp_path, data):
    path = tmp_path / "bad.opml"
    path.write_bytes(data)
    with pytest.raises(CommandError):
        call_command("import_opml", str(path))
    assert not FeedSource.objects.exists()


def test_missing_opml_file():
    with pytest.raises(CommandError):
        call_command("import_opml", "/khong/co/tep.opml")


def test_draft_bulletin_command(bulletin_index, make_source, rules, capsys):
    source = make_source()
    services.ingest_feed_bytes(
        source,
        (
            '<rss version="2.0"><channel><title>x</title>'
            "<item><title>Cải cách hành chính ở Tây Hồ</title><guid>a</guid>"
            "<pubDate>21/03/2024 08:00</pubDate></item>"
            "<item><title>Bóng đá</title><guid>b</guid><pubDate>21/03/2024 09:00</pubDate></item>"
            "</channel></rss>"
        ).encode(),
    )
    call_command("draft_bulletin", date=dt.date(2024, 3, 22))
    page = BulletinPage.objects.get(date=dt.date(2024, 3, 22))
    assert not page.live
    assert [i.heading for i in page.get_latest_revision_as_object().items.all()] == ["Cải cách hành chính ở Tây Hồ"]
    assert FeedItem.objects.get(guid="a").status == ItemStatus.PICKED
    assert "Đã soạn nháp “" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("draft_bulletin", date=dt.date(2020, 1, 1))


def test_demo_loads_offline_and_is_idempotent(home, units):
    lines = demo.load(home=home, units=units)
    assert any("/ban-tin/" in line for line in lines)
    assert FeedSource.objects.count() == 4
    items = FeedItem.objects.count()
    assert items > 15
    bulletins = BulletinPage.objects.live()
    expected = len(demo.working_days_before(timezone.localdate()))
    assert bulletins.count() == expected >= 4
    for page in bulletins:
        assert page.items.count() >= 1
        assert page.date.weekday() < 5
    # The demo feed URLs point at this site's own demo feeds.
    assert all("/demo-feeds/" in url for url in FeedSource.objects.values_list("url", flat=True))
    demo.load(home=home, units=units)
    assert FeedSource.objects.count() == 4 and FeedItem.objects.count() == items
    assert BulletinPage.objects.count() == expected
    # Today's items wait in the inbox.
    assert FeedItem.objects.filter(day=timezone.localdate(), status=ItemStatus.NEW, score__gt=0).exists()


def test_demo_feed_view_serves_only_its_folder(client):
    response = client.get("/demo-feeds/kinh-te-do-thi.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "{{NGAY" not in body and "+0700" in body
    etag = response["ETag"]
    assert client.get("/demo-feeds/kinh-te-do-thi.xml", headers={"if-none-match": etag}).status_code == 304
    for bad in ("/demo-feeds/khong-co.xml", "/demo-feeds/..%2F__init__.xml", "/demo-feeds/__init__.xml"):
        assert client.get(bad).status_code == 404


def test_fetch_feeds_reaches_the_demo_feeds_over_http(feed_server, make_source):
    # The demo files through a real HTTP server, as `fetch_feeds` gets them in `make run`.
    from bulletins.demo_feeds import render_demo_feed
    from bulletins.views import DEMO_FEEDS

    from .conftest import Reply

    body = render_demo_feed((DEMO_FEEDS / "ha-noi-moi.xml").read_bytes(), today=timezone.localdate())
    source = make_source(feed_server.serve("/demo-feeds/ha-noi-moi.xml", Reply(200, body)))
    outcome = services.fetch_source(source)
    assert outcome.ok and outcome.created == 6
