"""Reads: article and story querysets with what their templates need, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model

from campaign_site.models import AdministrativeUnit

from .models import Category, ModelStoryPage, NewsArticlePage, Rating

LISTING_RENDITION = "fill-480x270"
ARTICLE_RENDITION = "width-960"


def _with_listing_relations(queryset: QuerySet) -> QuerySet:
    images = get_image_model().objects.prefetch_renditions(LISTING_RENDITION)
    return (
        queryset.defer_streamfields()
        .select_related("category")
        .prefetch_related(Prefetch("lead_image", queryset=images))
    )


def live_articles() -> QuerySet[NewsArticlePage]:
    return NewsArticlePage.objects.live().public()


def latest_articles(*, unit: AdministrativeUnit | None = None, limit: int = 10) -> QuerySet[NewsArticlePage]:
    """Newest live articles; with `unit`, those about it or any unit above it, plus city-wide ones."""
    queryset = live_articles()
    if unit is not None:
        links = NewsArticlePage.units.through.objects.filter(newsarticlepage_id=OuterRef("pk"))
        above = AdministrativeUnit.objects.ancestors_of(unit)
        # Subqueries rather than a join, so an article about several units appears once.
        queryset = queryset.filter(Exists(links.filter(administrativeunit__in=above)) | ~Exists(links))
    return _with_listing_relations(queryset).order_by("-published_at", "-pk")[:limit]


def count_published_articles(*, year: int, category: Category | str | None = None, unit=None) -> int:
    """Live articles published in `year` (site time zone); optionally of a category (instance or
    slug) and about a unit or any unit below it."""
    start, end = _local_range(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
    queryset = live_articles().filter(published_at__gte=start, published_at__lt=end)
    if category is not None:
        queryset = queryset.filter(
            **({"category__slug": category} if isinstance(category, str) else {"category": category})
        )
    if unit is not None:
        queryset = queryset.filter(units__path__startswith=unit.path).distinct()
    return queryset.count()


def count_published_stories(*, year: int) -> int:
    """Live model-unit stories published in `year` (site time zone)."""
    start, end = _local_range(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
    return ModelStoryPage.objects.live().filter(published_at__gte=start, published_at__lt=end).count()


def category_choices() -> list[tuple[str, str]]:
    """(slug, name) of every news category, by name."""
    return list(Category.objects.order_by("name").values_list("slug", "name"))


def _local_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min), tz),
        timezone.make_aware(dt.datetime.combine(end, dt.time.min), tz),
    )


def filtered_articles(
    *,
    index_page=None,
    category: Category | None = None,
    tag: Tag | None = None,
    unit: AdministrativeUnit | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> QuerySet[NewsArticlePage]:
    """The news index listing: articles under `index_page`, filtered; newest first."""
    queryset = live_articles()
    if index_page is not None:
        queryset = queryset.descendant_of(index_page)
    if category is not None:
        queryset = queryset.filter(category=category)
    if tag is not None:
        queryset = queryset.filter(tagged_items__tag=tag)
    if unit is not None:
        about = NewsArticlePage.units.through.objects.filter(administrativeunit__path__startswith=unit.path)
        queryset = queryset.filter(pk__in=about.values("newsarticlepage_id"))
    if period is not None:
        start, end = _local_range(*period)
        queryset = queryset.filter(published_at__gte=start, published_at__lt=end)
    return _with_listing_relations(queryset).order_by("-published_at", "-pk")


LISTING_VERSION_KEY = "news:listing-version"
COUNT_SECONDS = 300


def listing_version() -> int:
    return cache.get_or_set(LISTING_VERSION_KEY, 1, None)


def forget_listing_counts() -> None:
    """Called when an article is published, unpublished or bulk-created: new keys for every count."""
    try:
        cache.incr(LISTING_VERSION_KEY)
    except ValueError:
        cache.set(LISTING_VERSION_KEY, 2, None)


def cached_count(queryset: QuerySet, *key_parts) -> int:
    """queryset.count(), remembered until the listings change (counting 100,000 rows is the
    slowest query of a listing page)."""
    key = "news:count:" + ":".join(str(part) for part in (listing_version(), *key_parts))
    return cache.get_or_set(key, lambda: queryset.count(), COUNT_SECONDS)  # a lazy queryset is built on a miss only


# --- The date archive (counts cached until the listings change) -----------------------------------


def archive_months(*, index_page) -> list[dict]:
    """[{"month": date(2026, 3, 1), "count": 4}, ...] of the months with news under `index_page`,
    newest first, in the site's time zone."""

    def compute():
        rows = (
            live_articles()
            .descendant_of(index_page)
            .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
            .order_by()
            .values("month")
            .annotate(count=Count("id"))
            .order_by("-month")
        )
        return [{"month": _as_date(row["month"]), "count": row["count"]} for row in rows]

    key = f"news:archive-months:{listing_version()}:{index_page.pk}"
    return cache.get_or_set(key, compute, COUNT_SECONDS)


def archive_days(*, index_page, month: dt.date) -> dict[dt.date, int]:
    """{day: number of articles} for the days of `month` (its first day) that have news."""
    end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)

    def compute():
        start_at, end_at = _local_range(month, end)
        rows = (
            live_articles()
            .descendant_of(index_page)
            .filter(published_at__gte=start_at, published_at__lt=end_at)
            .annotate(day=TruncDate("published_at", tzinfo=timezone.get_current_timezone()))
            .order_by()
            .values("day")
            .annotate(count=Count("id"))
        )
        return {_as_date(row["day"]): row["count"] for row in rows}

    key = f"news:archive-days:{listing_version()}:{index_page.pk}:{month.isoformat()}"
    return cache.get_or_set(key, compute, COUNT_SECONDS)


