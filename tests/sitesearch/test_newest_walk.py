"""The newest-matches walk (PostgreSQL, sitesearch/newest.py) gives what reading every match gives:
the same top window (same pages, same order as the database's order by title score, date and id),
the same counts up to the bound, the same first pages sorted by date. The walk is made to stop early
(small steps, a small bound and window) so that the older, better titles must be found through the
trigram conditions. On SQLite the search reads every match: the same assertions hold trivially."""

import datetime as dt
import unicodedata

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from news.models import NewsArticlePage
from sitesearch import conf, engine, newest
from sitesearch.models import TitleEntry
from sitesearch.query import parse

ON_POSTGRES = connection.vendor == "postgresql"

# (title, lead, days ago): the better titles are the older ones.
PAGES = [
    ("Đẩy mạnh cải cách hành chính", "Tin.", 900),  # 3 for "cải cách"
    ("CẢI CÁCH thủ tục", "Tin.", 800),  # 3 (any case)
    ("Cải cáchxyz mới", "Tin.", 850),  # 3 (a substring, as the score has it)
    (unicodedata.normalize("NFD", "Bàn về cải cách"), "Tin.", 700),  # 2 (decomposed accents)
    ("Cái cách làm mới", "Tin.", 600),  # 2 (folded phrase)
    ("Sở  Nội vụ: cai  cach", "Tin.", 650),  # 2 (spaces fold to one)
    ("Cách làm cải tiến", "Tin.", 500),  # 1 (every word, apart)
    ("Cải, cách", "Tin.", 550),  # 1
    ("Về TTHC ở phường", "Cải cách thủ tục hành chính.", 400),  # 1 for "tthc"; body for "cải cách"
    ("Thủ tục hành chính một cửa", "Cải cách.", 450),
    ("Cải cách thuế", "Tin.", 300),  # excluded by "-thue"
    ("Tin tổng hợp cải tiến", "Về thuế và cải cách.", 30),
]
BODY_ONLY = 24  # newest: score 0, matched by their lead


@pytest.fixture
def graded_site(make_article, glossary):
    now = timezone.now()
    for title, lead, days in PAGES:
        page = make_article(title, lead=lead)
        Page.objects.filter(pk=page.pk).update(first_published_at=now - dt.timedelta(days=days, hours=1))
    for n in range(BODY_ONLY):
        page = make_article(f"Tin tổng hợp số {n}", lead="Cải cách thủ tục hành chính, TTHC, ở phường.")
        Page.objects.filter(pk=page.pk).update(first_published_at=now - dt.timedelta(hours=n + 2))
    undated = make_article("Tin chưa có ngày", lead="Cải cách hành chính.")
    Page.objects.filter(pk=undated.pk).update(first_published_at=None)
    twin = make_article("Tin tổng hợp số 3 (bản sao)", lead="Cải cách thủ tục hành chính.")
    same_time = Page.objects.get(title="Tin tổng hợp số 3").first_published_at
    Page.objects.filter(pk=twin.pk).update(first_published_at=same_time)  # a tie: id decides


@pytest.fixture
def small_steps(monkeypatch, settings):
    """A walk that stops after a few pages: small steps, bound and window."""
    monkeypatch.setattr(newest, "FIRST_STEP", 6)
    monkeypatch.setattr(newest, "MAX_WALK", 30)
    settings.SITESEARCH_COUNT_BOUND = 4


QUERIES = ["cải cách", "Cải Cách", "cai cach", "cach cai", "tthc", "thu tuc hanh chinh", "cải cách -thue"]


def _full_order(search, size):
    """The order the search used before the walk: every match ordered by the database."""
    return list(search._ordered.values_list("id", flat=True)[:size])


@pytest.mark.parametrize("titles", ["current", "missing", "stale"])
def test_the_top_window_is_the_full_orders_top(graded_site, small_steps, monkeypatch, titles):
    if titles == "missing":  # a bulk import before rebuild_search_vocabulary
        TitleEntry.objects.all().delete()
    elif titles == "stale":  # suggestion titles out of date: search must not read them
        TitleEntry.objects.update(title="Khác", folded="khac")
    walked_early = 0
    for window in (1, 3, 5, 8):
        monkeypatch.setattr(engine, "RERANK_WINDOW", window)
        for text in QUERIES:
            search = engine.Search(parse(text), engine.Filters())
            walk = search.walked()
            assert (walk is not None) == ON_POSTGRES, text
            ids = newest.top(walk, search, window) if walk is not None else _full_order(search, window)
            assert ids == _full_order(search, window), (text, window)
            assert set(search.window()) == set(ids)
            walked_early += bool(walk is not None and not walk.complete)
    if ON_POSTGRES:
        assert walked_early >= 20  # the early stop, and so the trigram conditions, were exercised


def test_an_old_title_renamed_without_publishing_is_ranked_by_its_indexed_title(graded_site, small_steps, monkeypatch):
    """The score reads the indexed title: so does the walk, whatever TitleEntry says."""
    monkeypatch.setattr(engine, "RERANK_WINDOW", 3)
    old = NewsArticlePage.objects.get(title="Cách làm cải tiến")
    Page.objects.filter(pk=old.pk).update(title="Cải cách được đổi tên")  # in the index only after add()
    get_search_backend().add(NewsArticlePage.objects.get(pk=old.pk))
    search = engine.Search(parse("cải cách được"), engine.Filters())
    walk = search.walked()
    ids = newest.top(walk, search, 3) if walk is not None else _full_order(search, 3)
    assert ids == _full_order(search, 3)
    assert ids[0] == old.pk


