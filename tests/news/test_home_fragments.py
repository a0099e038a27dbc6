"""The home page's news and answer boxes are cached HTML that every change reaches at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from campaign_site.slots import home_slots


def queries_for(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        body = client.get(url).content.decode()
    return len(captured.captured_queries), body


@pytest.mark.django_db
def test_a_warm_home_page_runs_none_of_the_news_box_queries(client, home, make_article, make_story, units):
    make_article("Tin đầu trang")
    make_story("Mô hình một cửa", unit=units["ward_a"], featured=True)
    cold, body = queries_for(client, "/")
    warm, again = queries_for(client, "/")
    assert "Tin đầu trang" in body and "Mô hình một cửa" in body
    assert again == body
    assert warm <= cold - 4  # latest articles, their images, stories, the two index pages


@pytest.mark.django_db
def test_publishing_unpublishing_and_renaming_reach_the_cached_box(client, home, make_article):
    first = make_article("Tin thứ nhất")
    assert "Tin thứ nhất" in client.get("/").content.decode()
    second = make_article("Tin thứ hai")
    assert "Tin thứ hai" in client.get("/").content.decode()
    second.unpublish()
    assert "Tin thứ hai" not in client.get("/").content.decode()
    first.title = "Tin thứ nhất (đã sửa)"
    first.save_revision().publish()
    assert "Tin thứ nhất (đã sửa)" in client.get("/").content.decode()
    first.slug = "tin-moi-doi-ten"
    first.save_revision().publish()
    assert "/tin-moi-doi-ten/" in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_view_restriction_takes_an_article_off_the_cached_box(client, home, make_article):
    article = make_article("Tin nội bộ")
    assert "Tin nội bộ" in client.get("/").content.decode()
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert "Tin nội bộ" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_box_is_cached_per_host(client, home, make_article, settings):
    settings.ALLOWED_HOSTS = ["testserver", "cchc.example.vn"]
    make_article("Tin theo tên miền")
    client.get("/")
    slots = [slot for slot in home_slots(_request("cchc.example.vn"), home) if slot.cache_key]
    other = [slot for slot in home_slots(_request("testserver"), home) if slot.cache_key]
    assert {slot.cache_key for slot in slots}.isdisjoint(slot.cache_key for slot in other)


def _request(host):
    from django.test import RequestFactory

    return RequestFactory().get("/", HTTP_HOST=host)
