"""What the news app puts on the home page: latest news (order 10) and model stories (order 40).

Both boxes show only pages (and their categories and images), so their HTML is cached under the
news render token (news/fragments.py), which any publication, move or edit of what they show
replaces; their querysets are lazy and run only when the cached HTML is missing.
"""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from campaign_site.slots import Slot

from . import selectors
from .fragments import FRAGMENT_SCHEMA, render_token
from .models import ModelStoryIndexPage, NewsIndexPage

HOME_ARTICLES = 6
HOME_STORIES = 3


def _index(model):
    return SimpleLazyObject(lambda: model.objects.live().only("id", "url_path", "title").order_by("pk").first())


def home_cache_key(request) -> str:
    """The key of both boxes: the render token, the host their links are relative to, the language."""
    host = f"{request.scheme}://{request.get_host()}" if request is not None else ""
    return f"news-home:{FRAGMENT_SCHEMA}:{render_token()}:{host}:{get_language()}"


def home_slots(request, page):
    key = home_cache_key(request)
    return [
        Slot(
            10,
            "news/slots/latest_news.html",
            {
                "articles": SimpleLazyObject(lambda: list(selectors.latest_articles(limit=HOME_ARTICLES))),
                "index_page": _index(NewsIndexPage),
            },
            cache_key=key,
        ),
        Slot(
            40,  # renders nothing while there is no story
            "news/slots/featured_stories.html",
            {
                "stories": SimpleLazyObject(lambda: selectors.featured_stories(limit=HOME_STORIES)),
                "index_page": _index(ModelStoryIndexPage),
            },
            cache_key=key,
        ),
    ]
