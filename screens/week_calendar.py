"""What plays where in one week: the admin calendar's rows (screens) and cells (days).

Read from the approved messages and their schedules (start and end, days of the week, daily window),
in each screen's own time zone. Emergencies ignore days and windows, as on the screens; automatic
content (news, bulletin, poll, clock) is not listed.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from screens.models import Screen, ScreenMessage
from screens.models.messages import unit_path_ids

DAYS = 7


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Slot:
    message: ScreenMessage
    when: str  # "Cả ngày", "07:00–11:30"


@dataclass
class CalendarRow:
    screen: Screen
    days: list[list[Slot]] = field(default_factory=list)


def _aims_at(message: ScreenMessage, screen: Screen, path_ids: list[int]) -> bool:
    if message.target_screen_id:
        return message.target_screen_id == screen.pk
    if message.target_unit_id == screen.unit_id:
        return True
    return message.include_subunits and message.target_unit_id in path_ids


def _hhmm(moment: datetime, day_start: datetime) -> str:
    return "24:00" if moment - day_start >= timedelta(days=1) else f"{moment:%H:%M}"


def _slot(message: ScreenMessage, day: date, zone) -> Slot | None:
    """How `message` plays on `day` (local to the screen), or None when it does not."""
    day_start = datetime.combine(day, time.min, tzinfo=zone)
    day_end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    lo, hi = day_start, day_end
    if not message.is_emergency:
        if str(day.isoweekday()) not in message.days_of_week:
            return None
        if message.daily_start and message.daily_end:
            lo = datetime.combine(day, message.daily_start, tzinfo=zone)
            hi = datetime.combine(day, message.daily_end, tzinfo=zone)
    lo = max(lo, message.starts_at.astimezone(zone))
    if message.ends_at:
        hi = min(hi, message.ends_at.astimezone(zone))
    if lo >= hi:
        return None
    if lo == day_start and hi == day_end:
        return Slot(message, _("All day"))
    return Slot(message, f"{_hhmm(lo, day_start)}–{_hhmm(hi, day_start)}")


def rows_for_week(*, screens, monday: date) -> list[CalendarRow]:
    """One row per screen, seven lists of slots (Monday first), each ordered as the screen plays them."""
    screens = list(screens)
    if not screens:
        return []
    # Wide enough for any time zone; each day is then cut in the screen's own zone.
    first = datetime.combine(monday - timedelta(days=1), time.min, tzinfo=UTC)
    last = datetime.combine(monday + timedelta(days=DAYS + 1), time.min, tzinfo=UTC)
    messages = list(
        ScreenMessage.objects.approved()
        .filter(starts_at__lt=last)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=first))
        .filter(Q(target_screen__in=[s.pk for s in screens]) | Q(target_unit__isnull=False))
        .order_by("-priority", "starts_at", "pk")
    )
    rows = []
    for screen in screens:
        path_ids = unit_path_ids(screen.unit)
        aimed = [m for m in messages if _aims_at(m, screen, path_ids)]
        row = CalendarRow(screen)
        for offset in range(DAYS):
            day = monday + timedelta(days=offset)
            slots = [slot for m in aimed if (slot := _slot(m, day, screen.zone))]
            # An emergency overrides the rest while it runs: listed first.
            slots.sort(key=lambda slot: not slot.message.is_emergency)
            row.days.append(slots)
        rows.append(row)
    return rows
