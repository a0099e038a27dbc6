"""Site search over every match: ranking in the database, pagination to the oldest match, what is
never listed, and a query count that does not grow with the matches. Runs on SQLite and PostgreSQL."""

import datetime as dt
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from news.bulk import create_bulk_articles
from news.models import NewsArticlePage
from sitesearch import engine as search
from sitesearch import ranking
from sitesearch.query import parse

OLD = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)


def _titles(response):
    return [hit.page.title for hit in response.context["results"]]


def _all_titles(client, query):
    """Every title listed for `query`, page after page, as a reader following the pagination would."""
    first = client.get("/search/", {"q": query})
    titles = _titles(first)
    for number in range(2, first.context["results"].paginator.num_pages + 1):
        titles += _titles(client.get("/search/", {"q": query, "page": number}))
    return titles


def _age(page, days_ago):
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) - dt.timedelta(days=days_ago)
    Page.objects.filter(pk=page.pk).update(first_published_at=when)


@pytest.fixture
def many_newer_matches(news_index, make_article):
    """An old article whose only match is its lead, behind 2,001 newer matching articles
    (bulk titles read "Phường, xã … (bài số n)")."""
    old = make_article("Tin lưu trữ", lead="Phường xã năm xưa.")
    Page.objects.filter(pk=old.pk).update(first_published_at=OLD)
    create_bulk_articles(index=news_index, count=2001, batch_size=1000)
    return old


def test_a_match_older_than_2000_newer_matches_is_listed_and_reachable(
    client, many_newer_matches, make_article, settings
):
    settings.SITESEARCH_COUNT_BOUND = 5000  # counted exactly up to here
    first = client.get("/search/", {"q": "phuong xa"})
    paginator = first.context["results"].paginator
    assert paginator.count == 2002
    last = client.get("/search/", {"q": "phuong xa", "page": paginator.num_pages})
    assert _titles(last)[-1] == "Tin lưu trữ"  # title score 0 and the oldest: the very last
    # a page number past the end shows the last page
    assert _titles(client.get("/search/", {"q": "phuong xa", "page": 10_000}))[-1] == "Tin lưu trữ"

    # Ranking covers every match: an old title with the phrase as typed (score 3) outranks the
    # 2,001 newer titles that only have both words (score 1).
    old_title = make_article("Năm xưa của phường xã", lead="Một bài cũ.")
    Page.objects.filter(pk=old_title.pk).update(first_published_at=OLD)
    # (the re-ranked window then orders it among the other exact matches by date)
    settings.SITESEARCH_PER_PAGE = 50
    assert "Năm xưa của phường xã" in _titles(client.get("/search/", {"q": "phường xã"}))


@pytest.fixture
def graded(make_article):
    """Titles at each score for the query "cải cách", the best ones oldest; no lead contains the
    query as typed (which would lift it to the top window's front)."""
    pages = {
        "typed": make_article("Đẩy mạnh cải cách ở phường", lead="Không dấu: cai cach."),
        "typed_newer": make_article("CẢI CÁCH thủ tục", lead="Không dấu: cai cach."),
        "folded": make_article("Cái cách làm mới", lead="Không dấu: cai cach."),
        "words": make_article("Cách làm cải tiến", lead="Không dấu: cai cach."),
        "body": make_article("Tin tổng hợp", lead="Không dấu: cai cach."),
        "body_newer": make_article("Tin tổng hợp mới", lead="Không dấu: cai cach."),
    }
    ages = {"typed": 50, "typed_newer": 40, "folded": 30, "words": 20, "body": 10, "body_newer": 5}
    for key, days in ages.items():
        _age(pages[key], days)
    return pages


GRADED_ORDER = [
    "Cải cách hành chính",  # the home page: the query as typed in its title, and the newest
    "Tin cải cách",  # the news index
    "CẢI CÁCH thủ tục",
    "Đẩy mạnh cải cách ở phường",
    "Cái cách làm mới",
    "Cách làm cải tiến",
    "Tin tổng hợp mới",
    "Tin tổng hợp",
]


def _date_the_indexes():
    Page.objects.filter(title="Cải cách hành chính").update(first_published_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    Page.objects.filter(title="Tin cải cách").update(first_published_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))


def test_ranking_in_the_database(client, graded, monkeypatch, settings):
    # No re-ranked window: the order is the database's alone, on every page.
    monkeypatch.setattr(search, "RERANK_WINDOW", 0)
    settings.SITESEARCH_PER_PAGE = 2
    _date_the_indexes()
    assert _all_titles(client, "cải cách") == GRADED_ORDER


def test_ranking_across_the_window_edge(client, graded, monkeypatch, settings):
    _date_the_indexes()
    for window in (1, 2, 3, 5):
        for per_page in (1, 2, 3, 10):
            monkeypatch.setattr(search, "RERANK_WINDOW", window)
            settings.SITESEARCH_PER_PAGE = per_page
            assert _all_titles(client, "cải cách") == GRADED_ORDER, (window, per_page)


