"""Which Wagtail Site answers a request, remembered per process instead of queried per request.

Wagtail finds the site with a query on every request (`Site.find_for_request`, then the root page's
specific row for routing): about a fifth of an uncached page on this site. `CachedSiteMiddleware`
(after the page cache, before routing) sets `request._wagtail_site`, which Wagtail reads first, from
a per-process memo of (host, port) -> the pickled site with its root page, that page's specific
row and its children's (the site's sections, which routing reads next: `route_children`). Each
request unpickles its own copy, so no two requests share model instances.

The memo is stamped with a token in Django's cache (shared by every worker and machine), replaced
when a site is saved or deleted, when a site's root page, one of its children or one of theirs
is saved, published, unpublished or deleted, and on any page move: every worker drops its memo on its next
request. Deeper pages are not in the memo. The same (host, port) matching as Wagtail's
(`get_site_for_hostname`).
"""

from __future__ import annotations

import contextlib
import pickle
import threading

from django.db import InterfaceError, OperationalError
from django.db.models.signals import post_delete
from django.http import Http404
from django.http.request import split_domain_port

from campaign_site.cache_tokens import CacheToken, connect_page_changes

SITES_TOKEN = CacheToken("campaign:site-lookup")
MAX_HOSTS = 64  # junk Host headers cannot grow the memo without bound
MAX_CHILDREN = 100  # a root with more children routes them with a query, as Wagtail does
CHILDREN_ATTRIBUTE = "_site_lookup_children"

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
    specific = root.__dict__["specific"] = root.get_specific()  # what routing reads next (a cached_property)
    # The root as its own class, so its `localized` (HomePage: the active locale from active_locale)
    # is the one routing calls; and its locale row, which the home page reads.
    site.root_page = specific
    specific.locale  # noqa: B018 - loaded into the pickled copy
    children = list(root.get_children().specific()[: MAX_CHILDREN + 1])
    if len(children) <= MAX_CHILDREN:
        specific.__dict__[CHILDREN_ATTRIBUTE] = {child.slug: child for child in children}
    return site


def route_children(page, request, path_components):
    """Route below a memoised site root as `Page.route` does (the child by slug, live or not, then
    its own `route`), without the query; None when `page` carries no memoised children."""
    children = page.__dict__.get(CHILDREN_ATTRIBUTE)
    if children is None or not path_components:
        return None
    child = children.get(path_components[0])
    if child is None:
        raise Http404
    child._cached_parent_obj = page  # as Page.route does: get_parent() costs no query
    return child.route(request, path_components[1:])


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


_locales: dict[str, tuple[int, str]] = {}
_locales_token: list[str | None] = [None]


def active_locale():
    """`Locale.get_active()` (the locale of the active language, else the default one) from a
    per-process memo stamped by the same token as the sites (replaced when a locale changes)."""
    from django.utils.translation import get_language
    from wagtail.models import Locale

    language = get_language()
    token = SITES_TOKEN.current()
    with _lock:
        if _locales_token[0] != token:
            _locales.clear()
            _locales_token[0] = token
        row = _locales.get(language)
    if row is None:
        locale = Locale.get_active()
        row = (locale.pk, locale.language_code)
        with _lock:
            if _locales_token[0] == token and len(_locales) < MAX_HOSTS:
                _locales[language] = row
    return Locale.from_db(None, ["id", "language_code"], row)  # each caller its own instance


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            # The database is down: leave the lookup to Wagtail inside the view, where
            # DatabaseUnavailableMiddleware answers 503 (and /healthz says so itself).
            with contextlib.suppress(OperationalError, InterfaceError):
                request._wagtail_site = find_site(request)
        return self.get_response(request)


# --- what makes the memo stale ---------------------------------------------------------------------


def _forget(sender=None, **kwargs) -> None:
    SITES_TOKEN.forget()


def _in_memo(page) -> bool:
    """A page in the memo (a site root or a child of one), or a child of one: adding or removing a
    child changes its parent's `numchild`, which Wagtail's routing reads (`is_leaf`)."""
    from wagtail.models import Site

    if page.depth <= 4:  # the tree root, site roots below it, their sections and the sections' children
        return True
    steplen = page.steplen
    ancestors = [page.path[: len(page.path) - n * steplen] for n in range(3)]
    return Site.objects.filter(root_page__path__in=ancestors).exists()


def forget_sites() -> None:
    """For code that changes pages without signals (bulk inserts): every worker rebuilds its memo."""
    SITES_TOKEN.forget()


def _on_page_change(sender, instance, **kwargs) -> None:
    if kwargs.get("signal") is post_delete or _in_memo(instance):
        SITES_TOKEN.forget()


def connect() -> None:
    """Called from CampaignSiteConfig.ready()."""
    from wagtail.models import Locale, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    SITES_TOKEN.forget_on_change(Site, Locale)
    connect_page_changes(_on_page_change, "campaign_site.site_lookup.page")
    for signal in (page_published, page_unpublished):
        signal.connect(_on_page_change, dispatch_uid=f"campaign_site.site_lookup.{id(signal)}")
    post_page_move.connect(_forget, dispatch_uid="campaign_site.site_lookup.move")  # in or out of a memo
