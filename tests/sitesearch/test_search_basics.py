"""Site search: accent folding, exact matches first, highlighting, and hostile queries."""

import pytest

from news.models import NewsArticlePage
from sitesearch.query import parse
from sitesearch.relevance import highlight


def _hits(response):
    return [hit.page.title for hit in response.context["results"]]


@pytest.fixture
def reform_articles(make_article):
    make_article("Đẩy mạnh cải cách hành chính ở phường", lead="Tin về cải cách hành chính.")
    make_article("Chuyển đổi số tại Bộ phận Một cửa", lead="Kiosk tra cứu hồ sơ.")


def test_accented_and_unaccented_queries_find_the_same_pages(client, reform_articles):
    found = {}
    for query in ["cải cách hành chính", "cai cach hanh chinh", "CAI CÁCH hanh chính"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        found[query] = set(_hits(response))
    baseline = found["cải cách hành chính"]
    assert "Đẩy mạnh cải cách hành chính ở phường" in baseline
    assert "Chuyển đổi số tại Bộ phận Một cửa" not in baseline
    assert all(titles == baseline for titles in found.values())


def test_search_covers_stories_and_other_page_types(client, make_story, units, reform_articles):
    make_story("Mô hình một cửa thân thiện", unit=units["ward_a"], model_name="Một cửa thân thiện")
    titles = _hits(client.get("/search/", {"q": "mot cua"}))
    assert "Mô hình một cửa thân thiện" in titles
    assert "Chuyển đổi số tại Bộ phận Một cửa" in titles


def test_unpublished_pages_are_not_found(client, make_article):
    make_article("Bí mật cải cách", live=False)
    assert _hits(client.get("/search/", {"q": "bi mat"})) == []


def test_exact_accented_match_ranks_first(client, make_article):
    # "sở" and "số" fold to the same "so": the one typed with its accents must come first.
    make_article("Chuyển đổi số trong ngành", lead="Một bài khác.")
    make_article("Sở Nội vụ hướng dẫn", lead="Một bài nữa.")
    assert _hits(client.get("/search/", {"q": "Sở"}))[0] == "Sở Nội vụ hướng dẫn"
    assert _hits(client.get("/search/", {"q": "số"}))[0] == "Chuyển đổi số trong ngành"


def test_matches_are_highlighted_after_escaping(client, make_article):
    make_article("Cải cách <b>TTHC</b> & một cửa", lead="Nội dung <script>alert(1)</script> cải cách.")
    html = client.get("/search/", {"q": "cai cach"}).content.decode()
    assert "<mark>Cải</mark> <mark>cách</mark> &lt;b&gt;TTHC&lt;/b&gt; &amp; một cửa" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>cải</mark>" in html


def test_highlight_escapes_first():
    assert str(highlight('a<b>"cải"', {"cai"})) == "a&lt;b&gt;&quot;<mark>cải</mark>&quot;"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "a" * 2000,
        "cải " * 500,
        "' OR 1=1; --",
        '"unterminated',
        "NEAR(cai cach) AND NOT *",
        "<script>alert('x')</script>",
        "%_\\",
        "\u0301\u0300\u0303",  # combining accents only
        "́ ̀ ̉",
        "đ",
    ],
)
def test_hostile_queries_return_a_page(client, reform_articles, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert('x')</script>" not in html


@pytest.mark.parametrize("query", ["\x00", "cải cách\x00", "\x00\x00"])
def test_a_nul_character_is_refused_in_vietnamese(client, reform_articles, query):
    """PostgreSQL cannot compare a NUL: the address is refused before any query (a 400, never a 500)."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert "không đọc được" in response.content.decode()


def test_query_is_echoed_escaped(client, db):
    html = client.get("/search/", {"q": '<img src=x onerror="x">'}).content.decode()
    assert '<img src=x onerror="x">' not in html
    assert "&lt;img src=x onerror=&quot;x&quot;&gt;" in html


def test_only_diacritics_asks_for_letters(client, db):
    response = client.get("/search/", {"q": "\u0301\u0300"})
    assert response.context["too_short"] is True


def test_long_query_is_trimmed():
    query = parse("cải cách " * 1000)
    assert len(query.text) <= 200
    assert len(query.folded_words) <= 12


def test_search_results_are_paginated(client, make_article, settings):
    settings.SITESEARCH_PER_PAGE = 2
    for n in range(5):
        make_article(f"Giảm giấy tờ đợt {n}")
    first = client.get("/search/", {"q": "giay to"})
    assert first.context["results"].paginator.count == 5
    assert len(_hits(first)) == 2
    third = client.get("/search/", {"q": "giay to", "page": 3})
    assert len(_hits(third)) == 1
    assert client.get("/search/", {"q": "giay to", "page": "x"}).status_code == 200


def test_index_pages_are_found_without_accents(client, news_index, story_index):
    titles = _hits(client.get("/search/", {"q": "mo hinh dien hinh"}))
    assert titles == ["Mô hình điển hình"]


def test_title_matches_rank_above_body_matches(client, make_article):
    make_article("Tin mới về hồ sơ", lead="Hướng dẫn nộp thuế điện tử cho hộ kinh doanh.")
    older = make_article("Thuế điện tử cho hộ kinh doanh", lead="Tin cũ.")
    NewsArticlePage.objects.filter(pk=older.pk).update(first_published_at="2020-01-01T00:00:00Z")
    titles = _hits(client.get("/search/", {"q": "thue dien tu"}))
    assert titles[0] == "Thuế điện tử cho hộ kinh doanh"
    assert "Tin mới về hồ sơ" in titles
