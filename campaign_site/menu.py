"""The main menu: the home page's children shown in menus, cached per site.

Every public page renders the menu, and at 100,000 articles the tree query behind it costs more
than the rest of an uncached page; the cache is dropped whenever any page is published,
unpublished, moved or deleted (campaign_site/signal_handlers.py).
"""

from django.core.cache import cache

MENU_KEY = "site-menu:{site_id}"
MENU_SECONDS = 60 * 60


def menu_entries(site) -> list[dict]:
    """[{"id", "title", "url_path"}] of the site's top-level pages in menu order (cached)."""
    key = MENU_KEY.format(site_id=site.pk)
    entries = cache.get(key)
    if entries is None:
        children = site.root_page.get_children().live().in_menu().values("id", "title", "url_path")
        entries = list(children)
        cache.set(key, entries, MENU_SECONDS)
    return entries


def forget_menus() -> None:
    from wagtail.models import Site

    cache.delete_many([MENU_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)])
