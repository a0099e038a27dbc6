"""Reads: digests' articles and periods, list counts, the export, an issue's deliveries."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from news.selectors import live_articles

from . import composing
from .models import Delivery, DigestRun, Subscriber
from .models.deliveries import DeliveryStatus
from .models.subscribers import Digest, Origin, Status

DIGEST_DAYS = {Digest.DAILY: 1, Digest.WEEKLY: 7}
DIGEST_LIMIT = 30


def digest_key(frequency: str, day: dt.date) -> str:
    return f"{frequency}:{day.isoformat()}"


def parse_digest_key(key: str) -> tuple[str, dt.date]:
    frequency, _sep, day = key.partition(":")
    return frequency, dt.date.fromisoformat(day)


def digest_window(key: str) -> tuple[dt.datetime, dt.datetime]:
    """The local days before the key's day: yesterday (daily) or the seven days before (weekly)."""
    frequency, day = parse_digest_key(key)
    tz = timezone.get_current_timezone()
    end = timezone.make_aware(dt.datetime.combine(day, dt.time.min), tz)
    return end - dt.timedelta(days=DIGEST_DAYS[frequency]), end


def digest_articles(*, subscriber: Subscriber, digest_key: str) -> list:
    """Live articles first published in the key's window, of the reader's topics and places (all of
    them when none is chosen); newest first."""
    start, end = digest_window(digest_key)
    articles = live_articles().filter(first_published_at__gte=start, first_published_at__lt=end)
    category_ids = [category.pk for category in subscriber.categories.all()]
    units = list(subscriber.units.all())
    if category_ids:
        articles = articles.filter(category_id__in=category_ids)
    if units:
        about = Q()
        for unit in units:
            about |= Q(units__path__startswith=unit.path)
        articles = articles.filter(about).distinct()
    return list(articles.defer_streamfields().order_by("-first_published_at")[:DIGEST_LIMIT])


def digests_due(*, now: dt.datetime | None = None) -> list[str]:
    """The digest frequencies whose period for today has come (after the send time; weekly on its
    day) and not yet started."""
    now = timezone.localtime(now or timezone.now())
    chosen = composing.mail_settings()
    if now.time() < chosen.bulletin_send_time:
        return []
    due = [Digest.DAILY]
    if now.weekday() == chosen.weekly_digest_weekday:
        due.append(Digest.WEEKLY)
    started = set(
        DigestRun.objects.filter(key__in=[digest_key(f, now.date()) for f in due]).values_list("key", flat=True)
    )
    return [f for f in due if digest_key(f, now.date()) not in started]


def list_counts() -> tuple[list[dict], list[dict]]:
    """Active addresses per list: the bulletin, each digest, each internal list; and the waiting."""
    active = Subscriber.objects.active()
    rows = [
        {"label": "bulletin", "count": active.filter(wants_bulletin=True).count()},
        {"label": "daily", "count": active.filter(digest=Digest.DAILY).count()},
        {"label": "weekly", "count": active.filter(digest=Digest.WEEKLY).count()},
        {"label": "pending", "count": Subscriber.objects.filter(status=Status.PENDING).count()},
        {"label": "unsubscribed", "count": Subscriber.objects.filter(status=Status.UNSUBSCRIBED).count()},
        {"label": "inactive", "count": Subscriber.objects.filter(status=Status.INACTIVE).count()},
    ]
    internal = active.filter(origin=Origin.INTERNAL).values("list_name").annotate(n=Count("pk")).order_by("list_name")
    return rows, [{"label": row["list_name"], "count": row["n"]} for row in internal]


def export_rows() -> QuerySet[Subscriber]:
    return Subscriber.objects.order_by("email").prefetch_related("categories", "units")


def issue_failures(bulletin, *, limit: int = 50) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(bulletin=bulletin)
        .filter(Q(status=DeliveryStatus.FAILED) | Q(status=DeliveryStatus.QUEUED, attempts__gt=0))
        .select_related("subscriber")
        .order_by("-pk")[:limit]
    )


def recent_bulletins(*, limit: int = 30):
    from bulletins.models import BulletinPage

    return BulletinPage.objects.live().order_by("-date")[:limit]
