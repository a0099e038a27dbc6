"""The reads other apps rely on (contracts.md)."""

import datetime as dt

from django.utils import timezone

from news import selectors


def test_latest_articles_newest_first_with_limit(make_article):
    a, b, c = make_article(), make_article(), make_article()
    make_article(live=False)
    assert [x.pk for x in selectors.latest_articles(limit=2)] == [c.pk, b.pk]
    assert [x.pk for x in selectors.latest_articles()] == [c.pk, b.pk, a.pk]


def test_latest_articles_for_a_unit(make_article, units):
    city_wide = make_article("Toàn thành phố")
    about_city = make_article("Về thành phố", units=[units["city"]])
    about_ward = make_article("Về phường A", units=[units["ward_a"]])
    make_article("Về phường B", units=[units["ward_b"]])
    below = make_article("Về phường C", units=[units["ward_c"]])
    found = {x.pk for x in selectors.latest_articles(unit=units["ward_a"])}
    assert found == {city_wide.pk, about_city.pk, about_ward.pk}
    assert below.pk not in found
    # an article about two units appears once
    make_article("Hai phường", units=[units["ward_a"], units["city"]])
    ids = [x.pk for x in selectors.latest_articles(unit=units["ward_a"], limit=50)]
    assert len(ids) == len(set(ids))


def test_count_published_articles(make_article, categories, units):
    def at(year, month=6):
        return timezone.make_aware(dt.datetime(year, month, 1, 9))

    make_article(published_at=at(2026), units=[units["ward_a"]])
    make_article(published_at=at(2026), category=categories["digital"], units=[units["ward_a"], units["ward_b"]])
    make_article(published_at=at(2025))
    make_article(published_at=at(2026), live=False)
    make_article(published_at=timezone.make_aware(dt.datetime(2026, 12, 31, 23, 30)))  # still 2026 in Hà Nội
    assert selectors.count_published_articles(year=2026) == 3
    assert selectors.count_published_articles(year=2025) == 1
    assert selectors.count_published_articles(year=2026, category=categories["digital"]) == 1
    assert selectors.count_published_articles(year=2026, category="chuyen-doi-so") == 1
    assert selectors.count_published_articles(year=2026, unit=units["ward_a"]) == 2
    assert selectors.count_published_articles(year=2026, unit=units["city"]) == 2  # the units below count
