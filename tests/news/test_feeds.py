"""RSS 2.0 and Atom feeds, sitemap.xml and robots.txt."""

import feedparser
import pytest


@pytest.fixture
def feed_articles(make_article, categories, units):
    make_article("Tin phường Tây Hồ <có ký tự & đặc biệt>", units=[units["ward_a"]], author="Minh Anh")
    make_article("Tin chuyển đổi số", category=categories["digital"])
    make_article("Bản nháp", live=False)


@pytest.mark.parametrize(
    "path, titles",
    [
        ("/feeds/news/rss/", {"Tin phường Tây Hồ <có ký tự & đặc biệt>", "Tin chuyển đổi số"}),
        ("/feeds/news/atom/", {"Tin phường Tây Hồ <có ký tự & đặc biệt>", "Tin chuyển đổi số"}),
        ("/feeds/news/category/chuyen-doi-so/rss/", {"Tin chuyển đổi số"}),
        ("/feeds/news/category/chuyen-doi-so/atom/", {"Tin chuyển đổi số"}),
        ("/feeds/news/unit/00103/rss/", {"Tin phường Tây Hồ <có ký tự & đặc biệt>"}),
        ("/feeds/news/unit/01/atom/", {"Tin phường Tây Hồ <có ký tự & đặc biệt>"}),
    ],
)
def test_feeds_validate(client, feed_articles, path, titles):
    response = client.get(path)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert {entry.title for entry in parsed.entries} == titles
    assert all(entry.link.startswith("http://testserver/tin-tuc/") for entry in parsed.entries)
    assert parsed.feed.language if "rss" in path else True


def test_feed_versions(client, feed_articles):
    assert feedparser.parse(client.get("/feeds/news/rss/").content).version == "rss20"
    assert feedparser.parse(client.get("/feeds/news/atom/").content).version == "atom10"


@pytest.mark.parametrize("path", ["/feeds/news/category/khong-co/rss/", "/feeds/news/unit/khong-co/atom/"])
def test_unknown_feed_is_404(client, db, path):
    assert client.get(path).status_code == 404


def test_index_links_its_feeds(client, news_index, feed_articles):
    html = client.get(news_index.url, {"category": "chuyen-doi-so"}).content.decode()
    assert 'type="application/rss+xml"' in html
    assert "/feeds/news/category/chuyen-doi-so/rss/" in html


def test_sitemap_lists_live_articles(client, make_article):
    live = make_article("Tin công khai")
    draft = make_article("Tin nháp", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"http://testserver{live.url}" in body
    assert draft.slug not in body


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
