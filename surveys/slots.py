"""The "Bình chọn" box on the home page (order 30) and beside articles."""

from campaign_site.slots import Slot
from surveys.selectors import active_poll, poll_box_context

TEMPLATE = "surveys/slots/poll_box.html"


def _page_unit(page):
    unit = getattr(page, "unit", None)
    if unit is None and hasattr(page, "units"):
        unit = page.units.first()
    return unit


def home_slots(request, page):
    poll = active_poll()
    return [Slot(30, TEMPLATE, {"box": poll_box_context(poll, place="home"), "place": "home"})] if poll else []


def sidebar_slots(request, page):
    poll = active_poll(unit=_page_unit(page) if page is not None else None)
    return [Slot(30, TEMPLATE, {"box": poll_box_context(poll, place="side"), "place": "side"})] if poll else []
