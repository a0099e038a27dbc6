"""Query counts do not grow with content: the same upper bound with 5 and with 50 articles."""

import pytest
from django.core.cache import cache

from news.bulk import create_bulk_articles

# Upper bounds for one uncached request (the page cache, when added, only lowers them).
ARTICLE_PAGE_MAX = 28
INDEX_PAGE_MAX = 20
HOME_PAGE_MAX = 40  # other apps add their own home slots


@pytest.fixture
def content(news_index, story_index, make_article, make_story, make_image, units, glossary):
    """Hand-made articles with images, tags and units, plus bulk ones to reach the wanted total."""

    def _build(total: int):
        image = make_image()
        for n in range(3):
            make_article(
                f"Tin có ảnh {n}",
                lead_image=image,
                lead_image_alt="Ảnh minh hoạ",
                units=[units["ward_a"], units["ward_b"]],
                tags=["một cửa", f"thẻ {n}"],
            )
        make_story(unit=units["ward_a"], lead_image=image, lead_image_alt="Ảnh", featured=True)
        create_bulk_articles(index=news_index, count=total - 3)
        cache.clear()
        return make_article("Bài đang đọc", units=[units["ward_a"]], tags=["một cửa"])

    return _build


@pytest.mark.parametrize("total", [5, 50])
def test_article_page_queries_are_bounded(client, content, total, django_assert_max_num_queries):
    article = content(total)
    client.get(article.url)  # warm the glossary cache, renditions and QR code once
    with django_assert_max_num_queries(ARTICLE_PAGE_MAX):
        assert client.get(article.url).status_code == 200


@pytest.mark.parametrize("total", [5, 50])
def test_news_index_queries_are_bounded(client, content, news_index, total, django_assert_max_num_queries):
    content(total)
    client.get(news_index.url)
    with django_assert_max_num_queries(INDEX_PAGE_MAX):
        response = client.get(news_index.url)
    assert response.status_code == 200
    assert len(response.context["articles"]) == min(total + 1, 12)


@pytest.mark.parametrize("total", [5, 50])
def test_home_page_queries_are_bounded(client, content, home, total, django_assert_max_num_queries):
    content(total)
    client.get("/")
    with django_assert_max_num_queries(HOME_PAGE_MAX):
        response = client.get("/")
    assert response.status_code == 200
    assert "Tin cải cách mới nhất" in response.content.decode()
