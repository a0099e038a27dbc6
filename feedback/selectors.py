"""Reads of citizens' feedback: the public answers and ideas, the staff inbox, the numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from feedback.models import AnsweredQuestionPage, FeedbackItem, IdeaStatus, Kind, State
from feedback.models.choices import PUBLIC_IDEA_STATES
from feedback.permissions import feedback_permission_policy as policy

# --- Public ----------------------------------------------------------------------------------------


def item_by_code(code: str) -> FeedbackItem | None:
    return (
        FeedbackItem.objects.select_related("assigned_unit", "unit", "duplicate_of__assigned_unit")
        .filter(code=code)
        .first()
    )


def public_answers(*, kind: str = "", field: str = "", unit=None, faq: bool | None = None):
    pages = AnsweredQuestionPage.objects.live().public().select_related("unit").order_by("-answered_at", "-pk")
    if kind:
        pages = pages.filter(kind=kind)
    if field:
        pages = pages.filter(field=field)
    if unit is not None:
        pages = pages.filter(unit__path__startswith=unit.path)
    if faq is not None:
        pages = pages.filter(is_faq=faq)
    return pages


def latest_answers(limit: int = 3):
    return list(public_answers()[:limit])


def public_ideas():
    """Ideas shown to citizens: consented and accepted for handling, most supported first."""
    return (
        FeedbackItem.objects.filter(kind=Kind.IDEA, consent_publish=True, state__in=PUBLIC_IDEA_STATES)
        .select_related("assigned_unit")
        .annotate(support_count=Count("supports"))
        .order_by("-support_count", "-received_at")
    )


def supported_ids(voter_hash: str | None, ids) -> set[int]:
    if not voter_hash:
        return set()
    from feedback.models import IdeaSupport

    return set(IdeaSupport.objects.filter(voter_hash=voter_hash, item_id__in=ids).values_list("item_id", flat=True))


# --- Staff -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxFilter:
    kind: str = ""
    field: str = ""
    state: str = ""
    unit: object = None
    overdue: bool = False
    query: str = ""


def inbox(user, filters: InboxFilter = InboxFilter()):
    items = policy.instances_user_has_permission_for(user, "view").select_related("unit", "assigned_unit")
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.field:
        items = items.filter(field=filters.field)
    if filters.state:
        items = items.filter(state=filters.state)
    if filters.unit is not None:
        path = filters.unit.path
        items = items.filter(Q(assigned_unit__path__startswith=path) | Q(unit__path__startswith=path))
    if filters.overdue:
        items = items.overdue()
    if filters.query:
        items = items.filter(Q(code__iexact=filters.query.strip()) | Q(title__icontains=filters.query))
    return items.annotate(support_count=Count("supports")).order_by("-received_at", "-pk")


def item_for_staff(user, pk: int) -> FeedbackItem | None:
    return (
        policy.instances_user_has_permission_for(user, "view")
        .select_related("unit", "assigned_unit", "duplicate_of")
        .prefetch_related("attachments", "events__actor", "duplicates")
        .filter(pk=pk)
        .first()
    )


def overdue_items(user, limit: int = 10):
    items = policy.instances_user_has_permission_for(user, "view").overdue().select_related("assigned_unit")
    return items.order_by("due_at")[:limit], items.count()


# --- Numbers ---------------------------------------------------------------------------------------

COUNTED = ~Q(state__in=(State.SPAM, State.DUPLICATE))


@dataclass(frozen=True)
class StatsRow:
    month: dt.date
    unit: str
    received: int
    answered: int
    on_time: int
    overdue: int
    average_days: Decimal | None

    @property
    def on_time_share(self) -> Decimal | None:
        return share(self.on_time, self.answered)


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def stats(user, *, year: int | None = None, now=None) -> list[StatsRow]:
    """Per month of receipt and handling unit: received, answered, answered on time, overdue (still
    open past the due date), average days to answer. Spam and duplicates are not counted."""
    now = now or timezone.now()
    items = policy.instances_user_has_permission_for(user, "view").filter(COUNTED)
    if year:
        items = items.filter(received_at__year=year)
    late = Q(state__in=(State.PROCESSING, State.AWAITING_APPROVAL), due_at__lt=now)
    rows = (
        items.annotate(month=TruncMonth("received_at"))
        .values("month", "assigned_unit__name")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(state=State.ANSWERED)),
            on_time=Count("pk", filter=Q(state=State.ANSWERED, answered_at__lte=F("due_at"))),
            overdue=Count("pk", filter=late),
            average=Avg(
                ExpressionWrapper(F("answered_at") - F("received_at"), output_field=DurationField()),
                filter=Q(state=State.ANSWERED),
            ),
        )
        .order_by("month", "assigned_unit__name")
    )
    return [
        StatsRow(
            month=row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"],
            unit=row["assigned_unit__name"] or "",
            received=row["received"],
            answered=row["answered"],
            on_time=row["on_time"],
            overdue=row["overdue"],
            average_days=_days(row["average"]),
        )
        for row in rows
    ]


def _days(value) -> Decimal | None:
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, dt.timedelta) else float(value) / 1_000_000
    return (Decimal(seconds) / 86400).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def on_time_share(*, since=None, until=None) -> Decimal | None:
    """The share of answered items answered by their due date (None before any answer)."""
    items = FeedbackItem.objects.filter(state=State.ANSWERED)
    if since is not None:
        items = items.filter(answered_at__gte=since)
    if until is not None:
        items = items.filter(answered_at__lt=until)
    row = items.aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(answered_at__lte=F("due_at"))))
    return share(row["on_time"], row["total"])


def adopted_ideas(*, since=None, until=None) -> int:
    """Ideas marked adopted in the period."""
    items = FeedbackItem.objects.filter(kind=Kind.IDEA, idea_status=IdeaStatus.ADOPTED).filter(COUNTED)
    if since is not None:
        items = items.filter(idea_status_at__gte=since)
    if until is not None:
        items = items.filter(idea_status_at__lt=until)
    return items.count()
