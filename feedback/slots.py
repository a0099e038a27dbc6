"""The "Hỏi đáp" box on the home page (order 50): the latest answers and the on-time share."""

import datetime as dt

from django.utils import timezone

from campaign_site.slots import Slot
from feedback import selectors
from feedback.models import FeedbackIndexPage

HOME_ANSWERS = 3


def home_slots(request, page) -> list[Slot]:
    since = timezone.now() - dt.timedelta(days=365)
    return [
        Slot(
            50,
            "feedback/slots/latest_answers.html",
            {
                "answers": selectors.latest_answers(HOME_ANSWERS),
                "on_time_share": selectors.on_time_share(since=since),
                "index_page": FeedbackIndexPage.objects.live().only("id", "url_path", "title").first(),
            },
        )
    ]
