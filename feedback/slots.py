"""The "Hỏi đáp" box on the home page (order 50): the latest answers and the on-time share.

The share is computed on every request (one aggregate; it moves as messages are answered and as the
12-month window slides) and is part of the cache key; the rest of the box shows only published
answer pages, so its HTML is cached under `ANSWERS_TOKEN`, replaced whenever a page is saved,
published, unpublished, moved or deleted, or a unit, site or view restriction changes.
"""

import datetime as dt

from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from campaign_site.cache_tokens import CacheToken
from campaign_site.slots import Slot
from feedback import selectors
from feedback.models import FeedbackIndexPage

HOME_ANSWERS = 3
BOX_SCHEMA = 1  # bump when feedback/slots/latest_answers.html changes shape
ANSWERS_TOKEN = CacheToken("feedback:home-answers")


def home_slots(request, page) -> list[Slot]:
    since = timezone.now() - dt.timedelta(days=365)
    share = selectors.on_time_share(since=since)
    host = f"{request.scheme}://{request.get_host()}" if request is not None else ""
    return [
        Slot(
            50,
            "feedback/slots/latest_answers.html",
            {
                "answers": SimpleLazyObject(lambda: selectors.latest_answers(HOME_ANSWERS)),
                "on_time_share": share,
                "index_page": SimpleLazyObject(
                    lambda: FeedbackIndexPage.objects.live().only("id", "url_path", "title").first()
                ),
            },
            cache_key=f"feedback-home:{BOX_SCHEMA}:{ANSWERS_TOKEN.current()}:{share}:{host}:{get_language()}",
        )
    ]


def connect() -> None:
    """Called from FeedbackConfig.ready()."""
    from wagtail.models import PageViewRestriction, Site

    from campaign_site.models import AdministrativeUnit

    ANSWERS_TOKEN.forget_on_page_changes()
    ANSWERS_TOKEN.forget_on_change(AdministrativeUnit, Site, PageViewRestriction)
