"""Finding articles: index filters, pagination, the date archive and the date picker."""

import datetime as dt

import pytest
from django.utils import timezone

from news.models import NewsArticlePage


def _titles(response):
    return [article.title for article in response.context["articles"]]


def test_index_lists_live_articles_newest_first(client, news_index, make_article):
    first = make_article("Tin thứ nhất")
    second = make_article("Tin thứ hai")
    make_article("Bản nháp", live=False)
    response = client.get(news_index.url)
    assert response.status_code == 200
    assert _titles(response) == [second.title, first.title]


def test_filter_by_category_tag_and_unit(client, news_index, make_article, categories, units):
    local = make_article("Tin địa phương", units=[units["ward_c"]], tags=["một cửa"])
    digital = make_article("Tin chuyển đổi số", category=categories["digital"], tags=["VNeID"])
    make_article("Tin phường khác", units=[units["ward_b"]])

    assert _titles(client.get(news_index.url, {"category": "chuyen-doi-so"})) == [digital.title]
    assert _titles(client.get(news_index.url, {"tag": "vneid"})) == [digital.title]
    # a unit filter covers the units below it: the legacy district finds its ward's news
    assert _titles(client.get(news_index.url, {"unit": units["district"].code})) == [local.title]
    assert _titles(client.get(news_index.url, {"unit": units["ward_c"].code, "tag": "một-cửa"})) == [local.title]


@pytest.mark.parametrize("params", [{"category": "khong-co"}, {"tag": "khong-co"}, {"unit": "99999"}])
def test_unknown_filter_values_match_nothing(client, news_index, make_article, params):
    make_article()
    response = client.get(news_index.url, params)
    assert response.status_code == 200
    assert _titles(response) == []


def test_index_is_paginated(client, news_index, make_article, settings):
    settings.NEWS_PER_PAGE = 2
    for _ in range(5):
        make_article()
    page2 = client.get(news_index.url, {"page": 2})
    assert page2.context["articles"].number == 2
    assert len(_titles(page2)) == 2
    assert client.get(news_index.url, {"page": "abc"}).status_code == 200
    assert client.get(news_index.url, {"page": 999}).context["articles"].number == 3


def test_archive_by_year_month_and_day(client, news_index, make_article):
    def at(*args):
        return timezone.make_aware(dt.datetime(*args))

    march = make_article("Tháng ba", published_at=at(2026, 3, 5, 23, 30))  # late evening in Hà Nội
    april = make_article("Tháng tư", published_at=at(2026, 4, 1, 0, 15))
    make_article("Năm trước", published_at=at(2025, 12, 31, 23, 59))

    assert _titles(client.get(f"{news_index.url}2026/")) == [april.title, march.title]
    assert _titles(client.get(f"{news_index.url}2026/03/")) == [march.title]
    assert _titles(client.get(f"{news_index.url}2026/03/05/")) == [march.title]
    assert _titles(client.get(f"{news_index.url}2026/3/6/")) == []
    day = client.get(f"{news_index.url}2026/03/05/").content.decode()
    assert "Thứ năm, 5/3/2026" in day


@pytest.mark.parametrize("path", ["2024/13/40/", "2024/02/30/", "2024/00/", "0000/", "2023/02/29/", "2024/13/"])
def test_impossible_archive_dates_are_404(client, news_index, path):
    assert client.get(f"{news_index.url}{path}").status_code == 404


def at(*args):
    return timezone.make_aware(dt.datetime(*args))  # in the site's time zone


def test_leap_day_archive_lists_that_day(client, news_index, make_article):
    leap = make_article("Ngày nhuận", published_at=at(2024, 2, 29, 23, 30))
    make_article("Ngày trước", published_at=at(2024, 2, 28, 23, 59))
    make_article("Ngày sau", published_at=at(2024, 3, 1, 0, 5))
    response = client.get(f"{news_index.url}2024/02/29/")
    assert response.status_code == 200
    assert _titles(response) == [leap.title]
    assert "Thứ năm, 29/2/2024" in response.content.decode()


@pytest.mark.parametrize("value", ["05/03/2026", "5/3/2026", " 05-03-2026 ", "05.03.2026", "2026-03-05"])
def test_date_picker_redirects_to_the_day(client, news_index, value):
    """Day first as typed in Vietnam (never 3 May), or ISO."""
    response = client.get(f"{news_index.url}theo-ngay/", {"date": value})
    assert response.status_code == 302
    assert response["Location"] == f"{news_index.url}2026/03/05/"


@pytest.mark.parametrize(
    "value",
    ["", "2026-13-01", "hôm qua", "'; DROP TABLE", "2026-02-30", "30/02/2026", "05/13/2026", "05/03/26", "1/1/0001"],
)
def test_date_picker_refuses_bad_dates(client, news_index, value):
    response = client.get(f"{news_index.url}theo-ngay/", {"date": value})
    assert response.status_code == 400
    assert "Vui lòng chọn một ngày hợp lệ." in response.content.decode()


def test_date_picker_is_a_labelled_get_form(client, news_index, make_article):
    html = client.get(make_article().url).content.decode()
    assert f'action="{news_index.url}theo-ngay/"' in html
    assert '<input id="archive-date" type="text" name="date"' in html
    assert 'aria-describedby="archive-date-hint"' in html
    assert "Ngày/tháng/năm, ví dụ 05/03/2026" in html
    assert '<label for="archive-date">Tìm theo ngày</label>' in html


def test_story_index_lists_stories(client, story_index, make_story, units):
    story = make_story("Mô hình một cửa", unit=units["ward_a"])
    response = client.get(story_index.url)
    assert [s.pk for s in response.context["stories"]] == [story.pk]


def test_cached_listing_count_follows_publishing(client, news_index, make_article, settings):
    settings.NEWS_PER_PAGE = 1
    make_article()
    make_article()
    assert client.get(news_index.url).context["articles"].paginator.count == 2
    draft = make_article(live=False)
    assert client.get(news_index.url).context["articles"].paginator.count == 2
    draft.save_revision().publish()
    assert client.get(news_index.url).context["articles"].paginator.count == 3
    NewsArticlePage.objects.get(pk=draft.pk).unpublish()
    assert client.get(news_index.url).context["articles"].paginator.count == 2
    # an unknown filter value never reuses the unfiltered count
    assert client.get(news_index.url, {"category": "khong-co"}).context["articles"].paginator.count == 0
