"""The news index keeps its unfiltered listing as cached HTML (news/fragments.py listing_fragment_key):
a warm listing reads no article rows, and every publish, unpublish, edit, move or restriction
reaches it at once. Filtered listings, other query parameters and errors render live."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from news.models import NewsArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [query["sql"] for query in captured.captured_queries]


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _republish(page, **changes):
    page = page.specific_class.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def test_a_warm_listing_reads_no_article_category_or_tag_rows(client, news_index, make_article):
    make_article("Tin trong danh sách", tags=["một cửa"])
    first, _cold = _get(client, news_index.url)
    assert first.context["listing_key"]
    warm, queries = _get(client, news_index.url)
    assert warm.content == first.content
    for table in ("news_newsarticlepage", "news_category", "taggit_tag", "campaign_site_administrativeunit"):
        assert not [sql for sql in queries if table in sql], table
    # What remains: Wagtail's view-restriction check of the index page (its ancestors, then their rules).
    assert len(queries) == 2, queries


def test_publishing_unpublishing_and_editing_reach_the_listing(client, news_index, make_article):
    first = make_article("Tin thứ nhất")
    assert "Tin thứ nhất" in _html(client, news_index.url)
    second = make_article("Tin thứ hai")
    assert "Tin thứ hai" in _html(client, news_index.url)
    NewsArticlePage.objects.get(pk=second.pk).unpublish()
    assert "Tin thứ hai" not in _html(client, news_index.url)
    first = _republish(first, title="Tin thứ nhất (đã sửa)", slug="tin-da-sua")
    html = _html(client, news_index.url)
    assert "Tin thứ nhất (đã sửa)" in html and f'href="{first.url}"' in html
    NewsArticlePage.objects.get(pk=first.pk).delete()
    assert "Tin thứ nhất" not in _html(client, news_index.url)


def test_a_draft_does_not_reach_the_listing_until_published(client, news_index, make_article):
    article = make_article("Bản đã đăng")
    assert "Bản đã đăng" in _html(client, news_index.url)
    draft = NewsArticlePage.objects.get(pk=article.pk)
    draft.title = "Bản nháp"
    draft.save_revision()
    html = _html(client, news_index.url)
    assert "Bản đã đăng" in html and "Bản nháp" not in html
    draft.get_latest_revision().publish()
    assert "Bản nháp" in _html(client, news_index.url)


def test_category_and_index_edits_reach_the_listing(client, news_index, make_article, categories):
    make_article("Tin có chủ đề", category=categories["local"])
    assert "Cải cách địa phương" in _html(client, news_index.url)
    categories["local"].name = "Địa phương (đổi tên)"
    categories["local"].save()
    assert "Địa phương (đổi tên)" in _html(client, news_index.url)
    _republish(news_index, title="Tin tức mới", intro="Lời giới thiệu mới")
    html = _html(client, NewsIndexPage.objects.get(pk=news_index.pk).url)
    assert "Tin tức mới" in html and "Lời giới thiệu mới" in html


def test_a_view_restriction_takes_an_article_off_the_listing(client, news_index, make_article):
    article = make_article("Tin nội bộ")
    assert "Tin nội bộ" in _html(client, news_index.url)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert "Tin nội bộ" not in _html(client, news_index.url)


def test_each_page_and_archive_is_its_own_entry(client, news_index, make_article, settings):
    settings.NEWS_PER_PAGE = 2
    for n in range(5):
        make_article(f"Tin số {n}")
    page_one = _html(client, news_index.url)
    page_two = _html(client, news_index.url + "?page=2")
    assert "Tin số 4" in page_one and "Tin số 4" not in page_two and "Tin số 2" in page_two
    beyond = client.get(news_index.url + "?page=99")  # clamped to the last page: the same entry
    assert beyond.context["listing_key"] == client.get(news_index.url + "?page=3").context["listing_key"]
    year = _html(client, news_index.url + "2026/")
    assert "năm 2026" in year and _html(client, news_index.url + "2025/") != year


@pytest.mark.parametrize("query", ["?category=cai-cach-dia-phuong", "?tag=TAG", "?utm_source=zalo", "?page=1&page=2"])
def test_filtered_and_other_queries_render_live(client, news_index, make_article, query):
    make_article("Tin lọc", tags=["một cửa"])
    query = query.replace("TAG", Tag.objects.get(name="một cửa").slug)
    response = client.get(news_index.url + query)
    assert response.status_code == 200
    assert response.context["listing_key"] == ""
    assert "Tin lọc" in response.content.decode()


def test_a_bad_date_renders_live(client, news_index):
    response = client.get(news_index.url + "theo-ngay/?date=99/99/2026")
    assert response.status_code == 400
    assert response.context["listing_key"] == ""


def test_the_count_follows_a_deletion_and_a_move_at_once(client, home, news_index, make_article):
    make_article("Tin ở lại")
    leaving = make_article("Tin sẽ chuyển")
    deleted = make_article("Tin sẽ xoá")
    assert "3 bài viết" in _html(client, news_index.url)
    NewsArticlePage.objects.get(pk=deleted.pk).delete()  # no publish signal: the render token is the key
    assert "2 bài viết" in _html(client, news_index.url)
    other = home.add_child(instance=NewsIndexPage(title="Mục khác", slug="muc-khac"))
    other.save_revision().publish()
    NewsArticlePage.objects.get(pk=leaving.pk).move(other, pos="last-child")
    html = _html(client, news_index.url)
    assert "1 bài viết" in html and "Tin sẽ chuyển" not in html
