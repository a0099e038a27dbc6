# ruff: noqa: F811 - the news fixtures are imported below and named as test arguments
"""The cached poll box beside articles and on the home page (surveys/slots.py, surveys/poll_box_cache.py):
on time, never stale, unit-specific, live in previews, and query-free on a warm cache."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from news.models import NewsArticlePage
from surveys.models import Poll, PollChoice
from surveys.poll_box_cache import page_poll_key
from tests.news.conftest import categories, make_article, news_index  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _html(client, page, **extra) -> str:
    response = client.get(page.url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def _poll(question, *, unit=None, opens, closes=None, labels=("Hài lòng", "Không hài lòng")):
    poll = Poll(question=question, unit=unit, opens_at=opens, closes_at=closes)
    for order, label in enumerate(labels):
        poll.choices.add(PollChoice(label=label, is_positive=order == 0, sort_order=order))
    poll.save()
    return poll


def test_the_box_appears_and_disappears_exactly_on_time(client, make_article):
    start = timezone.now().replace(microsecond=0)
    with freeze_time(start) as clock:
        article = make_article()
        _poll("Câu hỏi có hẹn giờ", opens=start + timedelta(minutes=10), closes=start + timedelta(minutes=70))
        assert "Câu hỏi có hẹn giờ" not in _html(client, article)
        clock.tick(timedelta(minutes=10) - timedelta(seconds=1))
        assert "Câu hỏi có hẹn giờ" not in _html(client, article)  # still cached, still closed
        clock.tick(timedelta(seconds=1))  # the opening moment
        assert "Câu hỏi có hẹn giờ" in _html(client, article)
        assert "Câu hỏi có hẹn giờ" in _html(client, article)  # from the cache
        assert "Câu hỏi có hẹn giờ" in _html(client, article.get_parent().get_parent())  # the home page too
        clock.tick(timedelta(minutes=60) - timedelta(seconds=1))
        assert "Câu hỏi có hẹn giờ" in _html(client, article)
        clock.tick(timedelta(seconds=1))  # the closing moment
        assert "Câu hỏi có hẹn giờ" not in _html(client, article)
        assert "Câu hỏi có hẹn giờ" not in _html(client, article.get_parent().get_parent())


def test_a_later_poll_opening_cuts_a_cached_answer_short(client, make_article):
    start = timezone.now().replace(microsecond=0)
    with freeze_time(start) as clock:
        article = make_article()
        _poll("Câu hỏi cũ", opens=start - timedelta(days=2))
        _poll("Câu hỏi mới", opens=start + timedelta(minutes=20))  # newer: wins once open
        assert "Câu hỏi cũ" in _html(client, article)
        clock.tick(timedelta(minutes=20))
        html = _html(client, article)
        assert "Câu hỏi mới" in html and "Câu hỏi cũ" not in html


def test_editing_a_question_or_its_choices_shows_at_once(client, make_article):
    article = make_article()
    poll = _poll("Câu hỏi ban đầu", opens=timezone.now() - timedelta(days=1))
    assert "Câu hỏi ban đầu" in _html(client, article)
    poll.question = "Câu hỏi đã sửa"
    poll.save()
    html = _html(client, article)
    assert "Câu hỏi đã sửa" in html and "Câu hỏi ban đầu" not in html
    PollChoice.objects.create(poll=poll, label="Rất hài lòng", is_positive=True, sort_order=5)
    assert "Rất hài lòng" in _html(client, article)
    choice = poll.choices.get(label="Không hài lòng")
    choice.label = "Chưa hài lòng"
    choice.save()
    html = _html(client, article)
    assert "Chưa hài lòng" in html and "Không hài lòng" not in html
    PollChoice.objects.filter(label="Rất hài lòng").delete()  # a queryset delete sends post_delete too
    assert "Rất hài lòng" not in _html(client, article)
    poll.closes_at = timezone.now() - timedelta(seconds=1)
    poll.save()
    assert "Câu hỏi đã sửa" not in _html(client, article)


def test_a_unit_poll_wins_for_its_wards_articles(client, make_article, units):
    now = timezone.now()
    _poll("Toàn thành phố", opens=now - timedelta(days=3))
    _poll("Riêng phường Tây Hồ", unit=units["ward_a"], opens=now - timedelta(days=1))
    _poll("Riêng quận Hoàn Kiếm", unit=units["district"], opens=now - timedelta(days=1))
    tay_ho = make_article(units=[units["ward_a"]])
    ba_dinh = make_article(units=[units["ward_b"]])
    hang_bac = make_article(units=[units["ward_c"]])
    for _ in range(2):  # computed, then from the cache
        assert "Riêng phường Tây Hồ" in _html(client, tay_ho) and "Toàn thành phố" not in _html(client, tay_ho)
        assert "Toàn thành phố" in _html(client, ba_dinh)
        assert "Riêng quận Hoàn Kiếm" in _html(client, hang_bac)  # the district's poll covers its ward
    assert cache.get(page_poll_key(tay_ho.pk)) is not None

    # The article moves to another ward: its next revision shows that ward's poll.
    page = NewsArticlePage.objects.get(pk=tay_ho.pk)
    page.units.set([units["ward_b"]])
    page.save_revision().publish()
    html = _html(client, tay_ho)
    assert "Toàn thành phố" in html and "Riêng phường Tây Hồ" not in html

    # A unit moved in the tree changes which poll covers its wards.
    units["ward_c"].parent = units["city"]
    units["ward_c"].save()
    assert "Toàn thành phố" in _html(client, hang_bac)


def test_a_preview_shows_the_drafts_units_and_leaves_the_cache_alone(client, make_article, units):
    now = timezone.now()
    _poll("Toàn thành phố", opens=now - timedelta(days=3))
    _poll("Riêng phường Tây Hồ", unit=units["ward_a"], opens=now - timedelta(days=1))
    article = make_article(units=[units["ward_b"]])
    assert "Toàn thành phố" in _html(client, article)
    cached = cache.get(page_poll_key(article.pk))
    draft = NewsArticlePage.objects.get(pk=article.pk)
    draft.units.set([units["ward_a"]])  # in memory only, as the editor's unsaved form
    preview = draft.make_preview_request().content.decode()
    assert "Riêng phường Tây Hồ" in preview and "Toàn thành phố" not in preview
    assert cache.get(page_poll_key(article.pk)) == cached
    public = _html(client, article)
    assert "Toàn thành phố" in public and "Riêng phường Tây Hồ" not in public


def test_the_box_is_the_same_for_every_visitor(client, make_article, django_user_model):
    article = make_article()
    _poll("Câu hỏi chung", opens=timezone.now() - timedelta(days=1))
    anonymous = _html(client, article)
    client.force_login(django_user_model.objects.create_user("nguoidoc", password="x"))
    signed_in = _html(client, article)

    def box(html):
        return html[html.index('<section class="poll-slot"') : html.index("</section>", html.index("poll-slot"))]

    assert box(anonymous) == box(signed_in)
    assert "csrfmiddlewaretoken" not in box(anonymous)


# Routing (site, pages, alias check, view restrictions) is all that is left on a warm cache.
WARM_ARTICLE_QUERIES = 7


def test_a_warm_article_page_queries_neither_polls_units_nor_the_site_identity(client, make_article, units):
    _poll("Riêng phường Tây Hồ", unit=units["ward_a"], opens=timezone.now() - timedelta(days=1))
    article = make_article(units=[units["ward_a"]])
    _html(client, article)
    _html(client, article)
    with CaptureQueriesContext(connection) as queries:
        html = _html(client, article)
    assert "Riêng phường Tây Hồ" in html
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("surveys_poll", "campaign_site_administrativeunit", "campaign_site_siteidentity"):
        assert table not in tables
    assert len(queries.captured_queries) <= WARM_ARTICLE_QUERIES, [q["sql"][:80] for q in queries]
