"""What the news app puts on the home page: latest news (order 10) and model stories (order 40)."""

from campaign_site.slots import Slot

from . import selectors
from .models import ModelStoryIndexPage, NewsIndexPage

HOME_ARTICLES = 6
HOME_STORIES = 3


def home_slots(request, page):
    slots = [
        Slot(
            10,
            "news/slots/latest_news.html",
            {
                "articles": list(selectors.latest_articles(limit=HOME_ARTICLES)),
                "index_page": NewsIndexPage.objects.live().only("id", "url_path", "title").order_by("pk").first(),
            },
        )
    ]
    stories = selectors.featured_stories(limit=HOME_STORIES)
    if stories:
        slots.append(
            Slot(
                40,
                "news/slots/featured_stories.html",
                {
                    "stories": stories,
                    "index_page": ModelStoryIndexPage.objects.live()
                    .only("id", "url_path", "title")
                    .order_by("pk")
                    .first(),
                },
            )
        )
    return slots