def test_exact_lead_match_comes_first_in_the_top_window(client, graded, make_article):
    lead_match = make_article("Tin tổng hợp cũ", lead="Về cải cách hành chính ở phường.")
    _age(lead_match, 100)
    _date_the_indexes()
    titles = _all_titles(client, "cải cách")
    # The exact group first (every word as typed): the titles with the phrase, the lead with the
    # phrase, the title with both words apart; then the folded matches by relevance, then date.
    assert titles == GRADED_ORDER[:4] + ["Tin tổng hợp cũ", "Cách làm cải tiến", "Cái cách làm mới"] + GRADED_ORDER[6:]


@pytest.mark.parametrize(
    "title, query, score",
    [
        ("Đẩy mạnh cải cách hành chính", "cải cách", 3),
        ("ĐẨY MẠNH CẢI CÁCH HÀNH CHÍNH", "Cải Cách", 3),
        (unicodedata.normalize("NFD", "Cải cách"), "cai cach", 2),
        ("Cái cách làm mới", "cải cách", 2),
        ("Đường Điện Biên Phủ", "duong dien", 2),
        ("Cách làm cải tiến", "cải cách", 1),
        ("Cải, cách", "cải cách", 1),
        ("Cải cách-hành chính", "hanh cai", 1),
        ("Cải tiến", "cải cách", 0),
        ("Cải cáchxyz", "cai cach", 2),  # the folded phrase is a substring, as in Python
        ("Cải cáchxyz", "cach cai", 0),  # but each word must be a whole word
        ("Tỉnh ủy Ứng Hòa", "UNG HOA", 2),
        ("50% hồ sơ_trực tuyến", "50 ho", 1),
        ("Hướng dẫn", "dẫn ng", 0),  # "ng" is not a word of it, whatever the database's locale
        ("Hướng dẫn (mới)", "dẫn (mới", 3),  # punctuation typed is matched literally
        ("Hướng dẫn mới", "dẫn (mới", 2),
        ("Dẫn xmới", "dẫn .mới", 0),
        ("Hướng dẫn.*", "dan .*", 2),
        ("Hướng dẫn", "dan .*", 2),  # the query's punctuation is not a pattern either
        ("Sở  Nội vụ", "so noi", 2),  # whitespace folds to one space
    ],
)
def test_database_title_score_is_the_python_one(make_article, title, query, score):
    page = make_article("Bài tạm")
    Page.objects.filter(pk=page.pk).update(title=title)
    get_search_backend().add(NewsArticlePage.objects.get(pk=page.pk))  # PostgreSQL reads the indexed title
    parsed = parse(query)
    text, terms = parsed.text, list(parsed.folded_words)
    assert ranking._title_score(title, text.casefold(), " ".join(terms), terms) == score
    expression = ranking.title_score_expression(text.casefold(), " ".join(terms), terms)
    assert Page.objects.filter(pk=page.pk).annotate(score=expression).get().score == score


def test_unpublished_and_private_pages_are_never_listed(client, news_index, make_article, monkeypatch, settings):
    monkeypatch.setattr(search, "RERANK_WINDOW", 2)  # the later pages come from the database alone
    settings.SITESEARCH_PER_PAGE = 2
    for n in range(4):
        make_article(f"Hồ sơ công khai {n}")
    withdrawn = make_article("Hồ sơ rút lại")
    NewsArticlePage.objects.get(pk=withdrawn.pk).unpublish()  # published once: its index entry remains
    make_article("Hồ sơ nháp", live=False)
    private = make_article("Hồ sơ nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    hidden_index = news_index.get_parent().add_child(
        instance=type(news_index)(title="Chuyên mục riêng", slug="chuyen-muc-rieng")
    )
    hidden_index.save_revision().publish()
    PageViewRestriction.objects.create(page=hidden_index, restriction_type=PageViewRestriction.PASSWORD, password="x")
    make_article("Hồ sơ trong mục riêng", parent=hidden_index)
    for title in ["Hồ sơ công khai 0", "Hồ sơ rút lại", "Hồ sơ nội bộ", "Hồ sơ trong mục riêng"]:
        _age(Page.objects.get(title=title), 1)  # the hidden ones are no newer than the listed one

    titles = _all_titles(client, "ho so")
    assert sorted(titles) == [f"Hồ sơ công khai {n}" for n in range(4)]
    assert client.get("/search/", {"q": "ho so"}).context["results"].paginator.count == 4


def _queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return len(queries)


def _cost(client, page):
    return _queries(client, {"q": "phuong xa", "page": page})


def test_query_count_does_not_grow_with_the_matches(client, news_index, make_article, settings):
    settings.SITESEARCH_PER_PAGE = 12  # page 5 (48-60) straddles the 50-match window
    make_article("Phường xã mẫu")  # a page with its revisions, as editors make them
    create_bulk_articles(index=news_index, count=80, batch_size=1000)
    _cost(client, 1)  # warm the per-process caches (site, content types)
    few = {"first": _cost(client, 1), "straddling": _cost(client, 5), "after the window": _cost(client, 6)}
    create_bulk_articles(index=news_index, count=400, batch_size=1000)
    _cost(client, 1)
    many = {"first": _cost(client, 1), "straddling": _cost(client, 5), "after the window": _cost(client, 6)}
    assert many == few
    last = client.get("/search/", {"q": "phuong xa"}).context["results"].paginator.num_pages
    assert last == 41  # 481 matches
    assert _cost(client, last) <= few["after the window"]
