"""The main menu: the home page's children shown in menus, cached per site and language.

Every public page renders the menu, and at 100,000 articles the tree query behind it costs more
than the rest of an uncached page; the cache is dropped whenever any page is published,
unpublished, moved or deleted (campaign_site/signal_handlers.py). With Wagtail's localisation the
English menu lists the children of the English home page (the site root's translation).
"""

from django.conf import settings
from django.core.cache import cache

MENU_KEY = "site-menu:{site_id}:{language}"
MENU_SECONDS = 60 * 60


def _root_for(site, language: str):
    """The site's root page in `language`: the root itself for the site's language, its translation
    otherwise (None when it has none)."""
    if language == settings.LANGUAGE_CODE or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return site.root_page
    return site.root_page.get_translations().filter(locale__language_code=language).first()


def menu_root(site, language: str | None = None) -> dict:
    """{"id", "title", "url_path", "items": [{"id", "title", "url_path"}]} of the site's root page in `language`
    and its children shown in menus, in menu order (cached; empty items when there is no such root)."""
    language = language or settings.LANGUAGE_CODE
    key = MENU_KEY.format(site_id=site.pk, language=language)
    entry = cache.get(key)
    if entry is None:
        root = _root_for(site, language)
        items = list(root.get_children().live().in_menu().values("id", "title", "url_path")) if root else []
        entry = {
            "id": root.pk if root else None,
            "title": root.title if root else "",
            "url_path": root.url_path if root else "/",
            "items": items,
        }
        cache.set(key, entry, MENU_SECONDS)
    return entry


def menu_entries(site, language: str | None = None) -> list[dict]:
    """[{"id", "title", "url_path"}] of the site's top-level pages in menu order (cached)."""
    return menu_root(site, language)["items"]


def forget_menus() -> None:
    from wagtail.models import Site

    cache.delete_many(
        [
            MENU_KEY.format(site_id=pk, language=code)
            for pk in Site.objects.values_list("pk", flat=True)
            for code, _name in settings.LANGUAGES
        ]
    )
