"""Which languages a page or a view exists in, for the language switcher and hreflang links.

A Wagtail page lists its live translations (Wagtail's localisation: the same translation_key in
another locale); a view mounted in i18n_patterns (the contact page) exists in every language.
Nothing is offered when there is only the page's own language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url

from campaign_site.cache_tokens import CacheToken, connect_page_changes
from campaign_site.public_url import absolute_url

_REQUEST_ATTR = "_campaign_alternates"
# A page's translations and their addresses, cached until any page or locale changes (publishing,
# unpublishing, moving or translating a page saves a page row): a warm page runs no query for them.
ALTERNATES_TOKEN = CacheToken("campaign:page-alternates")


@dataclass(frozen=True)
class Alternate:
    language: str  # "vi", "en"
    name: str  # the language's name in that language ("Tiếng Việt", "English")
    url: str  # the address on this site
    absolute_url: str
    current: bool


def language_names() -> dict[str, str]:
    return dict(settings.LANGUAGES)


def _alternates(pairs, current: str, request) -> list[Alternate]:
    names = language_names()
    order = list(names)
    found = sorted(((code, url) for code, url in pairs if code in names and url), key=lambda p: order.index(p[0]))
    if len(found) < 2:
        return []
    return [Alternate(code, names[code], url, absolute_url(url, request), code == current) for code, url in found]


def page_alternates(page, request=None) -> list[Alternate]:
    """The page and its live, public translations (two or more), in the order of LANGUAGES."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or getattr(page, "locale_id", None) is None:
        return []
    host = request.get_host() if request is not None else ""
    key = f"page-alternates:{ALTERNATES_TOKEN.current()}:{page.pk}:{host}"
    cached = cache.get(key)
    if cached is None:
        translations = page.get_translations(inclusive=True).live().public().select_related("locale")
        pairs = [(other.locale.language_code, other.get_url(request)) for other in translations.defer_streamfields()]
        cached = (pairs, page.locale.language_code)
        cache.set(key, cached, 60 * 60)
    pairs, current = cached
    return _alternates(pairs, current, request)


def _forget_alternates(sender=None, **kwargs) -> None:
    ALTERNATES_TOKEN.forget()


def connect() -> None:
    from wagtail.models import Locale, PageViewRestriction, Site

    connect_page_changes(_forget_alternates, "campaign_site.translations.alternates")
    ALTERNATES_TOKEN.forget_on_change(Locale, Site, PageViewRestriction)


def path_alternates(request) -> list[Alternate]:
    """For a view that answers in every language (mounted in i18n_patterns): its address in each."""
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    pairs = [(code, translate_url(request.path, code)) for code in language_names()]
    return _alternates(pairs, current, request)


def alternates_for(request, page=None, view_alternates=None) -> list[Alternate]:
    """What the shell shows for this request (computed once per request and page)."""
    if view_alternates is not None:
        return view_alternates
    if page is None or request is None:
        return []
    memo = request.__dict__.setdefault(_REQUEST_ATTR, {})
    if page.pk not in memo:
        memo[page.pk] = page_alternates(page, request)
    return memo[page.pk]
