"""One public base URL for every address that leaves the page (issue #14): share links, the QR code,
the canonical link, og:url, the sitemap, the feeds and robots.txt; never the Site record's port."""

import re
from urllib.parse import quote

import pytest
from wagtail.models import Site

from news.qr import qr_svg

HOST = "localhost:8123"  # the host the reader used; the Site record says testserver:8000
PUBLIC = "https://cchc.hanoi.gov.vn"


@pytest.fixture
def article(make_article, home):
    Site.objects.filter(root_page=home).update(port=8000)  # as the demo data has it
    return make_article("Phường Tây Hồ nhận hồ sơ vào sáng thứ Bảy")


def _surfaces(client, article) -> dict[str, str]:
    """Each place an absolute address of the article (or the site) appears, as text."""
    page = client.get(article.url, HTTP_HOST=HOST).content.decode()
    head = re.search(r"<head>.*?</head>", page, re.S).group(0)
    share = re.search(r'<section class="share.*?</section>', page, re.S).group(0)
    return {
        "canonical": re.search(r'<link rel="canonical" href="([^"]+)"', head).group(1),
        "og:url": re.search(r'<meta property="og:url" content="([^"]+)"', head).group(1),
        "share": share,
        "sitemap": client.get("/sitemap.xml", HTTP_HOST=HOST).content.decode(),
        "robots": client.get("/robots.txt", HTTP_HOST=HOST).content.decode(),
        "rss": client.get("/feeds/news/rss/", HTTP_HOST=HOST).content.decode(),
        "atom": client.get("/feeds/news/atom/", HTTP_HOST=HOST).content.decode(),
    }


SURFACES = ["canonical", "og:url", "share", "sitemap", "robots", "rss", "atom"]


@pytest.mark.parametrize("surface", SURFACES)
def test_addresses_use_the_readers_host_without_a_setting(surface, client, article, settings):
    settings.PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    text = _surfaces(client, article)[surface]
    assert f"http://{HOST}/" in text or quote(f"http://{HOST}/", safe="") in text
    assert ":8000" not in text and "testserver" not in text


@pytest.mark.parametrize("surface", SURFACES)
def test_addresses_use_public_base_url_when_set(surface, client, article, settings):
    settings.PUBLIC_BASE_URL = PUBLIC
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    text = _surfaces(client, article)[surface]
    assert f"{PUBLIC}/" in text or quote(f"{PUBLIC}/", safe="") in text
    assert HOST not in text and ":8000" not in text and "testserver" not in text


def test_the_qr_code_opens_the_page_being_read(client, article, settings):
    settings.PUBLIC_BASE_URL = PUBLIC
    html = client.get(article.url).content.decode()
    expected = qr_svg(f"{PUBLIC}{article.url}", "Mã QR để mở trang này trên điện thoại")
    assert expected in html


def test_article_sitemap_and_feed_name_the_same_address(client, article, settings):
    settings.PUBLIC_BASE_URL = PUBLIC
    url = f"{PUBLIC}{article.url}"
    assert f"<loc>{url}</loc>" in client.get("/sitemap.xml").content.decode()
    assert f"<link>{url}</link>" in client.get("/feeds/news/rss/").content.decode()
    assert f'href="{url}"' in client.get(article.url).content.decode()
