"""What makes a cached poll box (surveys/slots.py) stop matching.

The box beside articles and on the home page is cached under a *box token*: a random value replaced
whenever a Poll, a PollChoice or an AdministrativeUnit (the unit tree decides which poll a ward's
article shows) is saved or deleted. It is replaced at once and again after the commit, so an answer
computed meanwhile from the old rows is stored under a token that no longer matches.

Which poll an article shows is also cached per page (its unit); a page saved or deleted drops that
entry, now and after the commit. The opening and closing times of polls need no signal: every cached
answer carries the next boundary and is ignored from that moment (slots.py).
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

BOX_TOKEN_KEY = "surveys:box-token"  # noqa: S105 - a cache key, not a secret
TOKEN_SECONDS = 60 * 60 * 24  # a lost token only causes misses
PAGE_POLL_KEY = "surveys:page-poll:{token}:{page_id}"


def box_token() -> str:
    """The current box token (created if missing; `add` so concurrent creators agree)."""
    token = cache.get(BOX_TOKEN_KEY)
    if token is None:
        cache.add(BOX_TOKEN_KEY, secrets.token_hex(8), TOKEN_SECONDS)
        token = cache.get(BOX_TOKEN_KEY)
    return token


def page_poll_key(page_id: int, token: str | None = None) -> str:
    return PAGE_POLL_KEY.format(token=token or box_token(), page_id=page_id)


def _replace_token() -> None:
    cache.set(BOX_TOKEN_KEY, secrets.token_hex(8), TOKEN_SECONDS)


def forget_poll_boxes() -> None:
    """Every cached poll box and poll choice stops matching: now, and once more after the commit."""
    _replace_token()
    transaction.on_commit(_replace_token, robust=True)


def forget_page_poll(page_id: int) -> None:
    """The cached poll of one page (its units may have changed): now, and once more after the commit."""

    def forget():
        cache.delete(page_poll_key(page_id))

    forget()
    transaction.on_commit(forget, robust=True)


def _on_change(sender, **kwargs):
    forget_poll_boxes()


def _on_page_saved_or_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.pk is not None:
        forget_page_poll(instance.pk)


def connect() -> None:
    """Called from SurveysConfig.ready()."""
    from campaign_site.models import AdministrativeUnit

    from .models import Poll, PollChoice

    for model in (Poll, PollChoice, AdministrativeUnit):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"surveys.box.{model._meta.label}.save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"surveys.box.{model._meta.label}.delete")
    post_save.connect(_on_page_saved_or_deleted, dispatch_uid="surveys.box.page_saved")
    post_delete.connect(_on_page_saved_or_deleted, dispatch_uid="surveys.box.page_deleted")
