"""Feed sources in the admin: the address is checked on save (and a web page's feed offered), OPML
upload with a preview then a confirmation, the per-source "Lấy ngay" button."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bulletins.discovery import alternate_feeds
from bulletins.models import FeedItem, FeedSource

from .conftest import Reply, feed_bytes

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_bulletins_feedsource:add"
PAGE_WITH_FEEDS = b"""<!doctype html><html><head><title>Bao</title>
<link rel="alternate" type="application/rss+xml" title="Tin moi" href="/rss/tin-moi.xml">
<link rel="alternate" type="application/atom+xml" href="https://bao.example/atom">
<link rel="stylesheet" href="/style.css"><link rel="alternate" hreflang="en" href="/en/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body><p>Trang chu</p></body></html>"""


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def source_data(url: str, **extra) -> dict:
    local = timezone.localtime()
    return {
        "name": "Báo Thử Nghiệm",
        "url": url,
        "credit_label": "Baothunghiem.vn",
        "is_active": "on",
        "fetch_interval": "60",
        "next_attempt_at": local.strftime("%Y-%m-%d %H:%M"),
        "default_section": "",
        **extra,
    }


def test_a_working_feed_is_saved(officer_client, feed_server):
    url = feed_server.serve_file("/feed.xml", "good_rss.xml")
    response = officer_client.post(reverse(ADD), source_data(url))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert FeedSource.objects.get().url == url


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(500, b"oops"), "máy chủ trả lỗi 500"),
        (Reply(200, feed_bytes("html_page.html"), {"Content-Type": "text/html"}), "trang không phải RSS/Atom"),
        (Reply(404, b""), "không tìm thấy trang (404)"),
    ],
)
def test_a_broken_address_is_refused_with_the_reason(officer_client, feed_server, reply, words):
    url = feed_server.serve("/x", reply)
    response = officer_client.post(reverse(ADD), source_data(url))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không dùng được địa chỉ này làm nguồn tin" in html and words in html
    assert not FeedSource.objects.exists()


def test_refused_port_and_other_schemes_are_refused(officer_client):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    response = officer_client.post(reverse(ADD), source_data(f"http://127.0.0.1:{port}/rss"))
    assert "không kết nối được" in response.content.decode()
    response = officer_client.post(reverse(ADD), source_data("ftp://bao.vn/rss.xml"))
    assert "không phải địa chỉ http hoặc https" in response.content.decode()
    assert not FeedSource.objects.exists()


def test_a_hanging_server_is_given_up_within_the_request_budget(officer_client, feed_server, settings):
    """The check runs while the officer waits: FEEDS_REQUEST_TIMEOUT bounds it, not the 20 s read
    timeout of background rounds (the test server hangs 10 s, then hangs up: that would read as
    "không kết nối được")."""
    settings.FEEDS_REQUEST_TIMEOUT = 0.5
    url = feed_server.serve("/hang.xml", Reply(hang=True))
    response = officer_client.post(reverse(ADD), source_data(url))
    assert "hết thời gian chờ" in response.content.decode()
    assert not FeedSource.objects.exists()


def test_private_addresses_are_refused_by_the_same_guard(officer_client, feed_server, settings):
    settings.FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    url = feed_server.serve_file("/feed.xml", "good_rss.xml")
    response = officer_client.post(reverse(ADD), source_data(url))
    assert "bị chặn vì địa chỉ nội bộ" in response.content.decode()
    assert feed_server.requests == [] and not FeedSource.objects.exists()


def test_a_web_page_offers_its_feed_then_saving_again_uses_it(officer_client, feed_server):
    page = feed_server.serve("/", Reply(200, PAGE_WITH_FEEDS, {"Content-Type": "text/html; charset=utf-8"}))
    feed = feed_server.serve_file("/rss/tin-moi.xml", "good_rss.xml")
    response = officer_client.post(reverse(ADD), source_data(page))
    html = response.content.decode()
    assert response.status_code == 200 and not FeedSource.objects.exists()
    assert "Trang có dẫn tới nguồn tin “Tin moi”" in html
    assert f'value="{feed}"' in html  # the feed's address is now in the field
    assert "https://bao.example/atom" in html  # the other feed is named
    response = officer_client.post(reverse(ADD), source_data(feed))
    assert response.status_code == 302
    assert FeedSource.objects.get().url == feed


