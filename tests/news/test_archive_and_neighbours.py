"""Ways in (issue #14): the archive's month calendar with counts, previous/next month and day links,
an empty day that says so and offers the nearest days with news; three newer and older articles."""

import datetime as dt
import re

import pytest

TZ = dt.timezone(dt.timedelta(hours=7))


def _at(day: int, month: int = 3, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=TZ)


@pytest.fixture
def march(make_article):
    """Two articles on 5/3, one on 20/3 (late evening: still 20/3 in Hà Nội), one in May."""
    return [
        make_article("Bài ngày 5/3 sáng", published_at=_at(5)),
        make_article("Bài ngày 5/3 chiều", published_at=_at(5, hour=15)),
        make_article("Bài ngày 20/3", published_at=_at(20, hour=23)),
        make_article("Bài tháng 5", published_at=_at(2, month=5)),
    ]


def test_the_month_shows_a_calendar_whose_days_with_news_are_links_with_counts(client, news_index, march):
    html = client.get(f"{news_index.url}2026/03/").content.decode()
    calendar = re.search(r'<table class="calendar">.*?</table>', html, re.S).group(0)
    assert f'href="{news_index.url}2026/03/05/"' in calendar and "2 bài viết" in calendar
    assert f'href="{news_index.url}2026/03/20/"' in calendar and "1 bài viết" in calendar
    assert calendar.count("<a ") == 2  # the other days are not links
    assert "<caption>tháng 3/2026</caption>" in calendar
    # The next month with news is May (April has none); no earlier month has news.
    nav = re.search(r'<nav class="archive__months-nav".*?</nav>', html, re.S).group(0)
    assert f'href="{news_index.url}2026/05/"' in nav and 'rel="prev"' not in nav
    assert "<title>Tin cải cách: tháng 3/2026 | " in html


def test_the_month_list_counts_articles_per_month(client, news_index, march):
    html = client.get(news_index.url).content.decode()
    months = re.search(r'<ul class="archive__months">.*?</ul>', html, re.S).group(0)
    assert re.search(r"tháng 3/2026</a> <span class=\"muted\">\(3 bài viết\)", months)
    assert re.search(r"tháng 5/2026</a> <span class=\"muted\">\(1 bài viết\)", months)


@pytest.mark.parametrize("day", ["2026/03/12", "2026/04/30", "2020/01/01"])
def test_an_empty_day_says_so_and_offers_the_nearest_days_with_news(client, news_index, march, day):
    html = client.get(f"{news_index.url}{day}/").content.decode()
    year, month, number = (int(part) for part in day.split("/"))
    assert f"Không có tin nào trong ngày {number}/{month}/{year}." in html
    nearest = re.search(r"Ngày gần nhất có tin:(.*?)</p>", html, re.S).group(1)
    links = re.findall(r'href="([^"]+)"', nearest)
    assert links, "an empty day always offers somewhere to go"
    for link in links:
        assert client.get(link).context["articles"].paginator.count >= 1


def test_a_day_with_news_links_the_previous_and_next_days_with_news(client, news_index, march):
    html = client.get(f"{news_index.url}2026/03/20/").content.decode()
    pager = re.search(r'<nav class="pager".*?</nav>', html, re.S).group(0)
    assert f'href="{news_index.url}2026/03/05/" rel="prev"' in pager
    assert f'href="{news_index.url}2026/05/02/" rel="next"' in pager
    assert 'aria-current="date"' in html


def test_an_article_lists_three_newer_and_three_older(client, make_article):
    articles = [make_article(f"Bài số {n}", published_at=_at(1 + n)) for n in range(9)]
    middle = articles[4]
    response = client.get(middle.url)
    assert [page.title for page in response.context["newer"]] == ["Bài số 7", "Bài số 6", "Bài số 5"]
    assert [page.title for page in response.context["older"]] == ["Bài số 3", "Bài số 2", "Bài số 1"]
    html = response.content.decode()
    assert "Những tin mới hơn" in html and "Những tin cũ hơn" in html
