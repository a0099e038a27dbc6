"""The "Thủ tục liên quan" box in the sidebar of pages that name procedures (documents.links)."""

from campaign_site.slots import Slot
from documents import selectors

ORDER = 5  # above the poll box: it is about this very page


def sidebar_slots(request, page) -> list[Slot]:
    procedures = selectors.procedures_of(page)
    if not procedures:
        return []
    return [Slot(order=ORDER, template="documents/slots/procedures.html", context={"procedures": procedures})]