def test_discovery_reads_only_feed_links():
    found = alternate_feeds(PAGE_WITH_FEEDS, base_url="https://bao.example/trang/")
    assert found == [("Tin moi", "https://bao.example/rss/tin-moi.xml"), ("", "https://bao.example/atom")]
    base = b'<base href="https://cdn.example/x/"><link rel="alternate" type="application/rss+xml" href="f.xml">'
    assert alternate_feeds(base, base_url="https://bao.example/") == [("", "https://cdn.example/x/f.xml")]
    assert alternate_feeds(b"<html><p>khong co gi", base_url="https://bao.example/") == []
    assert alternate_feeds(b"\xff\xfe<<<>>>", base_url="https://bao.example/") == []


def test_discovery_skips_addresses_it_cannot_read():
    """A link or a <base> that urljoin cannot read ("//[x") is passed over; the readable ones stand."""
    feed = '<link rel="alternate" type="application/rss+xml" href="{}">'
    page = (feed.format("//[x/rss") + feed.format("/rss/tot.xml")).encode()
    assert alternate_feeds(page, base_url="https://bao.example/") == [("", "https://bao.example/rss/tot.xml")]
    page = ('<base href="//[x/">' + feed.format("tot.xml")).encode()
    assert alternate_feeds(page, base_url="https://bao.example/a/") == [("", "https://bao.example/a/tot.xml")]


def test_an_unchanged_address_is_not_checked_again(officer_client, make_source, feed_server):
    url = feed_server.serve("/down.xml", Reply(500, b""))
    source = make_source(url)
    edit = reverse("wagtailsnippets_bulletins_feedsource:edit", args=[source.pk])
    response = officer_client.post(edit, source_data(url, name="Tên mới"))
    assert response.status_code == 302
    assert FeedSource.objects.get(pk=source.pk).name == "Tên mới"
    assert feed_server.requests == []  # a source down today can still be renamed


# --- OPML upload --------------------------------------------------------------------------------

OPML = """<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="Nhóm"><outline type="rss" text="Kinh tế &amp; Đô thị" xmlUrl="https://kinhtedothi.vn/rss/chinh-tri.rss"/>
<outline type="rss" text="Đã có" xmlUrl="https://hanoimoi.vn/rss/chinh-tri"/></outline>
<outline type="rss" text="Sai" xmlUrl="ftp://example.com/feed"/>
<outline type="rss" text="Trùng" xmlUrl="https://kinhtedothi.vn/rss/chinh-tri.rss"/>
</body></opml>""".encode()


def upload(client, data: bytes, name="nguon.opml"):
    return client.post(reverse("bulletins_opml_import"), {"file": SimpleUploadedFile(name, data, "text/x-opml")})