def nearest_news_days(*, index_page, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """(the last day before `day` with news, the first day after it with news)."""
    start_at, end_at = _local_range(day, day + dt.timedelta(days=1))
    articles = live_articles().descendant_of(index_page).order_by()
    before = articles.filter(published_at__lt=start_at).order_by("-published_at").values_list("published_at", flat=True)
    after = articles.filter(published_at__gte=end_at).order_by("published_at").values_list("published_at", flat=True)
    return tuple(timezone.localdate(moment) if moment else None for moment in (before.first(), after.first()))


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def article_for_page(page: NewsArticlePage) -> dict:
    """Category, tags and units of one article, in three queries (the page itself is loaded)."""
    return {
        "category": Category.objects.filter(pk=page.category_id).first() if page.category_id else None,
        "tags": list(page.tags.all()),
        "units": list(page.units.all()),
    }


def neighbours(page: NewsArticlePage, *, limit: int = 3) -> tuple[list[NewsArticlePage], list[NewsArticlePage]]:
    """(newer, older): up to `limit` articles published just after `page` (newest first, as the
    "Những tin mới hơn" list reads) and just before it (nearest first)."""
    base = live_articles().exclude(pk=page.pk).defer_streamfields().only("id", "title", "url_path", "published_at")
    newer = list(
        # A range on published_at (not an OR) so the date index is used; ties broken by id.
        base.filter(published_at__gte=page.published_at)
        .exclude(published_at=page.published_at, pk__lt=page.pk)
        .order_by("published_at", "pk")[:limit]
    )
    older = list(
        base.filter(published_at__lte=page.published_at)
        .exclude(published_at=page.published_at, pk__gt=page.pk)
        .order_by("-published_at", "-pk")[:limit]
    )
    return newer[::-1], older


def related_articles(page: NewsArticlePage, *, tag_ids: list[int], limit: int = 4) -> list[NewsArticlePage]:
    """Articles sharing the most tags with `page`, then the newest of its category."""
    base = live_articles().exclude(pk=page.pk).defer_streamfields().only("id", "title", "url_path", "published_at")
    related: list[NewsArticlePage] = []
    if tag_ids:
        related = list(
            base.filter(tagged_items__tag_id__in=tag_ids)
            .annotate(shared=Count("tagged_items", distinct=True))
            .order_by("-shared", "-published_at")[:limit]
        )
    if len(related) < limit and page.category_id:
        seen = [article.pk for article in related]
        related += list(
            base.filter(category_id=page.category_id)
            .exclude(pk__in=seen)
            .order_by("-published_at")[: limit - len(related)]
        )
    return related


def rating_summary(page_id: int) -> dict:
    """{"count": n, "average": float | None}, aggregated from the rows, so no vote is ever lost."""
    return Rating.objects.filter(page_id=page_id).aggregate(count=Count("id"), average=Avg("stars"))


def own_rating(page_id: int, voter_digest: str) -> int | None:
    """The stars this browser gave the article, or None."""
    return Rating.objects.filter(page_id=page_id, voter_hash=voter_digest).values_list("stars", flat=True).first()


RATING_KEY = "news:rating:{page_id}"
RATING_SECONDS = 60 * 60


def cached_rating_summary(page_id: int) -> dict:
    """rating_summary() through the cache; `refresh_rating_summary` rewrites it after each new rating.
    `add`, not `set`: a summary read before a rating was committed never replaces the fresh one."""
    key = RATING_KEY.format(page_id=page_id)
    summary = cache.get(key)
    if summary is None:
        summary = rating_summary(page_id)
        cache.add(key, summary, RATING_SECONDS)
    return summary


def forget_rating_summary(page_id: int) -> None:
    cache.delete(RATING_KEY.format(page_id=page_id))


def refresh_rating_summary(page_id: int) -> dict:
    summary = rating_summary(page_id)
    cache.set(RATING_KEY.format(page_id=page_id), summary, RATING_SECONDS)
    return summary


def live_stories() -> QuerySet[ModelStoryPage]:
    return ModelStoryPage.objects.live().public()


def story_listing(*, index_page=None, unit: AdministrativeUnit | None = None) -> QuerySet[ModelStoryPage]:
    images = get_image_model().objects.prefetch_renditions(LISTING_RENDITION)
    queryset = live_stories()
    if index_page is not None:
        queryset = queryset.descendant_of(index_page)
    if unit is not None:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    return (
        queryset.defer_streamfields()
        .select_related("unit")
        .prefetch_related(Prefetch("lead_image", queryset=images), "figures")
        .order_by("-published_at", "-pk")
    )


def featured_stories(*, limit: int = 3) -> list[ModelStoryPage]:
    """Featured stories, newest first; topped up with the newest others when too few are featured."""
    stories = list(story_listing().filter(featured=True)[:limit])
    if len(stories) < limit:
        stories += list(story_listing().exclude(pk__in=[s.pk for s in stories])[: limit - len(stories)])
    return stories


def filter_choices() -> dict:
    """The categories, units and most used tags offered by the index filter form."""
    return {
        "categories": list(Category.objects.all()),
        "units": list(AdministrativeUnit.objects.active().order_by("path")),
        "tags": list(
            Tag.objects.filter(news_newsarticletag_items__isnull=False)
            .annotate(uses=Count("news_newsarticletag_items"))
            .order_by("-uses", "name")[:30]
        ),
    }
