"""What can be searched: apps register their page types as search kinds, sitesearch never names them.

    @hooks.register(SEARCH_KINDS_HOOK)
    def news_search_kinds():
        return [SearchKind(key="tin", label=_("News"), models=(NewsArticlePage,), order=10)]

`key` is the value of the type filter in the address (?loai=tin); `date(page)` the date a result
shows (default: first publication); `anchor(page, folded_words)` an optional "#…" inside the page
for the best match (a bulletin's press item).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail import hooks

SEARCH_KINDS_HOOK = "sitesearch_kinds"


def _first_published(page) -> dt.date | dt.datetime | None:
    return page.first_published_at


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    models: tuple = ()
    order: int = 100
    date: Callable = field(default=_first_published)
    anchor: Callable | None = None

    def content_type_ids(self) -> list[int]:
        types = ContentType.objects.get_for_models(*self.models, for_concrete_models=False)
        return sorted(ct.pk for ct in types.values())


def search_kinds() -> list[SearchKind]:
    found: list[SearchKind] = []
    for provider in hooks.get_hooks(SEARCH_KINDS_HOOK):
        found.extend(provider() or [])
    return sorted(found, key=lambda kind: (kind.order, kind.key))


def kind_by_key(key: str | None) -> SearchKind | None:
    return next((kind for kind in search_kinds() if kind.key == key), None)


def kind_of(page) -> SearchKind | None:
    """The kind of a specific page (its exact class or a registered parent class)."""
    for kind in search_kinds():
        if isinstance(page, kind.models):
            return kind
    return None
