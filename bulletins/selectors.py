"""Reads other apps and the screens call; keyword-only arguments."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from . import conf
from .models import BulletinIndexPage, BulletinPage, FeedItem, FeedSource, ItemStatus


def _today() -> dt.date:
    return timezone.localdate()


def latest_bulletin(*, on: dt.date | None = None) -> BulletinPage | None:
    """The live bulletin for date `on` (default: today in Asia/Ho_Chi_Minh), or None."""
    return BulletinPage.objects.live().filter(date=on or _today()).first()


def current_bulletin(*, on: dt.date | None = None) -> BulletinPage | None:
    """The newest live bulletin dated on or before `on` (default today): what the home page shows."""
    return BulletinPage.objects.live().filter(date__lte=on or _today()).order_by("-date").first()


def bulletin_headlines(bulletin: BulletinPage | None, *, limit: int = 10) -> list[str]:
    """The bulletin's item headings in reading order (section order, then item order)."""
    if bulletin is None:
        return []
    headings = []
    for group in bulletin.grouped_items():
        headings.extend(item.heading for item in group["items"])
    return headings[:limit]


def count_published_bulletins(*, year: int) -> int:
    """Live bulletins dated in `year`."""
    return BulletinPage.objects.live().filter(date__year=year).count()


def bulletin_list(*, index: BulletinIndexPage | None = None) -> QuerySet[BulletinPage]:
    pages = BulletinPage.objects.live().order_by("-date")
    if index is not None:
        pages = pages.child_of(index)
    return pages


def archive_months(*, index: BulletinIndexPage | None = None) -> list[dict]:
    """[{'month': date(2024, 3, 1), 'count': 21}, ...], newest first."""
    rows = (
        bulletin_list(index=index)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month")
        .annotate(count=Count("id"))
        .order_by("-month")
    )
    return list(rows)


def bulletin_neighbours(bulletin: BulletinPage) -> tuple[BulletinPage | None, BulletinPage | None]:
    """(the previous live bulletin, the next one) by date, each with only what a link needs."""
    pages = BulletinPage.objects.live().only("id", "title", "url_path", "date")
    previous = pages.filter(date__lt=bulletin.date).order_by("-date").first()
    following = pages.filter(date__gt=bulletin.date).order_by("date").first()
    return previous, following


def inbox_items(
    *,
    day: dt.date | None = None,
    source_id: int | None = None,
    section_id: int | None = None,
    status: str | None = ItemStatus.NEW,
    include_excluded: bool = False,
) -> QuerySet[FeedItem]:
    """Candidate items for the editors' inbox, best score first."""
    items = FeedItem.objects.select_related("source", "suggested_section", "story_lead__source").annotate(
        copies_count=Count("copies", distinct=True)
    )
    if day is not None:
        items = items.filter(day=day)
    if source_id:
        items = items.filter(source_id=source_id)
    if section_id:
        items = items.filter(suggested_section_id=section_id)
    if status:
        items = items.filter(status=status)
    if not include_excluded:
        items = items.filter(is_excluded=False)
    return items.order_by("-score", "-published_at", "-pk")


def sources_health() -> QuerySet[FeedSource]:
    return FeedSource.objects.select_related("default_section").order_by("-consecutive_failures", "name")


def due_sources(*, now: dt.datetime | None = None) -> QuerySet[FeedSource]:
    now = now or timezone.now()
    return FeedSource.objects.filter(is_active=True, next_attempt_at__lte=now).filter(
        Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)
    )


def top_candidates(*, on: dt.date, limit: int | None = None) -> list[FeedItem]:
    """The best new items of `on` and the day before, one per story (and none of a story already
    picked), relevant ones only."""
    limit = limit or conf.draft_limit()
    items = (
        FeedItem.objects.filter(day__in=[on, on - dt.timedelta(days=1)], status=ItemStatus.NEW, is_excluded=False)
        .filter(score__gt=0)
        .select_related("source")
        .order_by("-score", "-published_at", "pk")
    )
    # Stories already in a bulletin (an item of theirs picked) are not offered again.
    window = dt.timedelta(days=conf.story_window_days())
    picked = FeedItem.objects.filter(day__gte=on - window, day__lte=on, status=ItemStatus.PICKED)
    stories = {lead or pk for pk, lead in picked.values_list("pk", "story_lead_id")}
    chosen = []
    for item in items[: limit * 4 + len(stories)]:
        story = item.story_lead_id or item.pk
        if story in stories:
            continue
        stories.add(story)
        chosen.append(item)
        if len(chosen) == limit:
            break
    return chosen


def last_feed_round():
    """When an active source was last fetched (None: never)."""
    return FeedSource.objects.filter(is_active=True).aggregate(last=Max("last_fetched_at"))["last"]
