"""Signal handlers of the surveys app, connected by SurveysConfig.ready(): they keep the cached
poll box honest (see poll_box_cache.py)."""

from campaign_site.cache_tokens import connect_page_changes
from campaign_site.models import AdministrativeUnit
from surveys.models import Poll, PollChoice
from surveys.poll_box_cache import BOX_TOKEN, forget_page_poll


def on_page_saved_or_deleted(sender, instance, **kwargs):
    if instance.pk is not None:
        forget_page_poll(instance.pk)


def connect() -> None:
    BOX_TOKEN.forget_on_change(Poll, PollChoice, AdministrativeUnit)
    connect_page_changes(on_page_saved_or_deleted, "surveys.box.page")
