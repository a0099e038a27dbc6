"""Which Wagtail Site answers a request, remembered per process instead of queried per request.

Wagtail finds the site with a query on every request (`Site.find_for_request`, then the root page's
specific row for routing): about a fifth of an uncached page on this site. `CachedSiteMiddleware`
(after the page cache, before routing) sets `request._wagtail_site`, which Wagtail reads first, from
a per-process memo of (host, port) -> the pickled site with its root page and that page's specific
row. Each request unpickles its own copy, so no two requests share model instances.

The memo is stamped with a token in Django's cache (shared by every worker and machine), replaced
when a site is saved or deleted and when a site's root page is saved, moved or deleted (publishing
the home page, a new slug): every worker drops its memo on its next request. A site's other pages
are not in the memo. The same (host, port) matching as Wagtail's (`get_site_for_hostname`).
"""

from __future__ import annotations

import pickle
import threading

from django.db.models.signals import post_delete
from django.http.request import split_domain_port

from campaign_site.cache_tokens import CacheToken, connect_page_changes

SITES_TOKEN = CacheToken("campaign:site-lookup")
MAX_HOSTS = 64  # junk Host headers cannot grow the memo without bound

_memo: dict[tuple[str, int], bytes | None] = {}
_memo_token: list[str | None] = [None]
_lock = threading.Lock()


def _site_for(hostname: str, port: int):
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    root = site.root_page
    root.__dict__["specific"] = root.get_specific()  # what routing reads next (a cached_property)
    return site


def find_site(request):
    """The Site for `request` as Wagtail would find it (or None), from the memo when current."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    key = (hostname, port)
    token = SITES_TOKEN.current()
    with _lock:
        if _memo_token[0] != token:
            _memo.clear()
            _memo_token[0] = token
        stored = _memo.get(key, False)
    if stored is False:
        site = _site_for(hostname, port)
        stored = pickle.dumps(site) if site is not None else None
        with _lock:
            # Keep it only if no change happened meanwhile (the token is still the one read above).
            if _memo_token[0] == token and len(_memo) < MAX_HOSTS:
                _memo[key] = stored
        return site
    return pickle.loads(stored) if stored is not None else None  # noqa: S301 - our own bytes


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = find_site(request)
        return self.get_response(request)


# --- what makes the memo stale ---------------------------------------------------------------------


def _forget(sender=None, **kwargs) -> None:
    SITES_TOKEN.forget()


def _is_site_root(page) -> bool:
    from wagtail.models import Site

    return page.depth <= 2 or Site.objects.filter(root_page_id=page.pk).exists()


def _on_page_change(sender, instance, **kwargs) -> None:
    if kwargs.get("signal") is post_delete or _is_site_root(instance):
        SITES_TOKEN.forget()


def connect() -> None:
    """Called from CampaignSiteConfig.ready()."""
    from wagtail.models import Locale, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    SITES_TOKEN.forget_on_change(Site, Locale)
    connect_page_changes(_on_page_change, "campaign_site.site_lookup.page")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_page_change, dispatch_uid=f"campaign_site.site_lookup.{id(signal)}")
