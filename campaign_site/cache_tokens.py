"""Random version tokens for cached fragments: replace the token and every fragment keyed by it
stops matching, so nothing is purged and nothing stale is shown.

A token is replaced at once and again when the transaction commits: an answer rendered meanwhile
from the old rows is stored under a token that no longer matches. A lost token (evicted, or the
cache restarted) becomes a new random value, never an old one again, so it only causes misses.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

TOKEN_SECONDS = 60 * 60 * 24


class CacheToken:
    def __init__(self, key: str, seconds: int = TOKEN_SECONDS):
        self.key, self.seconds = key, seconds

    def current(self) -> str:
        """The token now (created if missing; `add` so concurrent creators agree)."""
        token = cache.get(self.key)
        if token is None:
            cache.add(self.key, secrets.token_hex(8), self.seconds)
            token = cache.get(self.key)
        return token

    def _replace(self) -> None:
        cache.set(self.key, secrets.token_hex(8), self.seconds)

    def forget(self) -> None:
        """Everything cached under the current token stops matching: now, and again after the commit."""
        self._replace()
        transaction.on_commit(self._replace, robust=True)

    def forget_on_change(self, *models) -> None:
        """Forget whenever a row of one of `models` is saved or deleted."""
        for model in models:
            uid = f"cache-token:{self.key}:{model._meta.label}"
            post_save.connect(self._on_change, sender=model, dispatch_uid=f"{uid}:save", weak=False)
            post_delete.connect(self._on_change, sender=model, dispatch_uid=f"{uid}:delete", weak=False)

    def forget_on_page_changes(self) -> None:
        """Forget whenever a page is published, unpublished, moved or renamed, a live page is saved
        or any page is deleted: what lists, links or counts pages (boxes, neighbours, listings)."""
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
            signal.connect(self._on_change, dispatch_uid=f"cache-token:{self.key}:{id(signal)}", weak=False)
        connect_page_changes(self._on_page_saved_or_deleted, f"cache-token:{self.key}:page")

    def _on_change(self, sender, **kwargs) -> None:
        self.forget()

    def _on_page_saved_or_deleted(self, sender, instance, **kwargs) -> None:
        if instance.live or kwargs.get("signal") is post_delete:
            self.forget()


def connect_page_changes(receiver, uid: str) -> None:
    """`receiver(sender, instance, **kwargs)` on every save and delete of a page of any type (and only
    of pages: a receiver without a sender would run on every ballot and heartbeat written)."""
    from wagtail.models import Page, get_page_models

    for model in {Page, *get_page_models()}:
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}:{model._meta.label}:save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}:{model._meta.label}:delete")
