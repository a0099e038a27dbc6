"""Cached fragments of the article page: the parts that only change when content changes.

The article page's head meta, its body (with glossary <abbr> marks) and its share/QR, newer/older and
related links are rendered once and kept in Django's cache with `{% wagtailcache %}` (which renders
previews live). Their key (`fragment_key`) changes whenever what they show can change:

- the page itself: id, URL path, last publication and live revision (`Page.cache_key` and more);
- anything else they show (the titles and order of other articles, categories, tags, units, the
  glossary, images, documents, sites, view restrictions): one *render token*, replaced by a new
  random one whenever any of those changes (receivers below), so a publish never shows stale text
  and nothing needs purging. The token is replaced at once and again after the commit, so an
  answer rendered meanwhile from the old rows is stored under a token that no longer matches;
- the request's scheme and host (canonical and image URLs), the language and FRAGMENT_SCHEMA (bump
  it when the cached templates change in a way that must not wait for FRAGMENT_SECONDS).

The rating summary and the sidebar (the poll box) stay live: they are not inside the fragments.

The news index keeps its listing (filter form, article cards, pagination, date archive) the same way
(`listing_fragment_key`), for the unfiltered listing and its date archives only: a filtered listing or
an address with any other query parameter renders live, so junk query strings cannot fill the cache.
"""

from __future__ import annotations

from django.utils.translation import get_language

from campaign_site.cache_tokens import CacheToken

RENDER_TOKEN_KEY = "news:render-token"  # noqa: S105 - a cache key, not a secret
RENDER_TOKEN = CacheToken(RENDER_TOKEN_KEY)
FRAGMENT_SECONDS = 60 * 60
FRAGMENT_SCHEMA = 2

render_token = RENDER_TOKEN.current
forget_rendered_fragments = RENDER_TOKEN.forget  # now, and once more when the transaction commits


def fragment_key(request, page) -> str:
    """What the cached fragments of `page` depend on, as one string (`{% wagtailcache %}` hashes it)."""
    scheme_host = f"{request.scheme}://{request.get_host()}" if request is not None else ""
    return ":".join(
        str(part)
        for part in (
            FRAGMENT_SCHEMA,
            page.pk,
            page.cache_key,  # id, url_path, last_published_at
            page.live_revision_id,
            page.latest_revision_id,
            render_token(),
            scheme_host,
            get_language(),
        )
    )


LISTING_PARAMETERS = frozenset({"page"})  # the only query parameter a cached listing may carry


def listing_fragment_key(request, index_page, *, token: str, page_number: int, period=None) -> str:
    """The key of the news index's cached listing, or "" when this request's listing renders live
    (any query parameter but `page`, or a preview). `token`: the render token, read before any row."""
    if request is None or getattr(request, "is_preview", False) or not set(request.GET) <= LISTING_PARAMETERS:
        return ""
    if len(request.GET.getlist("page")) > 1:
        return ""
    from . import conf

    return ":".join(
        str(part)
        for part in (
            "listing",
            FRAGMENT_SCHEMA,
            index_page.pk,
            index_page.cache_key,  # id, url_path, last_published_at
            index_page.live_revision_id,
            token,
            f"{request.scheme}://{request.get_host()}",
            get_language(),
            conf.per_page(),
            page_number,  # the paginator's (clamped) number: one entry per real page
            *(period or ()),
        )
    )


# --- what replaces the render token ----------------------------------------------------------------


def connect() -> None:
    """Called from NewsConfig.ready(). A live page saved (publishing, a move, a direct save) or any
    page deleted changes newer/older, related links and internal links in bodies."""
    from taggit.models import Tag
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site

    from campaign_site.models import Abbreviation, AdministrativeUnit

    from .models import Category

    RENDER_TOKEN.forget_on_page_changes()
    RENDER_TOKEN.forget_on_change(
        Category,
        Tag,
        AdministrativeUnit,
        Abbreviation,
        get_image_model(),
        get_document_model(),
        Site,
        PageViewRestriction,
    )
