"""What other apps contribute to plans, registered from their own `wagtail_hooks.py`.

Content that can be linked to a plan task (it counts for the task's channels):

    @hooks.register(LINKABLE_CONTENT_HOOK)
    def articles() -> LinkableContent:
        return LinkableContent(key="article", label=..., model=NewsArticlePage,
                               channels=(Channel.WEB_PORTAL,), date_field="published_at")

The model needs a `plan_task` foreign key to `plans.PlanTask` (see `plans.links.plan_task_field`).
`published(queryset)` narrows the model's rows to what has gone out (by default live pages, or
every row of a model that is not a page);
`url(obj, request)` gives an item's public address (a page's URL by default, else none).

What the site can measure for a computed indicator:

    @hooks.register(INDICATOR_SOURCES_HOOK)
    def news_sources() -> list[IndicatorSource]:
        return [IndicatorSource(key="articles_published", label=..., unit=IndicatorUnit.COUNT, measure=...)]

`measure(SourceQuery)` returns a Decimal, or None when there is nothing to measure yet (the plan
then reads "chưa có số liệu", never 0 and never an error). A source that can count one category
only gives `categories`, a callable listing (slug, name) pairs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from wagtail import hooks
from wagtail.models import Page

from plans.periods import day_bounds

LINKABLE_CONTENT_HOOK = "plans_linkable_content"
INDICATOR_SOURCES_HOOK = "plans_indicator_sources"


def _page_url(obj, request) -> str:
    return obj.get_url(request=request) or "" if isinstance(obj, Page) else ""


@dataclass(frozen=True)
class LinkableContent:
    key: str
    label: str
    model: type
    channels: tuple[str, ...]
    date_field: str
    title_field: str = "title"
    # Where the kind stands in the plan's tables and lists (declared, not left to app order).
    order: int = 100
    # Narrows the model's rows to what has gone out; None: live pages, or every row of a model.
    published: Callable | None = None
    url: Callable = _page_url

    @property
    def is_page(self) -> bool:
        return issubclass(self.model, Page)

    @property
    def date_is_datetime(self) -> bool:
        return self.model._meta.get_field(self.date_field).get_internal_type() == "DateTimeField"

    def published_rows(self):
        rows = self.model._default_manager.all()
        if self.published is not None:
            return self.published(rows)
        return rows.live() if self.is_page else rows

    def in_period(self, queryset, since: dt.date | None, until: dt.date | None):
        if since is None or until is None:
            return queryset
        if self.date_is_datetime:
            start, end = day_bounds(since, until)
            return queryset.filter(**{f"{self.date_field}__gte": start, f"{self.date_field}__lt": end})
        return queryset.filter(**{f"{self.date_field}__range": (since, until)})

    def title_of(self, obj) -> str:
        return getattr(obj, self.title_field)


@dataclass(frozen=True)
class SourceQuery:
    year: int
    category: str = ""
    plan_id: int | None = None


@dataclass(frozen=True)
class IndicatorSource:
    key: str
    label: str
    unit: str
    measure: Callable[[SourceQuery], Decimal | None]
    # (slug, name) pairs of the categories this source can narrow to; None when it cannot.
    categories: Callable[[], list[tuple[str, str]]] | None = None
    # Per-plan sources are batched by the caller across plans (see selectors.Measurements).
    per_plan: bool = False

    @property
    def takes_category(self) -> bool:
        return self.categories is not None


def count_or_none(count: int | None) -> Decimal | None:
    """A count as a measurement: nothing counted yet reads "no data", not 0."""
    return Decimal(count) if count else None


def linkable_content() -> list[LinkableContent]:
    kinds = [provide() for provide in hooks.get_hooks(LINKABLE_CONTENT_HOOK)]
    return sorted(kinds, key=lambda kind: (kind.order, kind.key))


def linkable_kind(key: str) -> LinkableContent | None:
    return next((content for content in linkable_content() if content.key == key), None)


def indicator_sources() -> dict[str, IndicatorSource]:
    sources: dict[str, IndicatorSource] = {}
    for provide in hooks.get_hooks(INDICATOR_SOURCES_HOOK):
        for source in provide():
            sources[source.key] = source
    return sources


def indicator_source(key: str) -> IndicatorSource | None:
    return indicator_sources().get(key)


def source_choices() -> list[tuple[str, str]]:
    """The indicator's source field choices (a callable, so adding a source needs no migration)."""
    return [(source.key, source.label) for source in indicator_sources().values()]


def category_choices() -> list[tuple[str, str]]:
    """Every category any source can narrow to, by slug."""
    choices: dict[str, str] = {}
    for source in indicator_sources().values():
        if source.categories is not None:
            choices.update(source.categories())
    return list(choices.items())
