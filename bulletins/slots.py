"""The home page box with the current bulletin's headlines (order 20)."""

from campaign_site.slots import Slot

from .selectors import bulletin_headlines, current_bulletin

HOME_ORDER = 20


def home_slots(request, page):
    bulletin = current_bulletin()
    if bulletin is None:
        return []
    return [
        Slot(
            HOME_ORDER,
            "bulletins/slots/current_bulletin.html",
            {"bulletin": bulletin, "headlines": bulletin_headlines(bulletin, limit=7)},
        )
    ]
