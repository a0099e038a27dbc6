"""The "Thủ tục liên quan" box in the sidebar of pages that name procedures (documents.links).

A warm article page runs no query for it: the procedures a page names are kept in Django's cache
under the page's revision stamp and a token that any change of a procedure retires
(documents/signal_handlers.py). Previews and unsaved pages are read live.
"""

from django.core.cache import cache

from campaign_site.cache_tokens import CacheToken
from campaign_site.slots import Slot
from documents import selectors

ORDER = 5  # above the poll box: it is about this very page
BOX_SECONDS = 60 * 60
PROCEDURES_TOKEN = CacheToken("documents:procedures-box")


def _procedures(request, page) -> list:
    if getattr(request, "is_preview", False) or getattr(page, "pk", None) is None:
        return selectors.procedures_of(page)
    stamp = (page.live_revision_id, page.latest_revision_id, page.last_published_at)
    key = f"documents:procedures:{PROCEDURES_TOKEN.current()}:{page.pk}"
    cached = cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    procedures = selectors.procedures_of(page)
    cache.set(key, (stamp, procedures), BOX_SECONDS)
    return procedures


def sidebar_slots(request, page) -> list[Slot]:
    procedures = _procedures(request, page)
    if not procedures:
        return []
    return [Slot(order=ORDER, template="documents/slots/procedures.html", context={"procedures": procedures})]
