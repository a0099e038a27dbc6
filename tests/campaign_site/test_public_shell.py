"""The shell citizens see on every page (issue #14): the phone menu's markup, titles with the site
name once, a meta description, feed discovery, the links citizens come for (site settings), the
contact page, and Vietnamese error pages in `make run` unless debugging is asked for."""

import re

import pytest
from django.db import IntegrityError, transaction
from wagtail.models import Site

from campaign_site.models import SiteIdentity, StandardPage

from .test_settings import run_manage


@pytest.fixture
def identity(home):
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.site_name = "Cải cách hành chính Hà Nội"
    identity.national_portal_url = "https://dichvucong.gov.vn"
    identity.city_portal_url = "https://dichvucong.hanoi.gov.vn"
    identity.case_lookup_url = "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html"
    identity.feedback_url = "/phan-anh/"
    identity.hotline = "1022"
    identity.office_hours = "Thứ Hai đến thứ Sáu: 8:00–17:00"
    identity.map_url = "https://www.openstreetmap.org/search?query=12%20L%C3%AA%20Lai"
    identity.address = "Số 12 Lê Lai, Hà Nội"
    identity.save()
    return identity


@pytest.fixture
def about(home):
    page = home.add_child(instance=StandardPage(title="Giới thiệu", slug="gioi-thieu", show_in_menus=True))
    page.save_revision().publish()
    return page


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def _description(html: str) -> str:
    return re.search(r'<meta name="description" content="([^"]*)">', html).group(1)


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/", "Cải cách hành chính Hà Nội"),
        ("/gioi-thieu/", "Giới thiệu | Cải cách hành chính Hà Nội"),
        ("/thong-tin-lien-he/", "Liên hệ | Cải cách hành chính Hà Nội"),
        ("/khong-co-trang-nay/", "Không tìm thấy trang | Cải cách hành chính Hà Nội"),
    ],
)
def test_every_page_has_a_meaningful_title_with_the_site_name_once_and_a_description(
    client, identity, about, path, title
):
    html = client.get(path).content.decode()
    assert _title(html) == title
    assert _title(html).count(identity.site_name) == 1
    assert len(_description(html)) > 20  # the page's own, or the site's description


@pytest.mark.parametrize("path", ["/", "/gioi-thieu/", "/thong-tin-lien-he/"])
def test_every_page_announces_the_news_feeds(client, about, path):
    html = client.get(path).content.decode()
    for kind, title, href in (
        ("rss", "Tin cải cách hành chính (RSS)", "/feeds/news/rss/"),
        ("atom", "Tin cải cách hành chính (Atom)", "/feeds/news/atom/"),
    ):
        assert f'<link rel="alternate" type="application/{kind}+xml" title="{title}" href="{href}">' in html


def test_the_phone_menu_is_a_disclosure_button_over_a_plain_list(client, about):
    html = client.get("/gioi-thieu/").content.decode()
    button = re.search(r"<button[^>]*data-menu-toggle[^>]*>", html).group(0)
    assert 'aria-expanded="false"' in button and 'aria-controls="site-menu"' in button
    menu = re.search(r'<div class="site-menu" id="site-menu" data-menu>(.*?)</header>', html, re.S).group(1)
    assert '<nav class="main-nav" aria-label="Menu chính">' in menu
    assert 'href="/gioi-thieu/" aria-current="page">Giới thiệu</a>' in menu
    assert "Danh mục" in button + html[html.index(button) : html.index(button) + 200]
    assert "<script>" not in html and " style=" not in html  # CSP: nothing inline


def test_footer_home_and_contact_page_link_what_citizens_come_for(client, identity):
    wanted = [
        ('href="https://dichvucong.gov.vn"', "Cổng Dịch vụ công quốc gia"),
        ('href="https://dichvucong.hanoi.gov.vn"', "Cổng Dịch vụ công Thành phố"),
        ('href="https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html"', "Tra cứu hồ sơ theo mã"),
        ('href="/phan-anh/"', "Gửi phản ánh, kiến nghị"),
        ('href="/thong-tin-lien-he/"', "Liên hệ"),
    ]
    home = client.get("/").content.decode()
    footer = re.search(r"<footer.*?</footer>", home, re.S).group(0)
    services = re.search(r'<section class="home-services.*?</section>', home, re.S).group(0)
    contact = client.get("/thong-tin-lien-he/").content.decode()
    for place in (footer, services, contact):
        for href, label in wanted:
            assert re.search(re.escape(href) + r"[^>]*>" + re.escape(label) + "<", place), (href, label)
    for text in ("Số 12 Lê Lai, Hà Nội", 'href="tel:1022"', "Thứ Hai đến thứ Sáu: 8:00–17:00", "Xem trên bản đồ"):
        assert text in contact


def test_links_left_empty_are_not_shown(client, identity):
    identity.city_portal_url = identity.case_lookup_url = identity.feedback_url = ""
    identity.save()
    footer = re.search(r"<footer.*?</footer>", client.get("/").content.decode(), re.S).group(0)
    assert "Cổng Dịch vụ công Thành phố" not in footer and "Gửi phản ánh" not in footer
    assert "Cổng Dịch vụ công quốc gia" in footer


BAD_FEEDBACK_URLS = ["//evil.example/phan-anh", "javascript:alert(1)", "ftp://example.org/", "phan-anh", " /phan-anh/"]


@pytest.mark.parametrize("value", BAD_FEEDBACK_URLS)
def test_a_feedback_link_that_is_not_a_path_or_web_address_is_refused(identity, value):
    identity.feedback_url = value
    with pytest.raises(Exception) as refusal:
        identity.full_clean()
    assert "feedback_url" in refusal.value.message_dict
    assert "bắt đầu bằng /" in " ".join(refusal.value.message_dict["feedback_url"])
    # And the database refuses it too, whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteIdentity.objects.filter(pk=identity.pk).update(feedback_url=value)


@pytest.mark.parametrize("value", ["", "/phan-anh/", "https://hanoi.gov.vn/phan-anh", "http://example.org/gop-y"])
def test_a_feedback_link_on_this_site_or_the_web_is_accepted(identity, value):
    identity.feedback_url = value
    identity.full_clean()
    identity.save()


@pytest.mark.parametrize(
    ("env", "debug"), [({}, "False"), ({"DJANGO_DEBUG": "1"}, "True"), ({"DJANGO_DEBUG": "0"}, "False")]
)
def test_make_run_shows_the_sites_own_error_pages_unless_debugging_is_asked_for(env, debug):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SETTINGS_MODULE="campaign_site.settings.dev",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == debug
