"""Which URLs a page change makes stale, and purging them from the page cache and any frontend cache.

A published, unpublished, moved or deleted page invalidates: its own URLs (`get_cached_paths()`,
so a routable page's sub-routes too), its ancestors (the listings that show it, up to the home
page), and everything listing pages site-wide (feeds, sitemaps: `purge_publications`). Changes that
show on every page (a top-level section, which is in the main menu; a moved or renamed section,
whose descendants change URL) expire the whole page cache.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from campaign_site import cache as page_cache
from campaign_site import menu

logger = logging.getLogger(__name__)


def page_urls(page) -> list[str]:
    """Full URLs of the page (root URL + each cached path), or [] if it is not routable."""
    parts = page.get_url_parts()
    if not parts or parts[1] is None:
        return []
    _, root_url, page_path = parts
    specific = page.specific_deferred if isinstance(page, Page) else page
    return [root_url.rstrip("/") + page_path + path.lstrip("/") for path in specific.get_cached_paths()]


def listing_pages(page) -> list[Page]:
    """The page's ancestors below the tree root: the index pages and the home page that list it."""
    return list(page.get_ancestors().filter(depth__gt=1).defer_streamfields().specific())


def urls_for_change(page) -> list[str]:
    urls = page_urls(page)
    for ancestor in listing_pages(page):
        urls.extend(page_urls(ancestor))
    for root_url in {root.root_url for root in Site.get_site_root_paths()}:
        urls.append(root_url.rstrip("/") + "/")  # the home page of every site lists news
    return sorted(set(urls))


def shows_in_every_page(page) -> bool:
    """True for site roots and their children: the home page and the main menu's sections."""
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path):
            return page.url_path[len(root.root_path) :].count("/") <= 1
    return False


def purge_urls(urls, *, everything: bool = False) -> None:
    """After the transaction commits: expire the URLs' paths, feed-like answers and (optionally) all;
    then ask the frontend cache (Varnish, Cloudflare...) to purge the same URLs, as a background task."""
    urls = sorted(set(urls))

    def run():
        page_cache.purge_paths(urlsplit(url).path or "/" for url in urls)
        page_cache.purge_publications()
        if everything:
            page_cache.purge_all()
        if urls and getattr(settings, "WAGTAILFRONTENDCACHE", None):
            from wagtail.contrib.frontend_cache.utils import PurgeBatch

            PurgeBatch(urls).purge()

    transaction.on_commit(run, robust=True)


def purge_own_urls(page) -> None:
    """After the transaction commits: expire only the page's own URLs (its rating summary changed),
    in the page cache and any frontend cache; listings, feeds and sitemaps do not show it."""
    urls = page_urls(page)

    def run():
        page_cache.purge_paths(urlsplit(url).path or "/" for url in urls)
        if urls and getattr(settings, "WAGTAILFRONTENDCACHE", None):
            from wagtail.contrib.frontend_cache.utils import PurgeBatch

            PurgeBatch(urls).purge()

    transaction.on_commit(run, robust=True)


def purge_page(page, *, everything: bool = False) -> None:
    top_level = shows_in_every_page(page)
    if top_level:
        transaction.on_commit(menu.forget_menus, robust=True)  # the main menu lists these pages
    purge_urls(urls_for_change(page), everything=everything or top_level)
