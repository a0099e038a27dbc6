"""Search fixtures: the news fixtures (articles, stories, the glossary) and a searcher."""

import pytest

from tests.bulletins.conftest import bulletin_index, sections  # noqa: F401
from tests.documents.conftest import make_document, register  # noqa: F401
from tests.news.conftest import categories, glossary, make_article, make_story, news_index, story_index  # noqa: F401


def titles(response) -> list[str]:
    return [hit.page.title for hit in response.context["results"]]


@pytest.fixture
def search(client):
    """search("q", **params) -> the titles listed on the first page."""

    def _search(query, **params):
        response = client.get("/search/", {"q": query, **params})
        assert response.status_code == 200
        return titles(response)

    return _search
