"""What the site can measure by itself for a computed indicator.

Each `Source` turns a `SourceQuery` (the plan's year, an optional news category, the plan) into a
number, or None when there is nothing to measure yet — the page then reads "chưa có số liệu",
never 0 and never an error:
- counts of things that happen (articles, stories, bulletins, ballots, linked content) are None
  while nothing has happened in the year;
- shares are None while their denominator is empty (no ballots);
- "screens online" is None while no screen is registered (0 of 5 online is a real 0);
- any source whose app or selector is not installed is None.

Sources read other apps through their selectors (see the cross-app contracts) and their models
through `apps.get_model`, so this module imports no other app at load time.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from plans.choices import IndicatorUnit
from plans.periods import year_bounds


@dataclass(frozen=True)
class SourceQuery:
    year: int
    category: str = ""
    plan_id: int | None = None


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    unit: str
    measure: Callable[[SourceQuery], Decimal | None]
    takes_category: bool = False
    # Per-plan sources are batched by the caller across plans (see selectors.Measurements).
    per_plan: bool = False


def _selector(dotted: str):
    """The selector function `app.selectors.name`, or None while that app has not built it."""
    module_name, _sep, name = dotted.rpartition(".")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            return None
        raise
    return getattr(module, name, None)


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _count_or_none(count: int | None) -> Decimal | None:
    return Decimal(count) if count else None


def _date_field(model, candidates: tuple[str, ...]) -> str | None:
    names = {field.name for field in model._meta.get_fields()}
    return next((name for name in candidates if name in names), None)


def _count_live_pages_in_year(label: str, year: int, date_fields: tuple[str, ...]) -> Decimal | None:
    model = _model(label)
    if model is None:
        return None
    field = _date_field(model, date_fields)
    if field is None:
        return None
    if model._meta.get_field(field).get_internal_type() == "DateField":
        lookup = {f"{field}__year": year}
    else:
        start, end = year_bounds(year)
        lookup = {f"{field}__gte": start, f"{field}__lt": end}
    return _count_or_none(model.objects.live().filter(**lookup).count())


def articles_published(query: SourceQuery) -> Decimal | None:
    count_published_articles = _selector("news.selectors.count_published_articles")
    if count_published_articles is None:
        return None
    return _count_or_none(count_published_articles(year=query.year, category=query.category or None))


def stories_published(query: SourceQuery) -> Decimal | None:
    return _count_live_pages_in_year("news.ModelStoryPage", query.year, ("published_at", "first_published_at"))


def bulletins_published(query: SourceQuery) -> Decimal | None:
    return _count_live_pages_in_year("bulletins.BulletinPage", query.year, ("date", "first_published_at"))


def ballots_received(query: SourceQuery) -> Decimal | None:
    count_ballots = _selector("surveys.selectors.count_ballots")
    if count_ballots is None:
        return None
    since, until = year_bounds(query.year)
    return _count_or_none(count_ballots(since=since, until=until))


def satisfaction_share(query: SourceQuery) -> Decimal | None:
    share = _selector("surveys.selectors.satisfaction_share")
    if share is None:
        return None
    since, until = year_bounds(query.year)
    value = share(since=since, until=until)
    return None if value is None else Decimal(str(round(value, 2)))


def screens_online(query: SourceQuery) -> Decimal | None:
    count_screens = _selector("screens.selectors.count_screens")
    if count_screens is None or not count_screens():
        return None
    return Decimal(count_screens(online=True))


def linked_content(query: SourceQuery) -> Decimal | None:
    from plans.selectors import linked_totals_by_plan

    return _count_or_none(linked_totals_by_plan([query.plan_id]).get(query.plan_id, 0))


SOURCES: dict[str, Source] = {
    source.key: source
    for source in (
        Source(
            "articles_published",
            _("News articles published this year (optionally in one category)"),
            IndicatorUnit.COUNT,
            articles_published,
            takes_category=True,
        ),
        Source(
            "stories_published", _("Model-unit stories published this year"), IndicatorUnit.COUNT, stories_published
        ),
        Source("bulletins_published", _("Bulletins published this year"), IndicatorUnit.COUNT, bulletins_published),
        Source("ballots_received", _("Poll ballots received this year"), IndicatorUnit.COUNT, ballots_received),
        Source(
            "satisfaction_share",
            _("Share of ballots very satisfied or satisfied this year"),
            IndicatorUnit.PERCENT,
            satisfaction_share,
        ),
        Source("screens_online", _("Public screens online now"), IndicatorUnit.COUNT, screens_online),
        Source(
            "linked_content",
            _("Content linked to this plan's tasks"),
            IndicatorUnit.COUNT,
            linked_content,
            per_plan=True,
        ),
    )
}


def source_choices() -> list[tuple[str, str]]:
    """The model field's choices (a callable, so adding a source needs no migration)."""
    return [(source.key, source.label) for source in SOURCES.values()]


def get(key: str) -> Source | None:
    return SOURCES.get(key)
