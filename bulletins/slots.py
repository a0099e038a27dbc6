"""The home page box with the current bulletin's headlines (order 20).

Its HTML is cached by the home page (`Slot.cache_key`, campaign_site/slots.py) under a token replaced
whenever what it shows can change — a page published, unpublished, moved, renamed, saved live or
deleted (the bulletin, or a page above it that makes its address), a press item, a section or a site
saved or deleted — and under today's date, because the newest bulletin dated on or before today is
the current one: tomorrow's bulletin, published today, appears at midnight. Its queries are lazy and
run only when the cached HTML is missing.
"""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from campaign_site.cache_tokens import CacheToken
from campaign_site.slots import Slot

from .selectors import bulletin_headlines, current_bulletin

HOME_ORDER = 20
HOME_HEADLINES = 7
HOME_BOX_SCHEMA = 1
HOME_BOX_TOKEN = CacheToken("bulletins:home-box")


def home_box_key(request) -> str:
    host = f"{request.scheme}://{request.get_host()}" if request is not None else ""
    token = HOME_BOX_TOKEN.current()
    return f"bulletins-home:{HOME_BOX_SCHEMA}:{token}:{timezone.localdate().isoformat()}:{host}:{get_language()}"


def _box() -> dict:
    bulletin = current_bulletin()
    return {"bulletin": bulletin, "headlines": bulletin_headlines(bulletin, limit=HOME_HEADLINES)}


def home_slots(request, page):
    box = SimpleLazyObject(_box)
    return [
        Slot(
            HOME_ORDER,  # renders nothing while there is no bulletin
            "bulletins/slots/current_bulletin.html",
            {
                "bulletin": SimpleLazyObject(lambda: box["bulletin"]),
                "headlines": SimpleLazyObject(lambda: box["headlines"]),
            },
            cache_key=home_box_key(request),
        )
    ]


# --- what replaces the token -----------------------------------------------------------------------


def connect() -> None:
    """Called from BulletinsConfig.ready()."""
    from wagtail.models import Site

    from .models import BulletinItem, BulletinSection

    HOME_BOX_TOKEN.forget_on_page_changes()
    HOME_BOX_TOKEN.forget_on_change(BulletinItem, BulletinSection, Site)
