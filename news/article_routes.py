"""Which article a news index routes a slug to, remembered in Django's cache.

Routing an article URL loaded the article with one query (a join of the page and article tables,
about a fifth of an uncached article page, nearly all of it the ORM compiling the SQL). The routed
article's row is kept pickled under the news render token (news/fragments.py), which any publish,
unpublish, move, slug change, save of a live page or deletion replaces (at once and again after the
commit), so a changed article is read again on its next request. The token is read before the row,
so a row read during a change is stored under a token that no longer matches. Each request gets its
own copy (every cache backend pickles); slugs that match no article are not kept (junk addresses
cannot fill the cache).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from .fragments import FRAGMENT_SECONDS, render_token

ROUTE_SCHEMA = 2  # bump when NewsArticlePage's fields change (a pickled row of the old shape never loads)


def _key(index_page, slug: str, token: str) -> str:
    digest = hashlib.sha256(slug.encode()).hexdigest()[:32]
    return f"news:route:{ROUTE_SCHEMA}:{token}:{index_page.pk}:{digest}"


def article_for_slug(index_page, slug: str):
    """The child article of `index_page` with `slug`, live or not (Page.route checks), or None."""
    from .models import NewsArticlePage

    key = _key(index_page, slug, render_token())
    article = cache.get(key)
    if article is None:
        article = NewsArticlePage.objects.child_of(index_page).filter(slug=slug).first()
        if article is not None:
            cache.set(key, article, FRAGMENT_SECONDS)
    return article
