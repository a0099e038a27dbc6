"""What other apps contribute to plans, registered from their own `wagtail_hooks.py`.

Content that can be linked to a plan task (it counts for the task's channels):

    @hooks.register(LINKABLE_CONTENT_HOOK)
    def articles() -> LinkableContent:
        return LinkableContent(key="article", label=..., model=NewsArticlePage,
                               channels=(Channel.WEB_PORTAL,), date_field="published_at")

The model needs a `plan_task` foreign key to `plans.PlanTask`. `published(queryset)` narrows the
model's rows to what has gone out (live pages by default).

What the site can measure for a computed indicator:

    @hooks.register(INDICATOR_SOURCES_HOOK)
    def news_sources() -> list[IndicatorSource]:
        return [IndicatorSource(key="articles_published", label=..., unit=IndicatorUnit.COUNT, measure=...)]

`measure(SourceQuery)` returns a Decimal, or None when there is nothing to measure yet (the plan
then reads "chưa có số liệu", never 0 and never an error).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from wagtail import hooks

LINKABLE_CONTENT_HOOK = "plans_linkable_content"
INDICATOR_SOURCES_HOOK = "plans_indicator_sources"


def _live_if_page(queryset):
    return queryset.live() if hasattr(queryset, "live") else queryset


@dataclass(frozen=True)
class LinkableContent:
    key: str
    label: str
    model: type
    channels: tuple[str, ...]
    date_field: str
    title_field: str = "title"
    published: Callable = _live_if_page


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
    takes_category: bool = False
    # Per-plan sources are batched by the caller across plans (see selectors.Measurements).
    per_plan: bool = False


def linkable_content() -> list[LinkableContent]:
    return [provide() for provide in hooks.get_hooks(LINKABLE_CONTENT_HOOK)]


def indicator_sources() -> dict[str, IndicatorSource]:
    sources: dict[str, IndicatorSource] = {}
    for provide in hooks.get_hooks(INDICATOR_SOURCES_HOOK):
        for source in provide():
            sources[source.key] = source
    return sources