def _exact_counts(search):
    """Every count by reading every match, capped at the bound as shown."""
    filters, bound = search.filters, conf.count_bound()
    kind_q = {"content_type_id__in": filters.kind.content_type_ids()} if filters.kind else {}
    total = search.matches.filter(filters.date_q(), **kind_q).count()
    kinds = [
        (kind.key, search.matches.filter(filters.date_q(), content_type_id__in=kind.content_type_ids()).count())
        for kind in engine.search_kinds()
    ]
    now = timezone.now()
    ranges = [
        (key, search.matches.filter(first_published_at__gte=now - dt.timedelta(days=days), **kind_q).count())
        for key, days in engine.DATE_RANGES.items()
    ]
    return (
        (min(total, bound), total > bound),
        [(key, min(n, bound), n > bound) for key, n in kinds],
        [(key, min(n, bound), n > bound) for key, n in ranges],
    )


def _shown_counts(counts):
    return (
        (counts.total, counts.more),
        [(kind.key, n, kind.key in counts.more_kinds) for kind, n in counts.kinds],
        [(key, n, key in counts.more_ranges) for key, n in counts.ranges],
    )


@pytest.mark.parametrize("window", [3, 50])  # 50: more than match, so the walk gives up (PostgreSQL)
@pytest.mark.parametrize("bound", [2, 4, 1000])
def test_counts_are_exact_up_to_the_bound(graded_site, small_steps, settings, monkeypatch, bound, window):
    settings.SITESEARCH_COUNT_BOUND = bound
    monkeypatch.setattr(engine, "RERANK_WINDOW", window)
    news = engine.kind_by_key("tin")
    for text in ["cải cách", "tthc", "cải cách -thue", "khong co tu nay"]:
        for filters in (
            engine.Filters(),
            engine.Filters(kind=news),
            engine.Filters(since="30-ngay"),
            engine.Filters(sort=engine.SORT_NEWEST),
        ):
            search = engine.Search(parse(text), filters)
            assert _shown_counts(search.counts()) == _exact_counts(search), (text, filters)


def test_sorted_by_date_the_first_pages_are_the_walked_matches(graded_site, small_steps):
    for text in ["cải cách", "tthc"]:
        search = engine.Search(parse(text), engine.Filters(sort=engine.SORT_NEWEST))
        everything = list(search._ordered.values_list("id", flat=True))
        assert len(everything) > 10
        for start, stop in [(0, 2), (0, 5), (2, 4), (4, 8), (0, None)]:
            assert search[start:stop] == everything[start:stop], (text, start, stop)


def test_filter_counts_at_the_bound_read_1000_plus(client, graded_site, settings):
    settings.SITESEARCH_COUNT_BOUND = 3
    html = client.get("/search/", {"q": "cai cach"}).content.decode()
    assert "Hơn 3 kết quả" in html
    assert "(3+)" in html  # the news type: more than the bound
    settings.SITESEARCH_COUNT_BOUND = 1000
    html = client.get("/search/", {"q": "cai cach"}).content.decode()
    assert "+)" not in html


def test_the_migrations_fold_function_is_the_current_folding_table():
    """Migration 0003 keeps the SQL it ran; a change of the folding table (ranking.py) must come with
    a migration that replaces `sitesearch_fold` and rebuilds its index, or search would rank by two
    foldings."""
    import importlib

    from sitesearch.title_candidates import fold_function_sql

    migration = importlib.import_module("sitesearch.migrations.0003_newest_walk_indexes")
    assert fold_function_sql() == migration.FOLD_FUNCTION_SQL, "the folding table changed: add a migration"


@pytest.mark.skipif(not ON_POSTGRES, reason="the SQL copy of the folding table exists on PostgreSQL only")
def test_the_sql_fold_is_the_python_fold_of_every_letter_it_knows(db):
    from sitesearch.ranking import _FAST_FOLD, fast_fold

    letters = "".join(chr(code) for code in _FAST_FOLD if _FAST_FOLD[code])
    samples = ["Sở  Nội\tvụ", unicodedata.normalize("NFD", "Cải cách Đường"), "Hướng dẫn (mới) 50%"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT sitesearch_fold(%s)", [letters])
        assert cursor.fetchone()[0] == "".join(fast_fold(letter) for letter in letters)
        for text in samples:
            cursor.execute("SELECT sitesearch_fold(%s)", [text])
            assert cursor.fetchone()[0] == fast_fold(text)


@pytest.mark.skipif(not ON_POSTGRES, reason="the walk runs on PostgreSQL only")
def test_the_walks_planner_settings_end_with_its_queries(graded_site, small_steps, monkeypatch):
    """The test itself runs in a transaction, as a caller's atomic block would: the settings the
    walk's queries need must not outlive them there."""

    def current():
        with connection.cursor() as cursor:
            values = []
            for name, _value in newest.PLANNER_SETTINGS:
                cursor.execute(f"SHOW {name}")
                values.append(cursor.fetchone()[0])
            return values

    before = current()
    assert before != [value for _name, value in newest.PLANNER_SETTINGS]
    monkeypatch.setattr(engine, "RERANK_WINDOW", 3)
    search = engine.Search(parse("cải cách"), engine.Filters())
    assert search.walked() is not None
    search.window()
    assert current() == before