def test_opml_upload_previews_then_adds_on_confirmation(officer_client, make_source):
    make_source("https://hanoimoi.vn/rss/chinh-tri")
    assert officer_client.get(reverse("bulletins_opml_import")).status_code == 200
    response = upload(officer_client, OPML)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sẽ thêm 1 nguồn tin" in html and "Kinh tế &amp; Đô thị" in html and "Kinhtedothi.vn" in html
    assert "2 địa chỉ đã là nguồn tin (bỏ qua)" in html  # known before, and repeated in the file
    assert "1 địa chỉ bị từ chối" in html and "không phải địa chỉ http hoặc https" in html
    assert FeedSource.objects.count() == 1  # a preview writes nothing
    response = officer_client.post(reverse("bulletins_opml_import"), {"opml": base64.b64encode(OPML).decode()})
    assert response.status_code == 302
    assert set(FeedSource.objects.values_list("url", flat=True)) == {
        "https://hanoimoi.vn/rss/chinh-tri",
        "https://kinhtedothi.vn/rss/chinh-tri.rss",
    }
    message = officer_client.get(response["Location"]).content.decode()
    assert "Đã thêm 1 nguồn tin, 2 nguồn đã có, 1 địa chỉ bị từ chối." in message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<opml><body><outline", "không phải OPML hợp lệ"),
        (b"<html><body></body></html>", "không phải tài liệu OPML"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>', "ENTITY"),
        (b"x" * (1024 * 1024 + 1), "lớn hơn 1 MB"),
    ],
)
def test_bad_opml_uploads_are_refused_readably(officer_client, data, words):
    response = upload(officer_client, data)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not FeedSource.objects.exists()


@pytest.mark.parametrize("value", ["", "không phải base64!", base64.b64encode(b"<html/>").decode()])
def test_a_tampered_confirmation_writes_nothing(officer_client, value):
    response = officer_client.post(reverse("bulletins_opml_import"), {"opml": value}, follow=True)
    assert response.status_code == 200
    assert not FeedSource.objects.exists()


def test_opml_import_needs_the_add_permission(client, ward_editor):
    client.force_login(ward_editor)
    assert client.get(reverse("bulletins_opml_import")).status_code in (302, 403)
    assert upload(client, OPML).status_code in (302, 403)
    assert not FeedSource.objects.exists()


# --- "Lấy ngay" for one source -------------------------------------------------------------------


def test_fetch_one_source_now(officer_client, feed_server, make_source):
    source = make_source(feed_server.serve_file("/feed.xml", "good_rss.xml"))
    FeedSource.objects.filter(pk=source.pk).update(next_attempt_at=timezone.now() + timezone.timedelta(hours=5))
    response = officer_client.post(reverse("bulletins_fetch_source", args=[source.pk]), follow=True)
    assert "Đã lấy tin nguồn “" in response.content.decode() and "2 tin mới" in response.content.decode()
    assert FeedItem.objects.filter(source=source).count() == 2
    broken = make_source(feed_server.serve("/err", Reply(500, b"")))
    response = officer_client.post(reverse("bulletins_fetch_source", args=[broken.pk]), follow=True)
    assert "Không lấy được tin nguồn “" in response.content.decode()
    assert "máy chủ trả lỗi 500" in response.content.decode()


def test_fetch_one_source_refuses_get_strangers_and_unknown_ids(client, officer_client, ward_editor, make_source):
    source = make_source()
    url = reverse("bulletins_fetch_source", args=[source.pk])
    assert officer_client.get(url).status_code == 405
    assert officer_client.post(reverse("bulletins_fetch_source", args=[999999])).status_code == 404
    client.force_login(ward_editor)
    assert client.post(url).status_code in (302, 403)
    assert FeedSource.objects.get(pk=source.pk).last_fetched_at is None


def test_fetch_buttons_on_the_source_list_and_health_page(officer_client, make_source):
    source = make_source()
    action = reverse("bulletins_fetch_source", args=[source.pk])
    for url in (reverse("wagtailsnippets_bulletins_feedsource:list"), reverse("bulletins_sources_health")):
        html = officer_client.get(url).content.decode()
        assert f'action="{action}"' in html and "Lấy ngay" in html
    listing = officer_client.get(reverse("wagtailsnippets_bulletins_feedsource:list")).content.decode()
    assert reverse("bulletins_opml_import") in listing and "Nhập danh sách nguồn (OPML)" in listing


def test_import_opml_dry_run_writes_nothing(tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "nguon.opml"
    path.write_bytes(OPML)
    call_command("import_opml", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Sẽ thêm 2, 1 đã có, 1 bị từ chối; chưa ghi gì." in out
    assert not FeedSource.objects.exists()
