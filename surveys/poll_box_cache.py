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

from django.core.cache import cache
from django.db import transaction

from campaign_site.cache_tokens import CacheToken

BOX_TOKEN = CacheToken("surveys:box-token")
PAGE_POLL_KEY = "surveys:page-poll:{token}:{page_id}"

box_token = BOX_TOKEN.current


def page_poll_key(page_id: int, token: str | None = None) -> str:
    return PAGE_POLL_KEY.format(token=token or box_token(), page_id=page_id)


def forget_page_poll(page_id: int) -> None:
    """The cached poll of one page (its units may have changed): now, and once more after the commit."""

    def forget():
        cache.delete(page_poll_key(page_id))

    forget()
    transaction.on_commit(forget, robust=True)
