"""The article a news index routes to is cached (news/article_routes.py): a warm request reads no
article row, and a publish, unpublish, slug change, move or deletion is followed at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import NewsArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def _status(client, url) -> int:
    return client.get(url).status_code


def test_a_warm_article_reads_no_page_row(client, make_article):
    article = make_article("Bài được định tuyến")
    first = client.get(article.url)
    with CaptureQueriesContext(connection) as warm:
        again = client.get(article.url)
    assert again.content == first.content
    queries = [query["sql"] for query in warm.captured_queries]
    assert not [sql for sql in queries if "news_newsarticlepage" in sql]
    # What remains: Wagtail's view-restriction check (the article's ancestors, then their rules).
    assert len(queries) == 2, queries


def test_unpublishing_and_republishing_are_followed_at_once(client, make_article):
    article = make_article("Bài sẽ gỡ")
    assert _status(client, article.url) == 200
    NewsArticlePage.objects.get(pk=article.pk).unpublish()
    assert _status(client, article.url) == 404
    NewsArticlePage.objects.get(pk=article.pk).get_latest_revision().publish()
    assert _status(client, article.url) == 200


def test_a_new_slug_moves_the_article_at_once(client, make_article):
    article = make_article("Bài đổi địa chỉ")
    old_url = article.url
    assert _status(client, old_url) == 200
    page = NewsArticlePage.objects.get(pk=article.pk)
    page.slug = "dia-chi-moi"
    page.save_revision().publish()
    assert _status(client, old_url) == 404
    assert "Bài đổi địa chỉ" in client.get(NewsArticlePage.objects.get(pk=article.pk).url).content.decode()


def test_moving_and_deleting_are_followed_at_once(client, home, make_article):
    article = make_article("Bài chuyển mục")
    old_url = article.url
    assert _status(client, old_url) == 200
    other = home.add_child(instance=NewsIndexPage(title="Mục khác", slug="muc-khac"))
    other.save_revision().publish()
    NewsArticlePage.objects.get(pk=article.pk).move(other, pos="last-child")
    assert _status(client, old_url) in (301, 404)  # Wagtail may leave a redirect behind, never the page
    moved = NewsArticlePage.objects.get(pk=article.pk)
    assert moved.url.startswith("/muc-khac/") and _status(client, moved.url) == 200
    moved.delete()
    assert _status(client, moved.url) == 404


def test_a_slug_without_an_article_is_not_kept(client, news_index, make_article):
    assert _status(client, news_index.url + "chua-co/") == 404
    article = make_article("Bài đến sau", slug="chua-co")
    assert _status(client, article.url) == 200
