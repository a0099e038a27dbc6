"""The fast paths of the results page give what the slow ones give: the title score read with the
stored folded titles (SQLite) equals the Python one, with or without a current TitleEntry; the
counts that come with the ranking query equal the counts of the filtered path; and without filters
the engine matches once per page. Runs on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from news.bulk import create_bulk_articles
from news.models import NewsArticlePage
from sitesearch import engine, ranking
from sitesearch.models import TitleEntry
from sitesearch.query import parse


def _age(page, days_ago):
    Page.objects.filter(pk=page.pk).update(first_published_at=timezone.now() - dt.timedelta(days=days_ago, hours=1))


TITLES = [
    "Đẩy mạnh cải cách hành chính",
    "ĐẨY MẠNH CẢI CÁCH HÀNH CHÍNH",
    "Cái cách làm mới",
    "Cách làm cải tiến",
    "Cải, cách",
    "Cải cáchxyz",
    "Cải tiến",
    "Tỉnh ủy Ứng Hòa",
    "Sở  Nội vụ",
    "Hướng dẫn (mới)",
    "Tin tổng hợp",
]
QUERIES = ["cải cách", "Cải Cách", "cai cach", "cach cai", "UNG HOA", "so noi", "dẫn mới", "tthc", "hanh"]


@pytest.mark.parametrize("entry", ["current", "stale", "missing"])
def test_the_database_score_is_the_python_one_whatever_the_title_entry(make_article, entry):
    pages = []
    for n, title in enumerate(TITLES):
        page = make_article(title)  # published: its TitleEntry holds the title
        pages.append(page)
        if entry == "stale":  # renamed without publishing: the entry holds another title's words
            Page.objects.filter(pk=page.pk).update(title=TITLES[(n + 1) % len(TITLES)] + " ")
            get_search_backend().add(NewsArticlePage.objects.get(pk=page.pk))
        elif entry == "missing":
            TitleEntry.objects.filter(page=page).delete()
    assert TitleEntry.objects.filter(page__in=pages).count() == (len(TITLES) if entry != "missing" else 0)
    for query in QUERIES:
        parsed = parse(query)
        phrase, terms = " ".join(parsed.typed_words), list(parsed.folded_words)
        expression = ranking.title_score_expression(phrase, " ".join(terms), terms)
        scores = dict(
            Page.objects.filter(pk__in=[p.pk for p in pages]).annotate(s=expression).values_list("title", "s")
        )
        expected = {title: ranking._title_score(title, phrase, " ".join(terms), terms) for title in scores}
        assert scores == expected, query


def _keys():
    return [kind.key for kind in engine.search_kinds()]


def _keyed(kinds):
    return [(kind.key, n) for kind, n in kinds]


def _search(query, **filters):
    return engine.Search(parse(query), engine.Filters(**filters))


@pytest.fixture
def dated_matches(make_article, news_index):
    """Matches in each date range, of two kinds (articles and the news index)."""
    for n, days in enumerate([1, 3, 10, 20, 40, 100, 400, 800]):
        _age(make_article(f"Giảm giấy tờ đợt {n}", lead="Tin."), days)
    _age(make_article("Tin khác", lead="Không liên quan."), 2)


def test_counts_with_the_ranking_are_the_filtered_counts(dated_matches, settings):
    for bound in (1000, 3):
        settings.SITESEARCH_COUNT_BOUND = bound
        fast = _search("giay to").counts()
        slow = _search("giay to")
        total, per_kind, ranges = slow._filtered_counts(engine.search_kinds())
        if total <= bound:  # beyond the bound the filtered path counts only the first bound + 1
            assert _keyed(fast.kinds) == list(zip(_keys(), per_kind, strict=True))
            assert fast.ranges == list(zip(engine.DATE_RANGES, ranges, strict=True))
        assert fast.total == min(total, bound)
        assert fast.more == (total > bound)
    settings.SITESEARCH_COUNT_BOUND = 1000
    counts = _search("giay to").counts()
    assert counts.total == 8 and not counts.more
    assert dict(counts.ranges) == {"7-ngay": 2, "30-ngay": 4, "12-thang": 6}
    # The same figures as the filtered path gives with a filter that keeps everything.
    newest = _search("giay to", sort=engine.SORT_NEWEST).counts()
    assert (newest.total, _keyed(newest.kinds), newest.ranges) == (counts.total, _keyed(counts.kinds), counts.ranges)
    assert dict(_keyed(counts.kinds))["tin"] == 8


def test_no_matches_counts_zero(dated_matches):
    counts = _search("khong co tu nay").counts()
    assert counts.total == 0 and not counts.more
    assert all(n == 0 for _, n in counts.kinds) and all(n == 0 for _, n in counts.ranges)


def _engine_queries(client, params) -> int:
    marker = "@@" if connection.vendor == "postgresql" else " MATCH "
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/", params).status_code == 200
    return sum(marker in query["sql"] for query in queries.captured_queries)


def test_without_filters_the_engine_matches_once(client, news_index, settings):
    settings.SITESEARCH_PER_PAGE = 12
    create_bulk_articles(index=news_index, count=80, batch_size=1000)
    assert _engine_queries(client, {"q": "phuong xa"}) == 1  # counts and the top, in one query
    assert _engine_queries(client, {"q": "phuong xa", "page": 6}) == 2  # and the page after the window
    # A date filter: each count on its own (bounded), and the top.
    each = 2 + len(engine.search_kinds()) + len(engine.DATE_RANGES)
    assert _engine_queries(client, {"q": "phuong xa", "thoi-gian": "7-ngay"}) == each
    # A type filter: PostgreSQL's walk reads these 80 pages once for everything (newest.py).
    by_type = 1 if connection.vendor == "postgresql" else each
    assert _engine_queries(client, {"q": "phuong xa", "loai": "tin"}) == by_type
